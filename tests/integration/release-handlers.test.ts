/**
 * The release calls through the IPC layer (dispatch, the real handlers and services) on a
 * real workspace: refusals by the rules answer `conflict` with the one-sentence reason, and
 * every view names its viewer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/services/handlers';
import { ReadinessRuntimes } from '../../electron/services/readiness/readiness-runtimes';
import { ReleaseRuntimes } from '../../electron/services/releases/release-runtimes';
import type { Handlers } from '../../electron/ipc/dispatch';
import { DEFAULT_ENDPOINTS } from '../../electron/services/connections/endpoints';
import { createTrustService, memoryTrustStore } from '../../electron/services/trust/workspace-trust';
import type { TestRepo } from '../fixtures/git-repo';
import { createOneBranchReleaseRepo } from '../fixtures/one-branch-release-repo';
import { testHandlerDeps } from '../fixtures/handler-deps';

let repo: TestRepo;
let userDataDir: string;
let handlers: Handlers;
let readiness: ReadinessRuntimes;
const logged: unknown[] = [];

beforeAll(async () => {
  repo = await createOneBranchReleaseRepo({ branch: 'feat/untested' });
  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'release-handlers-'));
  const tokens = { getToken: async () => null, knownSecrets: () => [] };
  const trust = createTrustService({ store: memoryTrustStore() });
  await trust.grant(repo.root, 'dialog');
  readiness = new ReadinessRuntimes({ userDataDir, trust, emit: () => undefined, services: { tokens, endpoints: () => DEFAULT_ENDPOINTS }, backgroundRefreshMs: 0 });
  const releases = new ReleaseRuntimes({
    userDataDir,
    emit: () => undefined,
    readiness,
    trust,
    services: { tokens, endpoints: () => DEFAULT_ENDPOINTS },
    secrets: () => [],
    githubLogin: async () => null,
  });
  handlers = createHandlers(testHandlerDeps({ workspacePath: () => repo.root, readiness, releases }));
});

afterAll(async () => {
  await readiness.stopAll();
  await repo.cleanup();
  await rm(userDataDir, { recursive: true, force: true });
});

const call = (name: string, args: unknown[]) => dispatch(handlers, name, args, (_call, error) => logged.push(error), () => []);

describe('releases.* over IPC', () => {
  it('overview: each environment, nothing active, the viewer from git config with their roles', async () => {
    const result = await call('releases.overview', []);
    expect(result).toEqual({
      ok: true,
      value: {
        viewer: { id: 'carol@example.com', source: 'git-config', roles: ['coordinator', 'sign-off'] },
        environments: [{ name: 'production', state: expect.objectContaining({ environment: 'production', activeReleaseId: null }), active: null, planRefusal: null }],
      },
    });
  });

  it('planning a branch that is not eligible is a conflict with the reason in one sentence', async () => {
    const board = await call('readiness.refresh', []);
    expect(board.ok).toBe(true);
    const head = (board.ok ? (board.value as { branches: { name: string; headSha: string }[] }).branches : []).find((row) => row.name === 'feat/untested')?.headSha;
    const result = await call('releases.plan', [{ environment: 'production', branch: 'feat/untested', sha: head }]);
    expect(result).toEqual({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^feat\/untested at [0-9a-f]{7} is not eligible for release: .+\.$/) } });
  });

  it('a branch that moved since it was seen is a conflict saying so', async () => {
    const result = await call('releases.plan', [{ environment: 'production', branch: 'feat/untested', sha: 'f'.repeat(40) }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('has moved to') } });
  });

  it('an unknown release is not-found; the calls validate their input', async () => {
    expect(await call('releases.get', ['r99'])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('releases.get', ['99'])).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(logged).toEqual([]);
  });
});
