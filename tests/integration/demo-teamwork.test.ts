/**
 * The demo team's earlier work: a fresh records folder opened on the demo shows every
 * readiness case at first look (ready is eligible, needs-sign-off waits only for a sign-off),
 * from local tests that really ran; seeding happens once, and never outside the demo.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkspace, DEMO_BRANCHES, DEMO_TEAMMATE, demoTeamworkFor } from '../../electron/services/demo';
import { RECORDS_FILE } from '../../electron/services/readiness/readiness-records';
import type { ReadinessRuntime } from '../../electron/services/readiness/readiness-runtime';
import { loadWorkspaceConfig } from '../../electron/services/workspace/load-config';
import { trustNamedFolder } from '../../electron/services/trust/workspace-trust';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import type { BoardSnapshot } from '../../shared/readiness/board-schema';
import { blockerKinds, rowOf } from '../fixtures/board-rows';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { quietRuntime } from '../fixtures/quiet-runtime';
import { writeWorkspaceFile } from '../fixtures/workspace-file';

const execFileAsync = promisify(execFile);
let root: string;
let demoDir: string;
let demoConfig: WorkspaceConfig;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'demo-teamwork-'));
  demoDir = path.join(root, 'demo');
  await createDemoWorkspace(demoDir);
  demoConfig = await configOf(demoDir);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function configOf(folder: string): Promise<WorkspaceConfig> {
  const load = await loadWorkspaceConfig(folder);
  if (load.kind !== 'valid') throw new Error(`${folder}: invalid workspace`);
  return load.config;
}

async function runtimeOn(folder: string, config: WorkspaceConfig, dataDir: string): Promise<ReadinessRuntime> {
  // The demo is trusted when it is created.
  return quietRuntime({ config, dataDir, trust: await trustNamedFolder(folder), seedRecords: demoTeamworkFor(folder, config) });
}

/** The board once the local CI has tested every head, as `release-desk readiness` reads it. */
async function settledBoard(runtime: ReadinessRuntime): Promise<BoardSnapshot> {
  await runtime.service.refresh({ fetch: false });
  await runtime.localCiIdle();
  return runtime.service.refresh({ fetch: false });
}


