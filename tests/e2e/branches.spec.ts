import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startDemo, stopDemo } from '../../electron/services/demo';
import type { Page } from '@playwright/test';
import { boardSettled } from './board-state';
import { expect, test } from './harness';

// The Branches board on the real demo world: a real git origin, the local CI provider
// running each branch's own tests, local test runs and sign-offs through the real services.
// The demo team's earlier work is there from the start (feature/ready is tested and signed
// off by Dave; feature/needs-sign-off is tested and waits for a sign-off).
const demoDir = path.join(os.tmpdir(), `desk-e2e-demo-${process.pid}`);

// Not serial: each test waits for the state it needs, and one failure must not skip the rest.
// Each test opens the demo with fresh user data: the team's earlier test runs, the local CI
// and the test's own run all really run, on 2 cores.
test.setTimeout(90_000);
test.use({ deskWorkspace: demoDir });

test.beforeAll(async () => {
  await startDemo(demoDir);
});

test.afterAll(async () => {
  await stopDemo(demoDir);
  await rm(demoDir, { recursive: true, force: true });
});

const rowOf = (page: Page, branch: string) =>
  page.getByRole('table', { name: 'Branches' }).getByRole('row').filter({ has: page.getByRole('button', { name: branch, exact: true }) });

test('the board shows every demo branch with its state and blockers', async ({ deskPage, problems }) => {
  // The state the test needs: the first board is in and every CI result has arrived.
  await boardSettled(deskPage);
  for (const branch of [
    'feature/ready',
    'feature/ci-failing',
    'feature/behind-master',
    'feature/conflicting',
    'feature/needs-sign-off',
    'feature/faulty-release',
  ]) {
    await expect(rowOf(deskPage, branch)).toHaveCount(1);
  }
  // The local CI provider tests each head; its verdicts arrive live.
  await expect(rowOf(deskPage, 'feature/ci-failing').getByRole('list')).toContainText('CI failed: local-ci');
  await expect(rowOf(deskPage, 'feature/conflicting').getByRole('list')).toContainText('Conflicts');
  await expect(rowOf(deskPage, 'feature/behind-master').getByRole('list')).toContainText('Behind by 1');
  await expect(rowOf(deskPage, 'feature/ci-failing').getByRole('list')).toContainText('Local tests not run');
  for (const eligible of ['feature/ready', 'feature/faulty-release']) {
    await expect(rowOf(deskPage, eligible)).toContainText('Eligible');
  }
  const needsSignOff = rowOf(deskPage, 'feature/needs-sign-off');
  await expect(needsSignOff.getByRole('listitem')).toHaveText(['No sign-off']);
  await expect(needsSignOff).toContainText('Blocked');
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});

test('filters and search narrow the board', async ({ deskPage }) => {
  // feature/ready is eligible once its CI has reported; the seeded runs are read before the first board.
  await boardSettled(deskPage);
  await expect(rowOf(deskPage, 'feature/ready')).toContainText('Eligible');
  await deskPage.getByRole('searchbox', { name: 'Search branches' }).fill('conflict');
  await expect(deskPage.getByRole('table', { name: 'Branches' }).getByRole('row')).toHaveCount(2);
  await deskPage.getByRole('searchbox', { name: 'Search branches' }).fill('');
  await deskPage.getByRole('radio', { name: 'Eligible' }).check();
  const shown = deskPage.getByRole('table', { name: 'Branches' }).getByRole('row').getByRole('button');
  await expect(shown).toHaveText(['feature/faulty-release', 'feature/ready']);
  // Who "me" is, and why Mine is empty (the demo's branches are the team's, not Carol's).
  await expect(deskPage.getByLabel('Who you are')).toHaveText("You are carol@welkin.example (this clone's git config user.email).");
  await deskPage.getByRole('radio', { name: 'Mine' }).check();
  await expect(deskPage.getByRole('status').filter({ hasText: 'Mine is empty' })).toHaveText(
    "Mine is empty: no branch's last commit was authored as carol@welkin.example.",
  );
});

test('running local tests updates the board live', async ({ deskPage }) => {
  await boardSettled(deskPage);
  const failing = rowOf(deskPage, 'feature/ci-failing');
  await expect(failing.getByRole('list')).toContainText('Local tests not run');
  await failing.getByRole('button', { name: 'feature/ci-failing' }).click();
  const detail = deskPage.getByRole('region', { name: 'feature/ci-failing' });
  await detail.getByRole('button', { name: 'Run local tests' }).click();
  await expect(detail.getByRole('log', { name: 'Local test output' })).toContainText('# fail 1', { timeout: 60_000 });
  await expect(detail.getByRole('status').filter({ hasText: 'Local tests failed on' })).toBeVisible({ timeout: 60_000 });
  await expect(failing.getByRole('list')).toContainText('Local tests failed');
  await expect(failing.getByRole('list')).not.toContainText('Local tests not run');
});

test('signing off makes the branch eligible', async ({ deskPage }) => {
  await boardSettled(deskPage);
  const row = rowOf(deskPage, 'feature/needs-sign-off');
  await expect(row.getByRole('listitem')).toHaveText(['No sign-off']);
  await row.getByRole('button', { name: 'feature/needs-sign-off' }).click();
  const detail = deskPage.getByRole('region', { name: 'feature/needs-sign-off' });
  await expect(detail).toBeVisible();

  const submit = detail.getByRole('button', { name: 'I tested this manually' });
  await expect(submit).toBeDisabled();
  // Who signs is said before submitting, not after.
  await expect(detail.getByLabel('Who signs')).toHaveText("You sign as carol@welkin.example (this clone's git config user.email).");
  const checklist = detail.getByRole('group', { name: /Checklist for/ });
  for (const box of await checklist.getByRole('checkbox').all()) await box.check();
  await submit.click();
  await expect(detail.getByRole('status').filter({ hasText: 'Signed off' })).toContainText('as carol@welkin.example');
  await expect(row).toContainText('Eligible');
  // The badge says Eligible; the summary beside it does not say it again.
  await expect(detail.getByLabel('Readiness summary')).toHaveText('Every condition for release is met.');
});

test('the first board shows the branches as soon as git is read, CI and local tests filling in after', async ({ deskPage }) => {
  // A fresh records folder: the demo team's earlier test runs really run before CI and the
  // records can be read, which takes seconds; git's facts do not wait for them.
  const table = deskPage.getByRole('table', { name: 'Branches' });
  const ready = rowOf(deskPage, 'feature/ready');
  await expect(ready.getByRole('listitem').filter({ hasText: 'CI: reading…' })).toBeVisible();
  await expect(ready).toContainText('Reading…');
  // Git's own verdicts are there already.
  await expect(rowOf(deskPage, 'feature/behind-master').getByRole('list')).toContainText('Behind by 1');
  await boardSettled(deskPage);
  await expect(table).not.toContainText('reading…');
  await expect(ready).toContainText('Eligible');
});
