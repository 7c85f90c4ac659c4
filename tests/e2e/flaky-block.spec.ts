/**
 * `readiness.flaky: block` in Chromium, at 1024×700 and 1440×900: a head whose GitHub check
 * failed and then passed when re-run is blocked, with the reason (the check, its history) on
 * the board and in the branch detail. Then "Run again": local tests that fail once and pass
 * on the same commit are flaky too, and block as well (under `warn` the pass would count).
 * The fake GitHub on 127.0.0.1 answers the board's GraphQL queries; the token is connected in
 * Settings as a user does.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ENDPOINT_ENV_VARS } from '../../electron/services/connections/endpoints';
import { shortSha } from '../../shared/text/short-sha';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { writeWorkspaceFile } from '../fixtures/workspace-file';
import { boardSettled } from './board-state';
import { expect, test as deskTest } from './harness';

const BRANCH = 'feat/flaky-ci';
const TOKEN = 'ghp_e2eFlakyBlockToken0123456789abcdefAB';
// Counts its runs beside the clone (outside every worktree): the first fails, the rest pass.
const FLAKY_TEST = 'f="$REPO_PATH/../flaky-runs"; n=$(($(cat "$f" 2>/dev/null || echo 0) + 1)); echo $n > "$f"; echo "run $n"; [ $n -ne 1 ]\n';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

interface FlakyWorld {
  readonly repo: TestRepo;
  readonly head: string;
  readonly github: FakeGitHub;
}

const test = deskTest.extend<{ flakyWorld: FlakyWorld }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  flakyWorld: async ({}, use) => {
    const repo = await createTestRepo();
    const master = await repo.commit('master', { 'test.sh': 'exit 0\n' });
    await repo.git('push', '--quiet', 'origin', 'master');
    await repo.git('checkout', '--quiet', '-b', BRANCH);
    const head = await repo.commit('a test that fails once', { 'test.sh': FLAKY_TEST });
    await repo.git('push', '--quiet', 'origin', BRANCH);
    await writeWorkspaceFile(repo.root, {
      repoPath: './clone',
      github: 'welkin/web',
      ci: { provider: 'github-checks' },
      localTests: { command: 'sh test.sh' },
      readiness: { flaky: 'block' },
    });
    const github = await startFakeGitHub();
    github.addToken(TOKEN, { login: 'ada', id: 1, name: 'Ada' });
    github.readiness.setBranch('master', master);
    github.readiness.setBranch(BRANCH, head);
    // "build" failed, was re-run on the same commit, and passed: the rollup shows only the pass.
    github.readiness.setChecks(head, [{ kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success', earlier: ['failure'] }]);
    await use({ repo, head, github });
    await github.close();
    await rm(path.join(repo.root, 'flaky-runs'), { force: true });
    await repo.cleanup();
  },
  deskWorkspace: async ({ flakyWorld }, use) => {
    await use(flakyWorld.repo.root);
  },
  deskEnv: async ({ flakyWorld }, use) => {
    await use({ [ENDPOINT_ENV_VARS.github]: flakyWorld.github.url, [ENDPOINT_ENV_VARS.circleci]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.slack]: 'http://127.0.0.1:9/api/' });
  },
});

const rowOf = (page: Page, branch: string) =>
  page.getByRole('table', { name: 'Branches' }).getByRole('row').filter({ has: page.getByRole('button', { name: branch, exact: true }) });

/** Every badge of the list is whole inside its table cell: not cut off by the cell's edge (the detail open beside it). */
async function wholeInTheirCell(badges: Locator): Promise<boolean[]> {
  return badges.getByRole('listitem').evaluateAll((items) =>
    items.map((item) => {
      const cell = item.closest('td')?.getBoundingClientRect();
      const own = item.getBoundingClientRect();
      return cell !== undefined && own.left >= cell.left - 1 && own.right <= cell.right + 1 && item.scrollWidth <= item.clientWidth + 1;
    }),
  );
}

async function connectGitHub(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  const github = page.getByRole('region', { name: 'GitHub' });
  await github.getByLabel('GitHub token').fill(TOKEN);
  await github.getByRole('button', { name: 'Connect GitHub' }).click();
  await expect(github.getByRole('status', { name: 'GitHub connection result' })).toHaveText('Connected as @ada');
  await page.getByRole('link', { name: 'Branches' }).click();
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height}: a check flaky on the head blocks with its reason; Run again makes the local tests flaky and they block too`, async ({
    deskPage,
    flakyWorld,
    problems,
  }) => {
    await deskPage.setViewportSize(size);
    await connectGitHub(deskPage);
    await boardSettled(deskPage);
    const short = shortSha(flakyWorld.head);
    const checkHistory = `failed 1 of 2 runs on ${short}`;
    const row = rowOf(deskPage, BRANCH);

    // The board: blocked, the flaky check's badge with its history (its full reason as the tooltip).
    const flakyOnRow = row.getByRole('list', { name: `Flaky results of ${BRANCH}` });
    await expect(flakyOnRow).toHaveText(`Flaky: build · ${checkHistory}`, { timeout: 30_000 });
    await expect(row).toContainText('Blocked');
    await expect(flakyOnRow.getByRole('listitem')).toHaveAttribute('title', `check "build" is flaky: ${checkHistory}`);
    await expect(flakyOnRow.getByRole('listitem')).toHaveClass(/badge-flaky-blocking/);
    await expect(flakyOnRow).toBeInViewport();

    // The detail says why, in words.
    await row.getByRole('button', { name: BRANCH, exact: true }).click();
    const detail = deskPage.getByRole('region', { name: BRANCH });
    await expect(detail.getByLabel('Readiness summary')).toContainText(`check "build" is flaky: ${checkHistory}`);
    await expect(detail.getByRole('list', { name: `Flaky results of ${BRANCH}` })).toHaveText(`Flaky: build · ${checkHistory}`);
    // With the detail open the row is narrower: its reason wraps, never cut off.
    expect(await wholeInTheirCell(flakyOnRow)).toEqual([true]);
    await deskPage.screenshot({ path: path.join('test-results', 'flaky-block', `blocked-${size.width}.png`) });

    // Local tests: the first run fails, "Run again" on the same commit passes.
    await detail.getByRole('button', { name: 'Run local tests' }).click();
    await expect(detail.getByRole('status').filter({ hasText: `Local tests failed on ${short}` })).toBeVisible({ timeout: 60_000 });
    const runAgain = detail.getByRole('button', { name: 'Run again' });
    await expect(runAgain).toBeInViewport();
    await runAgain.click();
    await expect(detail.getByRole('status').filter({ hasText: `Local tests passed on ${short}` })).toBeVisible({ timeout: 60_000 });
    await expect(detail.getByRole('list', { name: 'Local test runs per commit' })).toHaveText(`${short} (head): failed, passed`);

    // block: the pass does not clear the branch; the flaky local tests block with their reason.
    const localHistory = `failed 1 of 2 runs on ${short}`;
    await expect(flakyOnRow.getByRole('listitem')).toHaveText([`Flaky: build · ${checkHistory}`, `Flaky: local tests · ${localHistory}`]);
    await expect(detail.getByLabel('Readiness summary')).toContainText(`local tests are flaky: ${localHistory}`);
    await expect(row).toContainText('Blocked');
    await expect(row.getByRole('list', { name: `Blockers of ${BRANCH}` })).not.toContainText('Local tests failed');
    expect(await wholeInTheirCell(flakyOnRow)).toEqual([true, true]);
    await deskPage.screenshot({ path: path.join('test-results', 'flaky-block', `run-again-${size.width}.png`) });

    expect(problems.pageErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
}
