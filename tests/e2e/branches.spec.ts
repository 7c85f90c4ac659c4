import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startDemo, stopDemo } from '../../electron/services/demo';
import type { Page } from '@playwright/test';
import { expect, test } from './harness';

// The Branches board on the real demo world: a real git origin, the local CI provider
// running each branch's own tests, local test runs and sign-offs through the real services.
const demoDir = path.join(os.tmpdir(), `desk-e2e-demo-${process.pid}`);

test.describe.configure({ mode: 'serial' });
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
  const table = deskPage.getByRole('table', { name: 'Branches' });
  await expect(table).toBeVisible();
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
  await expect(rowOf(deskPage, 'feature/ci-failing').getByRole('list')).toContainText('CI failed: local-ci', { timeout: 30_000 });
  await expect(rowOf(deskPage, 'feature/conflicting').getByRole('list')).toContainText('Conflicts');
  await expect(rowOf(deskPage, 'feature/behind-master').getByRole('list')).toContainText('Behind by 1');
  const ready = rowOf(deskPage, 'feature/ready');
  await expect(ready.getByRole('list')).not.toContainText('CI', { timeout: 30_000 });
  await expect(ready.getByRole('list')).toContainText('Local tests not run');
  await expect(ready.getByRole('list')).toContainText('No sign-off');
  await expect(ready).toContainText('Blocked');
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});

test('filters and search narrow the board', async ({ deskPage }) => {
  await expect(rowOf(deskPage, 'feature/ready')).toHaveCount(1);
  await deskPage.getByRole('searchbox', { name: 'Search branches' }).fill('conflict');
  await expect(deskPage.getByRole('table', { name: 'Branches' }).getByRole('row')).toHaveCount(2);
  await deskPage.getByRole('searchbox', { name: 'Search branches' }).fill('');
  await deskPage.getByRole('radio', { name: 'Eligible' }).check();
  await expect(deskPage.getByText('No branch matches this filter.')).toBeVisible();
});

test('running local tests updates the board live, and signing off makes the branch eligible', async ({ deskPage }) => {
  const ready = rowOf(deskPage, 'feature/ready');
  await expect(ready.getByRole('list')).not.toContainText('CI', { timeout: 30_000 });
  await ready.getByRole('button', { name: 'feature/ready' }).click();
  const detail = deskPage.getByRole('region', { name: 'feature/ready' });
  await expect(detail).toBeVisible();

  await detail.getByRole('button', { name: 'Run local tests' }).click();
  await expect(detail.getByRole('log', { name: 'Local test output' })).toContainText('pass', { timeout: 30_000 });
  await expect(detail.getByRole('status').filter({ hasText: 'Local tests passed on' })).toBeVisible({ timeout: 30_000 });
  await expect(ready.getByRole('list')).not.toContainText('Local tests not run');
  await expect(ready.getByRole('list')).toContainText('No sign-off');

  const submit = detail.getByRole('button', { name: 'I tested this manually' });
  await expect(submit).toBeDisabled();
  const checklist = detail.getByRole('group', { name: /Checklist for/ });
  for (const box of await checklist.getByRole('checkbox').all()) await box.check();
  await submit.click();
  await expect(detail.getByRole('status').filter({ hasText: 'Signed off' })).toContainText('as carol@welkin.example');
  await expect(ready).toContainText('Eligible');
  await expect(detail.getByLabel('Readiness summary')).toHaveText('eligible for release');
});
