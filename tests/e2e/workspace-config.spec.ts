import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './harness';

const fullExample = path.resolve(import.meta.dirname, '../fixtures/config/valid/full.yml');
const dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-e2e-config-'));
const file = path.join(dir, 'release-desk.yml');
const example = await readFile(fullExample, 'utf8');
// Valid before the page first asks for the workspace.
await writeFile(file, example);

test.describe('release-desk.yml in Settings', () => {
  test.use({ deskDeps: { workspacePath: () => dir } });
  test.afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('lists the problems, keeps the last valid configuration, and checks again', async ({ deskPage, problems }) => {
    await deskPage.getByRole('link', { name: 'Settings' }).click();
    // The workspace's name as Settings lists it (the status strip names it too).
    const workspaceName = deskPage.getByRole('definition').filter({ hasText: /^Welkin web$/ });
    await expect(workspaceName).toBeVisible();

    await writeFile(file, example.replace('provider: github-checks', 'provder: github-checks'));
    await deskPage.getByRole('button', { name: 'Check again' }).click();
    const list = deskPage.getByRole('list', { name: 'Workspace problems' });
    await expect(list.getByRole('listitem')).toHaveText(['release-desk.yml:12: ci.provder: unknown key (did you mean provider?)']);
    await expect(deskPage.getByText('keeps using the last valid configuration')).toBeVisible();

    await writeFile(file, example);
    await deskPage.getByRole('button', { name: 'Check again' }).click();
    await expect(list).toHaveCount(0);
    await expect(workspaceName).toBeVisible();
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});
