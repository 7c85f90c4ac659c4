/**
 * "Passing reliably" in Chromium: local tests that fail once and then pass on the same
 * commit, run with "Run local tests" and "Run again" from the branch detail, show a flaky
 * badge with their history on the board and in the detail, and the runs per commit.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ENDPOINT_ENV_VARS } from '../../electron/services/connections/endpoints';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { writeWorkspaceFile } from '../fixtures/workspace-file';
import { boardSettled } from './board-state';
import { expect, test as deskTest } from './harness';

const BRANCH = 'feat/flaky';
// Counts its runs beside the clone (outside every worktree): the first fails, the rest pass.
const FLAKY_TEST = 'f="$REPO_PATH/../flaky-runs"; n=$(($(cat "$f" 2>/dev/null || echo 0) + 1)); echo $n > "$f"; echo "run $n"; [ $n -ne 1 ]\n';

const test = deskTest.extend<object, { flakyRepo: TestRepo & { head: string } }>({
  flakyRepo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
    async ({}, use) => {
      const repo = await createTestRepo();
      await repo.commit('master', { 'test.sh': 'exit 0\n' });
      await repo.git('push', '--quiet', 'origin', 'master');
      await repo.git('checkout', '--quiet', '-b', BRANCH);
      const head = await repo.commit('a test that fails once', { 'test.sh': FLAKY_TEST });
      await repo.git('push', '--quiet', 'origin', BRANCH);
      // CircleCI on a closed port and not connected: no CI run uses up the failing first run.
      await writeWorkspaceFile(repo.root, { repoPath: './clone', ci: { provider: 'circleci', projectSlug: 'gh/acme/flaky' }, localTests: { command: 'sh test.sh' } });
      await use({ ...repo, head });
      await rm(path.join(repo.root, 'flaky-runs'), { force: true });
      await repo.cleanup();
    },
    { scope: 'worker' },
  ],
  deskWorkspace: async ({ flakyRepo }, use) => {
    await use(flakyRepo.root);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  deskEnv: async ({}, use) => {
    await use({ [ENDPOINT_ENV_VARS.github]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.circleci]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.slack]: 'http://127.0.0.1:9/api/' });
  },
});

const rowOf = (page: Page, branch: string) =>
  page.getByRole('table', { name: 'Branches' }).getByRole('row').filter({ has: page.getByRole('button', { name: branch, exact: true }) });

test('a fail and a pass on one commit: Run again, then a flaky badge with the history on the board and in the detail', async ({ deskPage, flakyRepo }) => {
  await boardSettled(deskPage);
  const short = flakyRepo.head.slice(0, 7);
  const history = `failed 1 of 2 runs on ${short}`;
  const row = rowOf(deskPage, BRANCH);
  await row.getByRole('button', { name: BRANCH, exact: true }).click();
  const detail = deskPage.getByRole('region', { name: BRANCH });

  await detail.getByRole('button', { name: 'Run local tests' }).click();
  await expect(detail.getByRole('status').filter({ hasText: `Local tests failed on ${short}` })).toBeVisible({ timeout: 60_000 });
  await expect(detail.getByRole('list', { name: 'Local test runs per commit' })).toHaveText(`${short} (head): failed`);
  await expect(detail.getByRole('list', { name: `Flaky results of ${BRANCH}` })).toHaveCount(0);

  // The same commit again.
  await detail.getByRole('button', { name: 'Run again' }).click();
  await expect(detail.getByRole('status').filter({ hasText: `Local tests passed on ${short}` })).toBeVisible({ timeout: 60_000 });
  await expect(detail.getByRole('list', { name: 'Local test runs per commit' })).toHaveText(`${short} (head): failed, passed`);

  await expect(row.getByRole('list', { name: `Flaky results of ${BRANCH}` })).toHaveText(`Flaky: local tests · ${history}`);
  await expect(detail.getByRole('list', { name: `Flaky results of ${BRANCH}` })).toHaveText(`Flaky: local tests · ${history}`);
  // warn (the default): the newest run counts, so the local tests no longer block.
  await expect(row.getByRole('list', { name: `Blockers of ${BRANCH}` })).not.toContainText('Local tests');
});
