/**
 * Settings → Connections → "GitHub API address" (GitHub Enterprise): an address a token
 * must not go to is refused with the reason; a saved one is where the token is then
 * checked. The fake GitHub on 127.0.0.1 stands in for the Enterprise host.
 */
import os from 'node:os';
import path from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { expect, test as deskTest } from './harness';

const TOKEN = 'ghp_e2eEnterpriseToken0123456789abcdefAB';

const test = deskTest.extend<{ enterprise: FakeGitHub }>({
  // The full app services (they keep the address setting); no workspace is needed here.
  deskWorkspace: path.join(os.tmpdir(), 'release-desk-e2e-no-workspace'),
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  enterprise: async ({}, use) => {
    const github = await startFakeGitHub();
    github.addToken(TOKEN, { login: 'hubot', id: 2, name: 'Hubot' });
    await use(github);
    await github.close();
  },
});

test('a GitHub Enterprise address is checked, saved, used for the token, and reset', async ({ deskPage, enterprise, problems }) => {
  await deskPage.getByRole('link', { name: 'Settings' }).click();
  const github = deskPage.getByRole('region', { name: 'GitHub' });
  const address = github.getByRole('textbox', { name: 'GitHub API address' });
  await expect(address).toHaveValue('https://api.github.com');

  await address.fill('http://ghe.example.com/api/v3');
  await github.getByRole('button', { name: 'Save GitHub API address' }).click();
  await expect(github.getByRole('status', { name: 'GitHub API address result' })).toHaveText(
    'The GitHub API address must be https:// (plain http only to this machine) (got http://ghe.example.com/api/v3).',
  );
  await expect(address).toHaveValue('http://ghe.example.com/api/v3');

  await address.fill(enterprise.url);
  await github.getByRole('button', { name: 'Save GitHub API address' }).click();
  await expect(github.getByRole('status', { name: 'GitHub API address result' })).toHaveText('GitHub API address saved.');
  await expect(address).toHaveValue(`${enterprise.url}/`);

  await github.getByLabel('GitHub token').fill(TOKEN);
  await github.getByRole('button', { name: 'Connect GitHub' }).click();
  await expect(github.getByRole('status', { name: 'GitHub connection result' })).toHaveText('Connected as @hubot');
  expect(enterprise.server.requests.some((request) => request.path === '/user')).toBe(true);

  // The token was checked against the Enterprise host: a new address forgets it.
  await github.getByRole('button', { name: 'Use the default GitHub address' }).click();
  await expect(address).toHaveValue('https://api.github.com');
  await expect(github.getByRole('status', { name: 'GitHub API address result' })).toContainText(
    "GitHub uses its default address again. GitHub's address changed: connect again",
  );
  await expect(github).toContainText('Not connected');
  expect(problems.pageErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});
