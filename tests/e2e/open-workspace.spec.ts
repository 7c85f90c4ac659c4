/**
 * Settings → "Open a workspace": a folder that is not one is refused with the reason; a
 * real one (a git repository with release-desk.yml) becomes the open workspace, and the
 * Branches board reads it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { writeWorkspaceFile } from '../fixtures/workspace-file';
import { expect, test } from './harness';

let repo: TestRepo;
let empty: string;

test.use({ deskWorkspace: path.join(os.tmpdir(), 'release-desk-e2e-missing-workspace') });

test.beforeAll(async () => {
  repo = await createTestRepo();
  await repo.commit('master', { 'test.sh': 'exit 0\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await repo.git('checkout', '--quiet', '-b', 'feat/opened');
  await repo.commit('work', { 'feature.txt': 'x\n' });
  await repo.git('push', '--quiet', 'origin', 'feat/opened');
  await writeWorkspaceFile(repo.root, { name: 'Opened in Settings', repoPath: './clone', ci: { provider: 'local' }, localTests: { command: 'sh test.sh' } });
  empty = await mkdtemp(path.join(os.tmpdir(), 'release-desk-e2e-empty-'));
});

test.afterAll(async () => {
  await repo.cleanup();
  await rm(empty, { recursive: true, force: true });
});

test('a folder that is not a workspace is refused with the reason; a real one opens and its board shows', async ({ deskPage, problems }) => {
  await deskPage.getByRole('link', { name: 'Settings' }).click();
  await expect(deskPage.getByRole('list', { name: 'Workspace problems' })).toContainText('no such folder');
  const folder = deskPage.getByRole('textbox', { name: 'Workspace folder' });
  const open = deskPage.getByRole('button', { name: 'Open workspace' });
  const result = deskPage.getByRole('status', { name: 'Open workspace result' });

  await folder.fill('relative/path');
  await open.click();
  await expect(result).toContainText('must be an absolute path');

  await folder.fill(empty);
  await open.click();
  await expect(result).toHaveText(`${path.join(empty, 'release-desk.yml')}: not found (a workspace folder holds release-desk.yml; see docs/configuration.md)`);

  await folder.fill(repo.root);
  await open.click();
  await expect(result).toHaveText('Opened Opened in Settings.');
  await expect(deskPage.getByRole('list', { name: 'Workspace problems' })).toHaveCount(0);
  await expect(deskPage.locator('main')).toContainText(repo.root);

  await deskPage.getByRole('link', { name: 'Branches' }).click();
  await expect(deskPage.getByRole('table', { name: 'Branches' }).getByRole('button', { name: 'feat/opened', exact: true })).toBeVisible();
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
