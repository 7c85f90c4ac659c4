import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalCi } from '../../electron/services/ci/local-ci';
import { GitReadinessReader } from '../../electron/services/git/git-readiness';
import { runLocalTests } from '../../electron/services/readiness/local-test-run';
import { ReadinessRecords } from '../../electron/services/readiness/readiness-records';
import { ReadinessService } from '../../electron/services/readiness/readiness-service';
import { trustNamedFolder, type WorkspaceTrust } from '../../electron/services/trust/workspace-trust';
import { DEFAULT_READINESS_POLICY } from '../../shared/readiness/readiness-policy';
import { blockerKinds, rowOf } from '../fixtures/board-rows';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';

let repo: TestRepo;
let data: string;
let records: ReadinessRecords;
let ci: LocalCi;
let service: ReadinessService;
let finishedRuns = 0;
let trust: WorkspaceTrust;


beforeEach(async () => {
  repo = await createTestRepo();
  data = await mkdtemp(path.join(os.tmpdir(), 'desk-readiness-'));
  await repo.commit('master', { 'test.sh': 'exit 0\n', 'app.txt': 'line 1\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  for (const [branch, files] of [
    ['feat/good', { 'feature.txt': 'good\n' }],
    ['feat/bad', { 'test.sh': 'echo failing; exit 1\n' }],
    ['feat/conflict', { 'app.txt': 'branch edit\n' }],
  ] as const) {
    await repo.git('checkout', '--quiet', '-b', branch, 'master');
    await repo.commit(branch, files);
    await repo.git('push', '--quiet', 'origin', branch);
  }
  await repo.git('checkout', '--quiet', 'master');
  await repo.commit('master moves on', { 'app.txt': 'master edit\n' });
  await repo.git('push', '--quiet', 'origin', 'master');

  records = new ReadinessRecords(data);
  finishedRuns = 0;
  trust = await trustNamedFolder(repo.clone);
  ci = new LocalCi({
    trust,
    repoPath: repo.clone,
    command: 'sh test.sh',
    timeoutMs: 20_000,
    logDir: path.join(data, 'logs'),
    records,
    onRunFinished: () => {
      finishedRuns += 1;
    },
  });
  service = new ReadinessService({
    git: new GitReadinessReader({ repoPath: repo.clone, mainBranch: 'master' }),
    ci,
    records,
    policy: { ...DEFAULT_READINESS_POLICY, allowBehindIfConflictFree: true },
    checklist: ['Open the feature page'],
    ciProvider: 'local',
    me: async () => ({ login: null, email: 'test@example.com' }),
    now: () => new Date(),
  });
});

afterEach(async () => {
  await ci.stop();
  await repo.cleanup();
  await rm(data, { recursive: true, force: true });
});

