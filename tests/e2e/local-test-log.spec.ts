/**
 * The live local-test log on a long, bursty output: it stays virtualised (only the lines in
 * view are in the page), follows the end through every burst, and stops following once the
 * user scrolls up.
 */
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ENDPOINT_ENV_VARS } from '../../electron/services/connections/endpoints';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { writeWorkspaceFile } from '../fixtures/workspace-file';
import { expect, test as deskTest } from './harness';

const BRANCH = 'feat/chatty';
const PAUSED = 'feat/paused';
const LINES = 3000;
/** Prints lines FROM..TO in bursts of 100, pausing between bursts so the page renders. */
const burst = (from: number, to: number) =>
  `i=${from}; while [ $i -le ${to} ]; do echo "line $i"; if [ $((i % 100)) -eq 0 ]; then sleep 0.05; fi; i=$((i+1)); done\n`;
// Holds its output half way until the test lets it go, so the user can scroll meanwhile.
const GATE = path.join(os.tmpdir(), `desk-e2e-log-gate-${process.pid}`);

const test = deskTest.extend<object, { chattyRepo: TestRepo }>({
  chattyRepo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
    async ({}, use) => {
      const repo = await createTestRepo();
      await repo.commit('master', { 'test.sh': 'exit 0\n' });
      await repo.git('push', '--quiet', 'origin', 'master');
      await repo.git('checkout', '--quiet', '-b', BRANCH);
      await repo.commit('chatty tests', { 'test.sh': burst(1, LINES) });
      await repo.git('push', '--quiet', 'origin', BRANCH);
      await repo.git('checkout', '--quiet', '-b', PAUSED, 'master');
      await repo.commit('tests that wait half way', {
        'test.sh': `${burst(1, 1000)}while [ ! -e '${GATE}' ]; do sleep 0.05; done\n${burst(1001, LINES)}`,
      });
      await repo.git('push', '--quiet', 'origin', PAUSED);
      await writeWorkspaceFile(repo.root, { repoPath: './clone', ci: { provider: 'local' }, localTests: { command: 'sh test.sh' } });
      await use(repo);
      await repo.cleanup();
      await rm(GATE, { force: true });
    },
    { scope: 'worker' },
  ],
  deskWorkspace: async ({ chattyRepo }, use) => {
    await use(chattyRepo.root);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  deskEnv: async ({}, use) => {
    // Closed ports: GitHub is not connected here, and nothing leaves the machine.
    await use({ [ENDPOINT_ENV_VARS.github]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.circleci]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.slack]: 'http://127.0.0.1:9/api/' });
  },
});

async function openDetail(page: Page, branch: string) {
  await page.getByRole('button', { name: branch, exact: true }).click();
  const detail = page.getByRole('region', { name: branch });
  await expect(detail).toBeVisible();
  return { detail, log: detail.getByRole('log', { name: 'Local test output' }) };
}

test('follows the end of a long, bursty log, with only the lines in view in the page', async ({ deskPage }) => {
  const { detail, log } = await openDetail(deskPage, BRANCH);
  await detail.getByRole('button', { name: 'Run local tests' }).click();
  await expect(detail.getByRole('status').filter({ hasText: 'Local tests passed on' })).toBeVisible({ timeout: 30_000 });
  await expect(log).toContainText(`line ${LINES}`);
  const shown = (await log.innerText()).split('\n');
  expect(shown.length).toBeLessThan(100);
  expect(shown.at(-1)).toBe(`line ${LINES}`);
});

test('stops following when the user scrolls up, and follows again at the end', async ({ deskPage }) => {
  await rm(GATE, { force: true });
  const { detail, log } = await openDetail(deskPage, PAUSED);
  await detail.getByRole('button', { name: 'Run local tests' }).click();
  await expect(log).toContainText('line 1000', { timeout: 30_000 });
  await log.hover();
  await deskPage.mouse.wheel(0, -1_000_000);
  await expect.poll(async () => (await log.innerText()).split('\n')[0]).toBe('line 1');

  // The rest of the output arrives while the user reads the top: the view stays there.
  await writeFile(GATE, '');
  await expect(detail.getByRole('status').filter({ hasText: 'Local tests passed on' })).toBeVisible({ timeout: 30_000 });
  expect((await log.innerText()).split('\n')[0]).toBe('line 1');
  await expect(log).not.toContainText(`line ${LINES}`);

  // Back at the end, it shows the last line.
  await deskPage.mouse.wheel(0, 1_000_000);
  await expect(log).toContainText(`line ${LINES}`);
});
