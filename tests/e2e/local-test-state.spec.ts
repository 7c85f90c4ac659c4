/**
 * Local test state belongs to a branch at one commit: a run started on one branch never
 * shows under another (not its "Running on …", not its Cancel, not its result or log, not
 * its cancelled message), and the branch it was started on keeps it.
 */
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ENDPOINT_ENV_VARS } from '../../electron/services/connections/endpoints';
import { shortSha } from '../../shared/text/short-sha';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { writeWorkspaceFile } from '../fixtures/workspace-file';
import { expect, test as deskTest } from './harness';

const SLOW = 'feat/slow';
const OTHER = 'feat/other';
// The slow branch's tests wait for this file, so the test decides when they end.
const GATE = path.join(os.tmpdir(), `desk-e2e-state-gate-${process.pid}`);

const test = deskTest.extend<{ heads: { slow: string; other: string } }, { twoBranchRepo: TestRepo & { heads: { slow: string; other: string } } }>({
  twoBranchRepo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
    async ({}, use) => {
      const repo = await createTestRepo();
      await repo.commit('master', { 'test.sh': 'exit 0\n' });
      await repo.git('push', '--quiet', 'origin', 'master');
      await repo.git('checkout', '--quiet', '-b', SLOW);
      const slow = await repo.commit('slow tests', { 'test.sh': `echo "slow started"\nwhile [ ! -e '${GATE}' ]; do sleep 0.05; done\necho "slow finished"\n` });
      await repo.git('push', '--quiet', 'origin', SLOW);
      await repo.git('checkout', '--quiet', '-b', OTHER, 'master');
      const other = await repo.commit('quick tests', { 'test.sh': 'echo "other ran"\n' });
      await repo.git('push', '--quiet', 'origin', OTHER);
      await writeWorkspaceFile(repo.root, { repoPath: './clone', ci: { provider: 'local' }, localTests: { command: 'sh test.sh' } });
      await use(Object.assign(repo, { heads: { slow, other } }));
      await repo.cleanup();
      await rm(GATE, { force: true });
    },
    { scope: 'worker' },
  ],
  heads: async ({ twoBranchRepo }, use) => {
    await use(twoBranchRepo.heads);
  },
  deskWorkspace: async ({ twoBranchRepo }, use) => {
    await use(twoBranchRepo.root);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  deskEnv: async ({}, use) => {
    await use({ [ENDPOINT_ENV_VARS.github]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.circleci]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.slack]: 'http://127.0.0.1:9/api/' });
  },
});

test.setTimeout(90_000);

async function open(page: Page, branch: string) {
  await page.getByRole('table', { name: 'Branches' }).getByRole('button', { name: branch, exact: true }).click();
  const detail = page.getByRole('region', { name: branch });
  await expect(detail).toBeVisible();
  return detail;
}

const rowOf = (page: Page, branch: string) =>
  page.getByRole('table', { name: 'Branches' }).getByRole('row').filter({ has: page.getByRole('button', { name: branch, exact: true }) });

test('a run started on one branch shows only under that branch, before, during and after', async ({ deskPage, heads }) => {
  await rm(GATE, { force: true });
  let slow = await open(deskPage, SLOW);
  await slow.getByRole('button', { name: 'Run local tests' }).click();
  await expect(slow.getByRole('status')).toHaveText(`Running on ${shortSha(heads.slow)}…`);
  await expect(slow.getByRole('log', { name: 'Local test output' })).toContainText('slow started', { timeout: 30_000 });

  // Another branch: nothing of the slow run.
  let other = await open(deskPage, OTHER);
  await expect(other.getByRole('button', { name: 'Run local tests' })).toBeEnabled();
  await expect(other.getByRole('button', { name: 'Cancel local tests' })).toHaveCount(0);
  await expect(other).not.toContainText('Running on');
  await expect(other.getByRole('log')).toHaveCount(0);

  // Back: the run is still there, and Cancel cancels it.
  slow = await open(deskPage, SLOW);
  await expect(slow.getByRole('status')).toHaveText(`Running on ${shortSha(heads.slow)}…`);
  await expect(slow.getByRole('log', { name: 'Local test output' })).toContainText('slow started');
  await slow.getByRole('button', { name: 'Cancel local tests' }).click();
  await expect(slow.getByRole('status')).toHaveText(`Local tests on ${shortSha(heads.slow)} cancelled; nothing was recorded.`, { timeout: 30_000 });

  other = await open(deskPage, OTHER);
  await expect(other).not.toContainText('cancelled');
  await expect(other.getByRole('status')).toHaveCount(0);

  // A run that ends while another branch is open: its result stays with its own branch.
  slow = await open(deskPage, SLOW);
  await slow.getByRole('button', { name: 'Run local tests' }).click();
  await expect(slow.getByRole('log', { name: 'Local test output' })).toContainText('slow started', { timeout: 30_000 });
  other = await open(deskPage, OTHER);
  await writeFile(GATE, '');
  await expect(rowOf(deskPage, SLOW).getByRole('list')).not.toContainText('Local tests not run', { timeout: 30_000 });
  await expect(other).not.toContainText('Local tests passed');
  await expect(other.getByRole('log')).toHaveCount(0);
  await expect(other.getByText('Not run yet on this branch.')).toBeVisible();

  slow = await open(deskPage, SLOW);
  await expect(slow.getByRole('status')).toContainText(`Local tests passed on ${shortSha(heads.slow)}`);
  await expect(slow.getByRole('log', { name: 'Local test output' })).toContainText('slow finished');
});

test('when the bridge goes away the board says so at once, with the time of the data it shows', async ({ deskPage, bridge }) => {
  await expect(deskPage.getByRole('table', { name: 'Branches' })).toBeVisible({ timeout: 30_000 });
  await expect(deskPage.getByRole('alert').filter({ hasText: 'Disconnected' })).toHaveCount(0);
  const refreshedAt = await deskPage.evaluate(async () => {
    const result = await window.desk.readiness.board();
    return result.ok ? result.value.refreshedAt : null;
  });
  expect(refreshedAt).not.toBeNull();
  await bridge.close();
  const banner = deskPage.getByRole('alert').filter({ hasText: 'Disconnected' });
  await expect(banner).toBeVisible();
  const time = await deskPage.evaluate((iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), refreshedAt ?? '');
  await expect(banner).toContainText(`Disconnected — data from ${time}`);
});
