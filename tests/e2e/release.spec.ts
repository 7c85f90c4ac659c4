/**
 * A whole release in the real UI on the real demo world: planned from the Branches board,
 * Stage 1 (the preview link shows and its address answers), sign-off, Stage 2 switchover,
 * marked healthy, merged — then production's version (over HTTP, from the workspace's health
 * probe) and the origin's master branch (git) both hold the release SHA. And the refusal when
 * someone not on call tries Stage 2 without a reason, then goes on with a written override.
 */
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from '@playwright/test';
import { parseDocument } from 'yaml';
import { demoPaths, startDemo, stopDemo } from '../../electron/services/demo';
import { expect, test as base } from './harness';

const run = promisify(execFile);
const opened: string[] = [];

interface DemoFixtures {
  /** Who is on call in the demo's release-desk.yml; undefined keeps the demo's own list. */
  onCall: readonly string[] | undefined;
  demo: ReturnType<typeof demoPaths>;
}

// Each test gets its own demo world: a release merged into master leaves the other demo
// branches behind it, and so no longer eligible.
const test = base.extend<DemoFixtures>({
  onCall: [undefined, { option: true }],
  demo: async ({ onCall }, use, testInfo) => {
    const dir = path.join(os.tmpdir(), `desk-e2e-release-${process.pid}-${testInfo.testId}`);
    await startDemo(dir);
    const paths = demoPaths(dir);
    if (onCall !== undefined) {
      const document = parseDocument(await readFile(paths.config, 'utf8'));
      document.setIn(['people', 'onCall'], [...onCall]);
      await writeFile(paths.config, document.toString());
    }
    await use(paths);
    await stopDemo(dir);
    await rm(dir, { recursive: true, force: true });
  },
  deskWorkspace: async ({ demo }, use) => {
    await use(demo.dir);
  },
});

test.describe.configure({ mode: 'serial' });
// Real commands on 2 shared cores: the demo's CI, Stage 1, the switchover and the merge all run.
test.setTimeout(180_000);
test.use({
  deskDeps: {
    openExternal: async (url: string) => {
      opened.push(url);
    },
  },
});

type DemoPaths = ReturnType<typeof demoPaths>;

const originSha = async (demo: DemoPaths, branch: string) => (await run('git', ['-C', demo.origin, 'rev-parse', `refs/heads/${branch}`])).stdout.trim();

/** What production reports now, read from the health probe's address in release-desk.yml. */
async function productionVersion(demo: DemoPaths): Promise<string | null> {
  const document = parseDocument(await readFile(demo.config, 'utf8'));
  const response = await fetch(String(document.getIn(['environments', 'production', 'health', 0, 'url'])));
  const body = (await response.json()) as { version?: string };
  return body.version ?? null;
}

/** Opens an eligible branch's detail on the board and plans its release with Start release. */
async function planFromBoard(page: Page, branch: string): Promise<Locator> {
  const board = page.getByRole('table', { name: 'Branches' });
  const row = board.getByRole('row').filter({ has: page.getByRole('button', { name: branch, exact: true }) });
  await expect(row).toContainText('Eligible', { timeout: 60_000 });
  await row.getByRole('button', { name: branch, exact: true }).click();
  const detail = page.getByRole('region', { name: branch, exact: true });
  await expect(detail.getByRole('button', { name: 'Start release' })).toBeVisible();
  await screens(page, 'board-detail');
  await detail.getByRole('button', { name: 'Start release' }).click();
  // Planning reads the branch's authors and asks the team's services first: seconds under load.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Release', { timeout: 60_000 });
  const release = page.getByRole('region', { name: new RegExp(`^Release r\\d+ of ${branch.replace('/', '\\/')}$`) });
  await expect(release).toBeVisible();
  return release;
}

const SCREENS = path.resolve(import.meta.dirname, '../../test-results/release-screens');

/** Screenshots looked at for layout, at the two window sizes the views are checked at. */
async function screens(page: Page, name: string) {
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SCREENS, `demo-${name}-${width}.png`) });
  }
}

const step = (release: Locator, text: string) => release.getByRole('listitem', { name: text, exact: true });

