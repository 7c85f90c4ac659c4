/**
 * Workspace trust in the UI: a folder opened for the first time shows what waits for trust
 * and runs nothing; "Trust…" asks the main process's dialog (here the bridge's adapter,
 * answering accept as RELEASE_DESK_BRIDGE_TRUST=accept would), after which its local CI
 * runs; Settings lists the folder with Revoke.
 */
import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ENDPOINT_ENV_VARS } from '../../electron/services/connections/endpoints';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { writeWorkspaceFile } from '../fixtures/workspace-file';
import { expect, test as deskTest } from './harness';

const BRANCH = 'feat/untrusted';

const test = deskTest.extend<{ trustRepo: TestRepo }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  trustRepo: async ({}, use) => {
    const repo = await createTestRepo();
    await repo.commit('master', { 'app.txt': 'app\n' });
    await repo.git('push', '--quiet', 'origin', 'master');
    await repo.git('checkout', '--quiet', '-b', BRANCH);
    await repo.commit('feature', { 'feature.txt': 'x\n' });
    await repo.git('push', '--quiet', 'origin', BRANCH);
    // Its test command leaves a mark, so the test can see whether it ran.
    await writeWorkspaceFile(repo.root, {
      repoPath: './clone',
      ci: { provider: 'local' },
      localTests: { command: `echo "$RELEASE_SHA" >> ${JSON.stringify(path.join(repo.root, 'ran.txt'))}` },
    });
    await use(repo);
    await repo.cleanup();
  },
  deskWorkspace: async ({ trustRepo }, use) => {
    await use(trustRepo.root);
  },
  deskTrustWorkspace: false,
  deskTrustAnswer: 'accept',
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  deskEnv: async ({}, use) => {
    await use({ [ENDPOINT_ENV_VARS.github]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.circleci]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.slack]: 'http://127.0.0.1:9/api/' });
  },
});

test('an untrusted folder says what waits for trust; Trust… runs it; Settings can revoke it', async ({ deskPage, trustRepo }) => {
  const marker = path.join(trustRepo.root, 'ran.txt');
  const banner = deskPage.getByRole('region', { name: 'Workspace trust' });
  await expect(banner).toContainText('This folder is not trusted.');
  await expect(banner.getByRole('list', { name: 'Waiting for trust' })).toContainText('Local tests wait until you trust this folder.');
  // The board still reads git.
  await expect(deskPage.getByRole('button', { name: BRANCH, exact: true })).toBeVisible();
  expect(existsSync(marker)).toBe(false);

  await banner.getByRole('button', { name: 'Trust…' }).click();
  await expect(banner).toBeHidden();
  // The local CI now tests the branch's head.
  await expect.poll(async () => (await readFile(marker, 'utf8').catch(() => '')).trim().length, { timeout: 20_000 }).toBe(40);

  await deskPage.getByRole('link', { name: 'Settings' }).click();
  const trusted = deskPage.getByRole('list', { name: 'Trusted folders' });
  const real = await realpath(trustRepo.root);
  await expect(trusted).toContainText(real);
  await trusted.getByRole('button', { name: `Revoke trust in ${real}` }).click();
  await expect(deskPage.getByText('No folder is trusted.')).toBeVisible();
  await expect(deskPage.getByRole('region', { name: 'Workspace trust' })).toContainText('This folder is not trusted.');
});