describe('the demo team’s earlier work', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = path.join(root, 'user-data');
  });

  it('shows each case at first look: ready and faulty-release eligible, needs-sign-off waiting only for a sign-off', async () => {
    const runtime = await runtimeOn(demoDir, demoConfig, dataDir);
    try {
      const board = await settledBoard(runtime);
      expect(rowOf(board, DEMO_BRANCHES.ready).readiness.state).toBe('eligible');
      expect(rowOf(board, DEMO_BRANCHES.faultyRelease).readiness.state).toBe('eligible');
      expect(rowOf(board, DEMO_BRANCHES.ready).signOff).toMatchObject({ by: DEMO_TEAMMATE, items: demoConfig.manualTesting.checklist });
      // Who "me" is, and how that was decided (the demo clone's git config user.email).
      expect(board.me).toEqual({ login: null, email: 'carol@welkin.example', source: 'git-email' });
      // The seeded runs say who ran them, as every run does.
      expect(rowOf(board, DEMO_BRANCHES.ready).localTests).toMatchObject({ outcome: 'passed', sha: rowOf(board, DEMO_BRANCHES.ready).headSha, by: DEMO_TEAMMATE });
      expect(blockerKinds(board, DEMO_BRANCHES.needsSignOff)).toEqual(['sign-off-missing']);
      expect(blockerKinds(board, DEMO_BRANCHES.ciFailing)).toEqual(['ci-failed', 'local-tests-missing', 'sign-off-missing']);
      // The seeded runs are real: their logs hold node --test's own report.
      const log = await runtime.localTestLog(DEMO_BRANCHES.ready, rowOf(board, DEMO_BRANCHES.ready).headSha);
      expect(log).toMatch(/# pass [1-9]/);
      expect(log).toMatch(/# fail 0/);
    } finally {
      await runtime.stop();
    }
  });

  it('seeds a records folder once: opening the demo again adds nothing', async () => {
    const file = path.join(dataDir, RECORDS_FILE);
    const before = await readFile(file, 'utf8');
    expect(before.trim().split('\n').filter((line) => !line.includes('"type":"ci"'))).toHaveLength(5);
    const again = await runtimeOn(demoDir, demoConfig, dataDir);
    try {
      await again.service.refresh({ fetch: false });
    } finally {
      await again.stop();
    }
    const after = await readFile(file, 'utf8');
    expect(after.split('\n').filter((line) => !line.includes('"type":"ci"'))).toEqual(before.split('\n').filter((line) => !line.includes('"type":"ci"')));
  });

  it('gives nothing to a demo branch someone has pushed to since: the team tested the old commit, not this one', async () => {
    const clone = path.join(demoDir, 'repo');
    const git = (...args: string[]) => execFileAsync('git', ['-c', 'user.name=Carol', '-c', 'user.email=carol@welkin.example', ...args], { cwd: clone });
    await git('checkout', '--quiet', DEMO_BRANCHES.needsSignOff);
    await writeFile(path.join(clone, 'later.txt'), 'a later push\n');
    await git('add', 'later.txt');
    await git('commit', '--quiet', '-m', 'a later push');
    await git('push', '--quiet', 'origin', DEMO_BRANCHES.needsSignOff);
    await git('checkout', '--quiet', 'master');

    const runtime = await runtimeOn(demoDir, demoConfig, path.join(root, 'later-user-data'));
    try {
      const board = await runtime.service.refresh({ fetch: true });
      expect(rowOf(board, DEMO_BRANCHES.needsSignOff).localTests).toBeNull();
      expect(rowOf(board, DEMO_BRANCHES.ready).localTests).toMatchObject({ outcome: 'passed' });
      expect(rowOf(board, DEMO_BRANCHES.ready).signOff).toMatchObject({ by: DEMO_TEAMMATE });
    } finally {
      await runtime.stop();
    }
  });

  it('closing the demo while it seeds kills the run: nothing half-done stays behind', async () => {
    const freshData = path.join(root, 'closed-early-user-data');
    const worktrees = path.join(demoDir, 'repo', '.git', 'worktrees');
    const runtime = await runtimeOn(demoDir, demoConfig, freshData);
    const deadline = Date.now() + 20_000;
    while ((await readdir(worktrees).catch(() => [])).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await readdir(worktrees)).toHaveLength(1);
    await runtime.stop();
    expect(await readdir(worktrees).catch(() => [])).toEqual([]);
    const recorded = await readFile(path.join(freshData, RECORDS_FILE), 'utf8').catch(() => '');
    expect(recorded).not.toContain('"type":"sign-off"');
    expect(recorded.split('\n').filter((line) => line.includes('"type":"local-tests"'))).toHaveLength(0);
  });

  describe('outside the demo', () => {
    let repo: TestRepo;

    beforeAll(async () => {
      repo = await createTestRepo();
      await repo.commit('master', { 'test.sh': 'exit 0\n' });
      await repo.git('push', '--quiet', 'origin', 'master');
      await repo.git('checkout', '--quiet', '-b', DEMO_BRANCHES.ready);
      await repo.commit('same branch name as the demo', { 'feature.txt': 'x\n' });
      await repo.git('push', '--quiet', 'origin', DEMO_BRANCHES.ready);
      await writeWorkspaceFile(repo.root, { repoPath: './clone', ci: { provider: 'local' }, localTests: { command: 'sh test.sh' } });
    });

    afterAll(async () => {
      await repo.cleanup();
    });

    it('a team’s own workspace gets no seeded records, even with the demo’s branch names', async () => {
      const ownData = path.join(root, 'own-user-data');
      const runtime = await runtimeOn(repo.root, await configOf(repo.root), ownData);
      try {
        const board = await runtime.service.refresh({ fetch: false });
        expect(rowOf(board, DEMO_BRANCHES.ready).localTests).toBeNull();
        expect(rowOf(board, DEMO_BRANCHES.ready).signOff).toBeNull();
        await expect(readFile(path.join(ownData, RECORDS_FILE), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
      } finally {
        await runtime.stop();
      }
    });
  });
});
