/**
 * A saved token is bound to the address it was checked against. Connect GitHub at address
 * A (a fake), then change the address to B (another fake, which would accept the token):
 * the token is forgotten, the reply says to connect again, and however the board and the
 * connections are driven afterwards, B never receives an Authorization header. The same
 * when B comes from RELEASE_DESK_GITHUB_API_URL instead of Settings.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/ipc/dispatch';
import { createAppServices, vaultFileIn, type AppServices } from '../../electron/services/app-services';
import { memoryTrustStore } from '../../electron/services/trust/workspace-trust';
import { memoryEndpointStore } from '../../electron/services/connections/api-url-settings';
import { ENDPOINT_ENV_VARS } from '../../electron/services/connections/endpoints';
import { fakeEncryptor } from '../fakes/fake-encryptor';
import type { ConnectionSummary } from '../../shared/domain/connections';
import type { Result } from '../../shared/ipc/result';
import type { BoardSnapshot } from '../../shared/readiness/board-schema';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { writeWorkspaceFile } from '../fixtures/workspace-file';

const TOKEN = 'ghp_boundToAddressA0123456789abcdefABCD';
const BRANCH = 'feat/bound';
const ITEM = 'Log in';
const CLOSED = { [ENDPOINT_ENV_VARS.circleci]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.slack]: 'http://127.0.0.1:9/api/' };

let a: FakeGitHub;
let b: FakeGitHub;
let repo: TestRepo;
let headSha: string;
let workspace: string;
let userData: string;
const running: AppServices[] = [];

function servicesWith(env: Readonly<Record<string, string>>): AppServices {
  const services = createAppServices({
    host: 'browser-bridge',
    version: '0.0.0-test',
    userDataDir: userData,
    vaultFile: vaultFileIn(userData),
    // One key for every instance: the second one reads what the first saved.
    encryptor: fakeEncryptor(),
    env: { ...CLOSED, ...env },
    savedEndpoints: memoryEndpointStore(),
    externalHosts: ['github.com'],
    openExternal: async () => undefined,
    workspacePath: () => workspace,
    confirmPlaintextStorage: async () => false,
    // Untrusted: these tests read CI and publish, and run none of the folder's commands.
    trustStore: memoryTrustStore(),
    askTrust: async () => false,
  });
  running.push(services);
  return services;
}

async function call<T>(services: AppServices, name: string, ...args: unknown[]): Promise<T> {
  const result: Result<unknown> = await dispatch(services.handlers, name, args, () => undefined, services.secrets);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** Everything that could send the GitHub token somewhere: connections, board, refresh, sign-off. */
async function driveEverything(services: AppServices): Promise<{ board: BoardSnapshot; github: ConnectionSummary | undefined }> {
  const list = await call<ConnectionSummary[]>(services, 'connections.list');
  await call(services, 'readiness.refresh');
  const board = await call<BoardSnapshot>(services, 'readiness.board');
  // Publishing the sign-off is a GitHub write with the token.
  await dispatch(services.handlers, 'readiness.signOff', [BRANCH, headSha, [ITEM]], () => undefined, services.secrets);
  await call(services, 'readiness.refresh');
  return { board, github: list.find((entry) => entry.service === 'github') };
}

const authorizationsAt = (fake: FakeGitHub) => fake.server.requests.map((request) => request.headers.authorization).filter((value) => value !== undefined);

beforeAll(async () => {
  [a, b] = await Promise.all([startFakeGitHub(), startFakeGitHub()]);
  repo = await createTestRepo();
  const masterSha = await repo.commit('master', { 'a.txt': 'a\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await repo.git('checkout', '--quiet', '-b', BRANCH);
  headSha = await repo.commit('feature', { 'b.txt': 'b\n' });
  await repo.git('push', '--quiet', 'origin', BRANCH);
  for (const fake of [a, b]) {
    // B would accept the token too: nothing but the binding keeps it from B.
    fake.addToken(TOKEN, { login: 'octocat', id: 1, name: null });
    fake.readiness.setBranch('master', masterSha);
    fake.readiness.setBranch(BRANCH, headSha);
  }
  workspace = await mkdtemp(path.join(os.tmpdir(), 'desk-binding-workspace-'));
  await writeWorkspaceFile(workspace, { repoPath: repo.clone, github: 'welkin/web', ci: { provider: 'github-checks' }, checklist: [ITEM] });
  userData = await mkdtemp(path.join(os.tmpdir(), 'desk-binding-userdata-'));
});

afterAll(async () => {
  for (const services of running) await services.stop();
  await Promise.all([a.close(), b.close(), repo.cleanup()]);
  await rm(workspace, { recursive: true, force: true });
  await rm(userData, { recursive: true, force: true });
});

describe('a saved token is bound to the address it was checked against', () => {
  it('changing the address in Settings forgets the token, says so, and B never sees it', async () => {
    const services = servicesWith({});
    await call(services, 'connections.setApiUrl', 'github', a.url);
    expect(await call(services, 'connections.connect', 'github', TOKEN)).toMatchObject({ kind: 'connected' });
    const atA = await driveEverything(services);
    // Control: at A the token is used (board and sign-off publication).
    expect(atA.github?.state).toBe('connected');
    expect(atA.board.sources.ci).toMatchObject({ state: 'fresh' });
    expect(authorizationsAt(a)).toContain(`token ${TOKEN}`);

    const change = await call<{ message: string; tokenForgotten: boolean }>(services, 'connections.setApiUrl', 'github', b.url);
    expect(change.tokenForgotten).toBe(true);
    expect(change.message).toContain("GitHub's address changed: connect again");

    const atB = await driveEverything(services);
    expect(atB.github?.state).toBe('not-connected');
    expect(atB.board.sources.ci).toMatchObject({ state: 'stale', reason: expect.stringContaining('GitHub is not connected') });
    expect(authorizationsAt(b)).toEqual([]);
  });

  it('an address from RELEASE_DESK_GITHUB_API_URL other than the bound one gets no token either', async () => {
    const atA = servicesWith({ [ENDPOINT_ENV_VARS.github]: a.url });
    expect(await call(atA, 'connections.connect', 'github', TOKEN)).toMatchObject({ kind: 'connected' });
    await atA.stop();

    // The same vault, started again with the variable pointing at B.
    const atB = servicesWith({ [ENDPOINT_ENV_VARS.github]: b.url });
    const driven = await driveEverything(atB);
    expect(driven.github).toMatchObject({ state: 'not-connected', baseUrlSource: 'environment' });
    expect(driven.github?.notice).toContain("GitHub's address changed (set by an environment variable)");
    expect(driven.github?.notice).toContain(new URL(a.url).origin);
    expect(authorizationsAt(b)).toEqual([]);
  });
});
