/**
 * Settings → Connections in Chromium, through the browser bridge, against a local fake
 * GitHub: a token it refuses and one it accepts, each with its message, and no token ever
 * shown, logged or kept in the page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { bridgeConsentFromEnv } from '../../electron/bridge/bridge-consent';
import { createConnections } from '../../electron/services/connections/connections';
import { createDevEncryptor } from '../../electron/services/vault/dev-encryptor';
import type { Encryptor } from '../../electron/services/vault/encryptor';
import { createSecretVault } from '../../electron/services/vault/secret-vault';
import { fakeEncryptor } from '../fakes/fake-encryptor';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { expect, test as deskTest } from './harness';

const ACCEPTED = 'ghp_e2eCanaryAccepted0123456789abcdefABCD';
const REFUSED = 'ghp_e2eCanaryRefused9876543210fedcbaDCBA';

interface ConnectionFixtures {
  encryptor: Encryptor;
  /** How the bridge's stand-in for the main-process dialog answers. */
  consentAnswer: 'accept' | 'refuse';
  fakeGitHub: FakeGitHub;
  consoleText: string[];
}

const test = deskTest.extend<ConnectionFixtures>({
  encryptor: [createDevEncryptor(), { option: true }],
  consentAnswer: ['accept', { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  fakeGitHub: async ({}, use) => {
    const github = await startFakeGitHub();
    github.addToken(ACCEPTED, { login: 'octocat', id: 583231, name: 'The Octocat' });
    await use(github);
    await github.close();
  },
  deskDeps: async ({ fakeGitHub, encryptor, consentAnswer }, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-e2e-vault-'));
    const vault = createSecretVault({ filePath: path.join(dir, 'vault.json'), encryptor, now: () => new Date() });
    const connections = createConnections({
      vault,
      // CircleCI and Slack point at a closed port: this test only connects GitHub.
      endpoints: () => ({ github: fakeGitHub.url, circleci: 'http://127.0.0.1:9', slack: 'http://127.0.0.1:9/api/' }),
      timeoutMs: 5_000,
      // The bridge's stand-in for the main-process dialog.
      confirmPlaintextStorage: bridgeConsentFromEnv({ RELEASE_DESK_BRIDGE_CONSENT: consentAnswer }),
    });
    await use({ connections });
    await rm(dir, { recursive: true, force: true });
  },
  consoleText: async ({ deskPage }, use) => {
    const lines: string[] = [];
    deskPage.on('console', (message) => lines.push(message.text()));
    await use(lines);
  },
});

async function openConnections(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Connections' })).toBeVisible();
}

async function expectNoTokenAnywhere(page: Page, consoleText: readonly string[]) {
  const pageText = await page.evaluate(() => document.body.innerText);
  const markup = await page.content();
  const values = await page.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  for (const token of [ACCEPTED, REFUSED]) {
    expect(pageText).not.toContain(token);
    expect(markup).not.toContain(token);
    expect(values.join('\n')).not.toContain(token);
    expect(consoleText.join('\n')).not.toContain(token);
  }
}

test('a refused and an accepted GitHub token each get their message, and no token shows', async ({
  deskPage,
  problems,
  consoleText,
  fakeGitHub,
}) => {
  await openConnections(deskPage);
  const github = deskPage.getByRole('region', { name: 'GitHub' });
  await expect(github).toContainText('Not connected');
  const field = github.getByLabel('GitHub token');
  await expect(field).toHaveAttribute('type', 'password');
  const result = github.getByRole('status', { name: 'GitHub connection result' });

  await field.fill(REFUSED);
  await github.getByRole('button', { name: 'Connect GitHub' }).click();
  await expect(result).toHaveText('GitHub refused the token: Bad credentials');
  await expect(field).toHaveValue('');
  await expect(github).toContainText('Not connected');

  await field.fill(ACCEPTED);
  await field.press('Enter');
  await expect(result).toHaveText('Connected as @octocat');
  await expect(field).toHaveValue('');
  await expect(github.getByText('Connected as @octocat (token saved')).toBeVisible();
  // The fake saw both tokens: the check really went to "GitHub".
  expect(fakeGitHub.server.requests.map((request) => request.headers.authorization)).toEqual([
    `token ${REFUSED}`,
    `token ${ACCEPTED}`,
  ]);

  await expectNoTokenAnywhere(deskPage, consoleText);

  await github.getByRole('button', { name: 'Disconnect GitHub' }).click();
  await expect(result).toHaveText('Disconnected from GitHub; the token was deleted.');
  await expect(github).toContainText('Not connected');
  await expect(github.getByRole('button', { name: 'Disconnect GitHub' })).toHaveCount(0);

  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});

test.describe('without a system keyring (basic_text)', () => {
  test.use({ encryptor: fakeEncryptor({ backend: 'basic_text' }) });

  test('a token is stored only after the user accepts the risk', async ({ deskPage, problems, consoleText }) => {
    await openConnections(deskPage);
    const warning = deskPage.getByRole('note', { name: 'Token storage warning' });
    await expect(warning).toContainText('This computer offers no secure place for tokens');
    await expect(warning).toContainText('basic_text');
    const github = deskPage.getByRole('region', { name: 'GitHub' });
    const result = github.getByRole('status', { name: 'GitHub connection result' });

    await github.getByLabel('GitHub token').fill(ACCEPTED);
    await github.getByRole('button', { name: 'Connect GitHub' }).click();
    await expect(result).toContainText('The GitHub token was not saved');
    await expect(github).toContainText('Not connected');

    // The page can only ask: the main process's dialog (here the bridge's stand-in) answers.
    await warning.getByRole('button', { name: 'Store tokens without encryption…' }).click();
    await expect(warning).toContainText('You accepted storing tokens without encryption on');
    await github.getByLabel('GitHub token').fill(ACCEPTED);
    await github.getByRole('button', { name: 'Connect GitHub' }).click();
    await expect(result).toHaveText('Connected as @octocat');

    await expectNoTokenAnywhere(deskPage, consoleText);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });
});

test.describe('without a system keyring, when the dialog is refused', () => {
  test.use({ encryptor: fakeEncryptor({ backend: 'basic_text' }), consentAnswer: 'refuse' });

  test('nothing is stored and the page says so', async ({ deskPage, problems }) => {
    await openConnections(deskPage);
    const warning = deskPage.getByRole('note', { name: 'Token storage warning' });
    await warning.getByRole('button', { name: 'Store tokens without encryption…' }).click();
    await expect(warning.getByRole('status', { name: 'Token storage consent result' })).toHaveText(
      'Not accepted: tokens will not be stored on this computer.',
    );
    const github = deskPage.getByRole('region', { name: 'GitHub' });
    await github.getByLabel('GitHub token').fill(ACCEPTED);
    await github.getByRole('button', { name: 'Connect GitHub' }).click();
    await expect(github.getByRole('status', { name: 'GitHub connection result' })).toContainText('The GitHub token was not saved');
    await expect(github).toContainText('Not connected');
    expect(problems.pageErrors).toEqual([]);
  });
});