describe('ReadinessService with the local CI provider', () => {
  it('shows CI pending first, then each branch tested on its exact head', async () => {
    const first = await service.refresh({ fetch: true });
    expect(first.branches.map((branch) => branch.name)).toEqual(['feat/bad', 'feat/conflict', 'feat/good']);
    expect(rowOf(first, 'feat/good').checks).toEqual([{ name: 'local-ci', state: 'pending', url: null }]);
    expect(blockerKinds(first, 'feat/good')).toContain('ci-pending');

    await ci.idle();
    expect(finishedRuns).toBe(3);
    const second = await service.refresh({ fetch: false });
    expect(rowOf(second, 'feat/good').checks).toEqual([{ name: 'local-ci', state: 'success', url: null }]);
    expect(rowOf(second, 'feat/bad').checks).toEqual([{ name: 'local-ci', state: 'failure', url: null }]);
    expect(blockerKinds(second, 'feat/bad')).toContain('ci-failed');
    expect(blockerKinds(second, 'feat/conflict')).toContain('conflicts');
    expect(blockerKinds(second, 'feat/good')).toEqual(['local-tests-missing', 'sign-off-missing']);
    expect(second.sources).toMatchObject({ git: { state: 'fresh' }, ci: { state: 'fresh' } });
    expect(second.checklist).toEqual(['Open the feature page']);
  });

  it('becomes eligible with local tests and a sign-off, and a new push invalidates both', async () => {
    await service.refresh({ fetch: true });
    await ci.idle();
    const good = rowOf(await service.refresh({ fetch: false }), 'feat/good');
    await runLocalTests(
      { trust, repoPath: repo.clone, branch: 'feat/good', sha: good.headSha, command: 'sh test.sh', timeoutMs: 20_000, logDir: path.join(data, 'logs') },
      records,
    );
    await records.append({ type: 'sign-off', branch: 'feat/good', sha: good.headSha, by: 'test@example.com', at: new Date().toISOString(), items: ['Open the feature page'] });
    const eligible = await service.refresh({ fetch: false });
    expect(rowOf(eligible, 'feat/good').readiness).toEqual({ state: 'eligible', sha: good.headSha });
    expect(rowOf(eligible, 'feat/good').summary).toBe('eligible for release');

    await repo.git('checkout', '--quiet', 'feat/good');
    const pushed = await repo.commit('another push', { 'feature.txt': 'better\n' });
    await repo.git('push', '--quiet', 'origin', 'feat/good');
    const after = await service.refresh({ fetch: true });
    expect(rowOf(after, 'feat/good').headSha).toBe(pushed);
    expect(blockerKinds(after, 'feat/good')).toEqual(['ci-pending', 'local-tests-stale', 'sign-off-stale']);
  });

  it('a deleted branch disappears from the board', async () => {
    await service.refresh({ fetch: true });
    await repo.git('push', '--quiet', 'origin', '--delete', 'feat/bad');
    const after = await service.refresh({ fetch: true });
    expect(after.branches.map((branch) => branch.name)).toEqual(['feat/conflict', 'feat/good']);
  });

  it('keeps the last good data, flagged stale, when fetching fails', async () => {
    await service.refresh({ fetch: true });
    await rm(repo.origin, { recursive: true, force: true });
    const after = await service.refresh({ fetch: true });
    expect(after.branches).toHaveLength(3);
    expect(after.sources.git).toMatchObject({ state: 'stale' });
    if (after.sources.git.state === 'stale') expect(after.sources.git.reason).toMatch(/^git fetch failed: /);
  });

  it('stop() kills a running test and resolves only once its worktree is gone', async () => {
    await repo.git('checkout', '--quiet', 'feat/good');
    await repo.commit('a slow test', { 'test.sh': 'sleep 30\n' });
    await repo.git('push', '--quiet', 'origin', 'feat/good');
    await service.refresh({ fetch: true });
    const worktrees = path.join(repo.clone, '.git', 'worktrees');
    const deadline = Date.now() + 10_000;
    while ((await readdir(worktrees).catch(() => [])).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await readdir(worktrees)).toHaveLength(1);

    const started = Date.now();
    await ci.stop();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await readdir(worktrees).catch(() => [])).toEqual([]);
  });
});

describe('ReadinessService: local tests that passed and failed on one commit', () => {
  it('shows them flaky with their history, warns by default and blocks with readiness.flaky: block', async () => {
    await service.refresh({ fetch: true });
    await ci.idle();
    const good = rowOf(await service.refresh({ fetch: false }), 'feat/good');
    // A test that fails the first time it runs on this machine and passes after: flaky by construction.
    const marker = path.join(data, 'ran-once');
    const flaky = ['sh', '-c', 'if [ -e "$1" ]; then exit 0; fi; : > "$1"; exit 1', 'flaky-test', marker] as const;
    for (let run = 0; run < 3; run++) {
      await runLocalTests({ trust, repoPath: repo.clone, branch: 'feat/good', sha: good.headSha, command: flaky, timeoutMs: 20_000, logDir: path.join(data, 'logs') }, records);
    }
    await records.append({ type: 'sign-off', branch: 'feat/good', sha: good.headSha, by: 'test@example.com', at: new Date().toISOString(), items: [] });

    const warned = rowOf(await service.refresh({ fetch: false }), 'feat/good');
    const history = `failed 1 of 3 runs on ${good.headSha.slice(0, 7)}`;
    expect(warned.flaky).toEqual([{ source: 'local-tests', name: 'local tests', sha: good.headSha, runs: 3, failed: 1, latest: 'passed', history }]);
    expect(warned.readiness.state).toBe('eligible');
    expect((await records.read()).localTestRuns('feat/good').map((run) => run.outcome)).toEqual(['failed', 'passed', 'passed']);

    const blocking = new ReadinessService({
      git: new GitReadinessReader({ repoPath: repo.clone, mainBranch: 'master' }),
      ci,
      records,
      policy: { ...DEFAULT_READINESS_POLICY, allowBehindIfConflictFree: true, flaky: 'block' },
      checklist: [],
      ciProvider: 'local',
      me: async () => ({ login: null, email: 'test@example.com' }),
      now: () => new Date(),
    });
    const blocked = rowOf(await blocking.refresh({ fetch: false }), 'feat/good');
    expect(blocked.readiness).toMatchObject({ state: 'blocked', blockers: [{ kind: 'flaky', source: 'local-tests', reason: `local tests are flaky: ${history}` }] });
  });
});
