/**
 * The History view in Chromium on a real workspace (a clone of a bare origin) and a real
 * journal: filters kept in the address across a reload, a release's timeline with its override
 * and inert journal text, the delivery metrics in words and charts, and conformance of master
 * on request. Screens at 1024×700 and 1440×900 go to test-results/history-screens/.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { stringify } from 'yaml';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import { releaseStory } from '../fixtures/release-events';
import { expect, test } from './harness';

const exec = promisify(execFile);
const SCREENS = path.resolve(import.meta.dirname, '../../test-results/history-screens');
const INJECTION = '<img src=x onerror="document.title=1">';
const workspace = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-history-'));
const userData = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-history-data-'));
const clone = path.join(workspace, 'clone');

test.use({ deskWorkspace: workspace, deskUserData: userData });

test.beforeAll(async () => {
  const git = (...args: string[]) => exec('git', ['-c', 'user.name=T', '-c', 'user.email=t@welkin.example', '-c', 'commit.gpgsign=false', ...args], { cwd: clone }).then((run) => run.stdout.trim());
  await exec('git', ['init', '--quiet', '--bare', '--initial-branch=master', path.join(workspace, 'origin.git')]);
  await exec('git', ['clone', '--quiet', path.join(workspace, 'origin.git'), clone]);
  await git('checkout', '--quiet', '-B', 'master');
  await writeFile(path.join(clone, 'README'), 'hello');
  await git('add', '--all');
  await git('commit', '--quiet', '-m', 'initial');
  await git('checkout', '--quiet', '-b', 'feature/a');
  await writeFile(path.join(clone, 'a.txt'), 'a');
  await git('add', '--all');
  await git('commit', '--quiet', '-m', 'feature a');
  await git('checkout', '--quiet', 'master');
  await git('merge', '--quiet', '--no-ff', '-m', 'Merge feature/a (release r1)', 'feature/a');
  const mergeCommit = await git('rev-parse', 'HEAD');
  await git('push', '--quiet', 'origin', 'master');
  const commands = { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' };
  await writeFile(
    path.join(workspace, 'release-desk.yml'),
    stringify({
      version: 1,
      name: 'History test',
      repository: { path: './clone' },
      ci: { provider: 'local' },
      localTests: { command: 'true' },
      environments: { production: { commands }, staging: { commands } },
      people: { coordinators: ['alice@welkin.example'], onCall: ['dave'], signOff: ['erin', 'frank@welkin.example'] },
    }),
  );
  const story = releaseStory({ start: '2026-11-02T09:00:00.000Z' });
  story.plan({ branch: 'feature/a' }).stage1().signOffAll().preflight().at('2026-11-02T12:00:00.000Z').switchover().verdict('healthy');
  story.add('release-notes', { commits: [{ sha: 'a'.repeat(40), subject: 'feature a', author: 'erin', committedAt: '2026-11-02T10:01:00.000Z' }] });
  story.startStep('merge').finishStep('merge', 'succeeded', { mergeCommit, mergeMethod: 'git' }).add('merged', { method: 'git', mergeCommit });
  story.at('2026-11-04T09:00:00.000Z').plan({ branch: 'feature/b' }).stage1().signOff('erin').override('switchover', `frank is away ${INJECTION}`, 'mallory', 'frank@welkin.example has not signed off');
  story.preflight().at('2026-11-04T12:00:00.000Z').switchover().verdict('faulty').rollback().unlock();
  const staging = releaseStory({ environment: 'staging', start: '2026-11-06T09:00:00.000Z' }).plan({ branch: 'feature/c' }).abort();
  const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userData, workspace)) });
  for (const draft of story.drafts) await journal.append(() => draft);
  // The staging story numbers its release r1 too: in one journal it is named after its own plan's seq.
  const offset = story.events.length;
  for (const draft of staging.drafts) await journal.append(() => ({ ...draft, releaseId: `r${offset + 1}` }));
});

test.afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
  await rm(userData, { recursive: true, force: true });
});

async function openHistory(page: Page) {
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('table', { name: 'Releases' })).toBeVisible();
}

test('filters narrow the list and survive a reload', async ({ deskPage }) => {
  await openHistory(deskPage);
  const table = deskPage.getByRole('table', { name: 'Releases' });
  await expect(table.getByRole('row')).toHaveCount(4);
  const filters = deskPage.getByRole('form', { name: 'Filter releases' });
  await filters.getByLabel('Outcome').selectOption('rolled-back');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(deskPage.getByText('1 of 3 releases match the filters.')).toBeVisible();
  await filters.getByLabel('Outcome').selectOption('');
  await filters.getByLabel('Person').fill('MALLORY');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('feature/b');
  await filters.getByLabel('Person').fill('');
  await filters.getByLabel('Environment').selectOption('staging');
  await expect(table.getByRole('row')).toHaveCount(2);
  await filters.getByLabel('Planned from').fill('2026-11-03');
  await expect(table.getByRole('row')).toHaveCount(2);
  expect(new URL(deskPage.url()).hash).toBe('#/history?env=staging&from=2026-11-03');

  await deskPage.reload();
  await expect(deskPage.getByRole('table', { name: 'Releases' }).getByRole('row')).toHaveCount(2);
  await expect(deskPage.getByRole('form', { name: 'Filter releases' }).getByLabel('Environment')).toHaveValue('staging');
  await deskPage.getByRole('button', { name: 'Clear filters' }).click();
  await expect(deskPage.getByRole('table', { name: 'Releases' }).getByRole('row')).toHaveCount(4);
});

test('a release opens as its timeline: the override stands out, journal text is inert', async ({ deskPage }) => {
  await openHistory(deskPage);
  await deskPage.getByRole('button', { name: /^Open release r\d+ of feature\/b$/ }).click();
  const record = deskPage.getByRole('region', { name: 'Recorded release' });
  const timeline = record.getByRole('region', { name: /^Timeline of r\d+: \d+ events, 1 override$/ });
  await expect(timeline).toBeVisible();
  const override = timeline.locator('.timeline-override');
  await expect(override).toContainText('Override: switchover');
  await expect(override).toContainText('by mallory');
  await expect(override).toContainText('frank@welkin.example has not signed off');
  await expect(override).toContainText(`frank is away ${INJECTION}`);
  await expect(timeline.locator('img')).toHaveCount(0);
  await expect(timeline).toContainText('Marked faulty');
  await expect(timeline).toContainText('Rolled back from 3f1c2ab to 9e0d7c1');
  // Opened releases are in the address too.
  expect(new URL(deskPage.url()).hash).toMatch(/release=r\d+/);
  await deskPage.reload();
  await expect(deskPage.getByRole('region', { name: /^Timeline of r\d+/ })).toBeVisible();
});

test('delivery metrics in words and charts; conformance of master on request', async ({ deskPage, problems }) => {
  await openHistory(deskPage);
  const metrics = deskPage.getByRole('region', { name: 'Delivery metrics' });
  const words = metrics.getByRole('list', { name: 'Delivery metrics in words' });
  await expect(words).toContainText('releases: 3 planned, 2 live, 1 never live');
  await expect(words).toContainText('change failure rate: 50% (1 of 2 live)');
  await expect(words).toContainText('change lead time: median 2 h 0 min, p90 2 h 0 min (1 release; 1 without commit times)');
  await expect(words).toContainText('time to restore: median');
  await expect(metrics.getByTestId('chart-deployments').locator('canvas')).toHaveCount(1);
  await expect(metrics.getByTestId('chart-lead-time').locator('canvas')).toHaveCount(1);
  // One environment: the metrics follow the filter.
  await deskPage.getByRole('form', { name: 'Filter releases' }).getByLabel('Environment').selectOption('staging');
  await expect(words).toContainText('releases: 1 planned, 0 live, 1 never live');
  await expect(words).toContainText('change failure rate: no figure (nothing went live)');
  // The date range bounds the period too.
  await deskPage.getByRole('form', { name: 'Filter releases' }).getByLabel('Environment').selectOption('');
  await deskPage.getByRole('form', { name: 'Filter releases' }).getByLabel('Planned from').fill('2026-11-01');
  await deskPage.getByRole('form', { name: 'Filter releases' }).getByLabel('to').fill('2026-11-03');
  await expect(metrics).toContainText('Delivery metrics, every environment, 2026-11-01 to 2026-11-03 (3.0 days)');
  await expect(words).toContainText('releases: 1 planned, 1 live, 0 never live');

  const conformance = deskPage.getByRole('region', { name: 'Policy conformance' });
  await conformance.getByRole('button', { name: 'Check the main branch' }).click();
  await expect(conformance).toContainText('Not conformant: 2 commits on refs/remotes/origin/master; merged by a release 1');
  await expect(conformance).toContainText('a pull request outside Release Desk and a direct push cannot be told apart');
  await expect(conformance.getByRole('list', { name: 'Commits that did not come through a release' })).toContainText('"initial"');
  // Charts, metrics and conformance load nothing the page's CSP refuses (no zod in the page).
  expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
});

for (const [width, height] of [
  [1024, 700],
  [1440, 900],
] as const) {
  test(`usable at ${width}×${height}: no sideways scrolling, filters and record in view`, async ({ deskPage }) => {
    await deskPage.setViewportSize({ width, height });
    await openHistory(deskPage);
    await deskPage.getByRole('button', { name: /^Open release r\d+ of feature\/b$/ }).click();
    await expect(deskPage.getByRole('region', { name: /^Timeline of r\d+/ })).toBeVisible();
    await expect(deskPage.getByRole('list', { name: 'Delivery metrics in words' })).toBeVisible();
    await expect(deskPage.getByRole('form', { name: 'Filter releases' })).toBeInViewport();
    const overflow = await deskPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await deskPage.screenshot({ path: path.join(SCREENS, `history-${width}.png`), fullPage: true });
    // The view scrolls inside the main column: its parts are shot one by one.
    await deskPage.getByRole('region', { name: /^Timeline of r\d+/ }).screenshot({ path: path.join(SCREENS, `history-timeline-${width}.png`) });
    await deskPage.getByRole('region', { name: 'Delivery metrics' }).screenshot({ path: path.join(SCREENS, `history-metrics-${width}.png`) });
  });
}
