import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReadinessRuntimes } from '../../electron/services/readiness/readiness-runtimes';
import { createTrustService, memoryTrustStore } from '../../electron/services/trust/workspace-trust';
import { createEnvTokenSource } from '../../electron/services/vault/token-source';
import { DEFAULT_ENDPOINTS } from '../../electron/services/connections/endpoints';
import { loadWorkspaceConfig } from '../../electron/services/workspace/load-config';
import type { BoardSnapshot } from '../../shared/readiness/board-schema';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { writeWorkspaceFile } from '../fixtures/workspace-file';

let repo: TestRepo;
let userData: string;
let runtimes: ReadinessRuntimes;

beforeEach(async () => {
  repo = await createTestRepo();
  userData = await mkdtemp(path.join(os.tmpdir(), 'background-refresh-'));
  await repo.commit('master', { 'test.sh': 'exit 0\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await writeWorkspaceFile(repo.root, { repoPath: './clone', ci: { provider: 'local' }, localTests: { command: 'sh test.sh' } });
});

afterEach(async () => {
  await runtimes.stopAll();
  await repo.cleanup();
  await rm(userData, { recursive: true, force: true });
});

describe('background refresh', () => {
  it('fetches on its own and pushes a board with the branch a teammate just pushed', async () => {
    const boards: BoardSnapshot[] = [];
    runtimes = new ReadinessRuntimes({
      userDataDir: userData,
      emit: (event, payload) => {
        if (event === 'readiness.changed') boards.push(payload as BoardSnapshot);
      },
      services: { tokens: createEnvTokenSource({}), endpoints: () => DEFAULT_ENDPOINTS },
      trust: createTrustService({ store: memoryTrustStore() }),
      backgroundRefreshMs: 150,
    });
    const load = await loadWorkspaceConfig(repo.root);
    if (load.kind !== 'valid') throw new Error('test workspace is invalid');
    const runtime = await runtimes.for(repo.root, load.config);
    expect((await runtime.service.board()).branches).toEqual([]);

    // A teammate pushes a branch straight to origin; nobody presses Refresh.
    await repo.git('checkout', '--quiet', '-b', 'feat/teammate');
    await repo.commit('teammate work', { 'feature.txt': 'x\n' });
    await repo.git('push', '--quiet', 'origin', 'feat/teammate');
    await repo.git('update-ref', '-d', 'refs/remotes/origin/feat/teammate');

    const deadline = Date.now() + 10_000;
    while (!boards.some((board) => board.branches.some((row) => row.name === 'feat/teammate')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(boards.some((board) => board.branches.some((row) => row.name === 'feat/teammate'))).toBe(true);
  });

  it('stops refreshing when the workspace is closed', async () => {
    let pushed = 0;
    runtimes = new ReadinessRuntimes({
      userDataDir: userData,
      emit: () => {
        pushed += 1;
      },
      services: { tokens: createEnvTokenSource({}), endpoints: () => DEFAULT_ENDPOINTS },
      trust: createTrustService({ store: memoryTrustStore() }),
      backgroundRefreshMs: 50,
    });
    const load = await loadWorkspaceConfig(repo.root);
    if (load.kind !== 'valid') throw new Error('test workspace is invalid');
    await runtimes.for(repo.root, load.config);
    await runtimes.stopAll();
    const before = pushed;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pushed).toBe(before);
  });
});
