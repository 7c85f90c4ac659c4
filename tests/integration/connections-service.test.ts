import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnections } from '../../electron/services/connections/connections';
import { createSecretVault, type SecretVault } from '../../electron/services/vault/secret-vault';
import { fakeEncryptor } from '../fakes/fake-encryptor';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';

const GOOD = 'ghp_connectionsServiceGood000000000000000';

let dir: string;
let github: FakeGitHub;
let vault: SecretVault;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-connections-'));
  github = await startFakeGitHub();
  github.addToken(GOOD, { login: 'octocat', id: 1, name: 'The Octocat' });
  vault = createSecretVault({ filePath: path.join(dir, 'vault.json'), encryptor: fakeEncryptor(), now: () => new Date('2026-11-20T10:00:00Z') });
});

afterEach(async () => {
  await github.close();
  await rm(dir, { recursive: true, force: true });
});

const connectionsTo = (githubUrl: string) =>
  createConnections({
    vault,
    endpoints: () => ({ github: githubUrl, circleci: 'http://127.0.0.1:9', slack: 'http://127.0.0.1:9/api/' }),
    timeoutMs: 2_000,
    confirmPlaintextStorage: async () => false,
  });

describe('connections', () => {
  it('saves a token the service accepts, lists it, and forgets it on disconnect', async () => {
    const connections = connectionsTo(github.url);
    expect(await connections.connect('github', GOOD)).toEqual({ kind: 'connected', service: 'github', connectedAs: '@octocat' });
    expect((await connections.list())[0]).toEqual({
      service: 'github',
      state: 'connected',
      connectedAs: '@octocat',
      savedAt: '2026-11-20T10:00:00.000Z',
      baseUrl: github.url,
      baseUrlSource: 'default',
    });
    expect(await vault.getToken('github', github.url)).toBe(GOOD);
    await connections.disconnect('github');
    expect((await connections.list())[0]?.state).toBe('not-connected');
    expect(await vault.getToken('github', github.url)).toBeNull();
  });

  it('saves nothing when the service refuses the token or cannot be reached', async () => {
    const refused = await connectionsTo(github.url).connect('github', 'ghp_wrong');
    expect(refused).toEqual({ kind: 'refused', service: 'github', reason: 'Bad credentials' });
    const unreachable = await connectionsTo('http://127.0.0.1:9').connect('github', GOOD);
    expect(unreachable.kind).toBe('unreachable');
    expect(await vault.list()).toEqual([]);
  });

  it('keeps the previous token when a new one is refused', async () => {
    const connections = connectionsTo(github.url);
    await connections.connect('github', GOOD);
    await connections.connect('github', 'ghp_wrong');
    expect(await vault.getToken('github', github.url)).toBe(GOOD);
  });

  it('scrubs a token the service echoes back in its refusal', async () => {
    const echoing = await startFakeGitHub();
    echoing.server.route((request) => ({
      status: 401,
      body: { message: `Bad credentials: ${request.headers.authorization ?? ''}` },
    }));
    try {
      const outcome = await connectionsTo(echoing.url).connect('github', 'ghp_echoedSecret123');
      expect(outcome).toEqual({ kind: 'refused', service: 'github', reason: 'Bad credentials: token ***' });
    } finally {
      await echoing.close();
    }
  });
});