/** Stage 1, then the preview: shown as a link whose address answers. */
async function stageOne(release: Locator) {
  await release.getByRole('button', { name: 'Start Stage 1', exact: true }).click();
  await expect(step(release, 'Stage 1: Done')).toBeVisible({ timeout: 90_000 });
  const previewUrl = (await release.getByLabel('Preview address').textContent()) ?? '';
  expect(previewUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
  const preview = await fetch(previewUrl);
  expect(preview.status).toBe(200);
  await release.getByRole('button', { name: 'Open the preview' }).click();
  await expect.poll(() => opened).toContain(new URL(previewUrl).toString());
  await expect(release.getByRole('alert')).toHaveCount(0);
}

async function signOff(release: Locator) {
  const form = release.getByRole('form', { name: 'Sign off the preview' });
  await form.getByLabel('Note (optional)').fill('Booked, moved and cancelled an appointment on the preview');
  await form.getByRole('button').click();
  await expect(step(release, 'Exercise & sign off: Done')).toBeVisible({ timeout: 30_000 });
  await expect(release.getByRole('list', { name: 'Signed off' })).toContainText('carol@welkin.example');
}

test('a whole release from the board: Stage 1, sign-off, switchover, healthy, merge', async ({ deskPage, demo, problems }) => {
  const sha = await originSha(demo, 'feature/ready');
  const short = sha.slice(0, 7);
  expect(await productionVersion(demo)).not.toBe(sha);

  const release = await planFromBoard(deskPage, 'feature/ready');
  await expect(release).toContainText(`${short} to production`);
  await stageOne(release);
  await screens(deskPage, 'exercising');
  await signOff(release);

  // The preflight runs on its own button when the flow offers it; the switchover runs it otherwise.
  const switchover = release.getByRole('button', { name: `Switch production to ${short}`, exact: true });
  const preflight = release.getByRole('button', { name: /preflight/i });
  await expect(switchover.or(preflight)).toBeVisible({ timeout: 30_000 });
  if (await preflight.isVisible()) {
    await preflight.click();
    await expect(step(release, 'Preflight: Done')).toBeVisible({ timeout: 60_000 });
  }
  await switchover.click();
  await expect(step(release, 'Stage 2 switchover: Done')).toBeVisible({ timeout: 90_000 });
  await expect.poll(() => productionVersion(demo), { timeout: 30_000 }).toBe(sha);

  // The demo watches production for 2 minutes: before they end, the view shows the window
  // and production's health, and Mark healthy asks first.
  await expect(release.getByLabel('Watch window')).toHaveText(/^Watching production until \d\d:\d\d \(2 min after switchover\)/);
  await expect(release.getByLabel('Production health')).toHaveText(/^production: .+\.$/);
  await release.getByRole('button', { name: 'Mark healthy', exact: true }).click();
  await release.getByRole('alertdialog', { name: 'Confirm: Mark healthy' }).getByRole('button', { name: 'Mark healthy anyway' }).click();
  // Marked before the 2-minute window ended: the journal and the checklist say how early.
  await expect(release.getByRole('listitem', { name: /^Watch: Done: marked healthy (less than a minute|1 min) before the watch ended$/ })).toBeVisible({ timeout: 30_000 });
  await release.getByRole('button', { name: /^Merge/ }).click();
  await expect(step(release, 'Merge: Done')).toBeVisible({ timeout: 90_000 });
  await expect(step(release, 'Done: Done')).toBeVisible();
  // The done summary: the release notes (PREVIOUS_SHA..SHA) beside the checklist's who/when/how long.
  await expect(release.getByRole('list', { name: 'Release notes' })).toContainText(short);
  await release.getByRole('button', { name: 'Show Stage 2 switchover output' }).click();
  await expect(release.getByRole('log', { name: 'Stage 2 switchover output' })).not.toBeEmpty();
  await screens(deskPage, 'done');

  // What the team sees afterwards: production runs the release, master contains it.
  expect(await productionVersion(demo)).toBe(sha);
  await run('git', ['-C', demo.origin, 'merge-base', '--is-ancestor', sha, 'refs/heads/master']);

  await deskPage.getByRole('link', { name: 'History' }).click();
  const history = deskPage.getByRole('table', { name: 'Releases' });
  await expect(history.getByRole('row').nth(1)).toContainText('Released');
  await expect(history.getByRole('row').nth(1)).toContainText(short);
  await screens(deskPage, 'history');
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});

test.describe('with Carol a coordinator but not on call', () => {
  test.use({ onCall: ['bob@welkin.example'] });

  test('someone not on call is refused Stage 2 with the reason, and goes on only with a written override', async ({ deskPage, demo }) => {
    const sha = await originSha(demo, 'feature/ready');
    const short = sha.slice(0, 7);

    const release = await planFromBoard(deskPage, 'feature/ready');
    await expect(release.getByRole('definition').filter({ hasText: 'bob@welkin.example' })).toBeVisible();
    await stageOne(release);
    await signOff(release);

    const switchover = release.getByRole('button', { name: `Switch production to ${short}`, exact: true });
    const preflight = release.getByRole('button', { name: /preflight/i });
    await expect(switchover.or(preflight)).toBeVisible({ timeout: 30_000 });
    if (await preflight.isVisible()) {
      await preflight.click();
      await expect(step(release, 'Preflight: Done')).toBeVisible({ timeout: 60_000 });
    }
    const before = await productionVersion(demo);
    await switchover.click();
    const refusal = release.getByRole('alert').filter({ hasText: 'refused' });
    await expect(refusal).toContainText(`Switch production to ${short} refused:`);
    await expect(refusal).toContainText('on-call');
    await expect(refusal).toContainText('bob@welkin.example');
    expect(await productionVersion(demo)).toBe(before);
    await expect(step(release, 'Stage 2 switchover: Not started')).toBeVisible();

    await screens(deskPage, 'refused');
    await refusal.getByRole('button', { name: 'Override…' }).click();
    const form = release.getByRole('form', { name: `Override: Switch production to ${short}` });
    const submit = form.getByRole('button', { name: `Override and switch production to ${short}` });
    await form.getByLabel('Reason').fill('ok');
    await expect(submit).toBeDisabled();
    await form.getByLabel('Reason').fill('Bob is on a plane; Carol covers the switchover');
    await submit.click();
    await expect(step(release, 'Stage 2 switchover: Done')).toBeVisible({ timeout: 90_000 });
    await expect(release.getByRole('list', { name: 'Overrides' })).toContainText('Bob is on a plane; Carol covers the switchover');
    await expect.poll(() => productionVersion(demo), { timeout: 30_000 }).toBe(sha);
  });
});
