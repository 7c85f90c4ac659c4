/**
 * Issue 11's cache that outlives the process: git's commit-pair facts and GitHub's reads are
 * kept in the workspace's data folder, so a second reader (another process) does no git walk,
 * no merge-tree, and spends no GitHub rate limit when nothing changed; a damaged cache file is
 * discarded and the answers stay the same.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCommitPairCache } from '../../electron/services/git/commit-pair-cache';
import { GitReadinessReader } from '../../electron/services/git/git-readiness';
import { createBranchyWorld, defaultMaster, type BranchyWorld } from '../fixtures/branchy-repo';
import { createCliWorld, runCliChild, type CliWorld } from '../fixtures/cli-world';

describe('git facts on disk', () => {
  let world: BranchyWorld;
  let dir: string;
  beforeAll(() => {
    // Forked early from a master that later changes shared.txt: behind and ahead, every 3rd conflicts.
    world = createBranchyWorld(
      defaultMaster(12, 8),
      Array.from({ length: 9 }, (_, i) => ({ name: `feature/p-${i}`, forkAt: i % 4, files: { [`own-${i}.txt`]: `${i}\n`, ...(i % 3 === 0 ? { 'shared.txt': `branch ${i}\n` } : {}) } })),
    );
    dir = mkdtempSync(path.join(tmpdir(), 'pair-cache-'));
  }, 60_000);
  afterAll(() => {
    world.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const reader = (file: string) =>
    new GitReadinessReader({ repoPath: world.clone, mainBranch: 'master', conflictChecks: { prefilter: false }, pairCache: () => openCommitPairCache(file) });

  it('a new reader on the same file walks nothing and runs no merge-tree, with the same answers', async () => {
    const file = path.join(dir, 'a', 'git-commit-pairs.cache');
    const first = reader(file);
    const cold = await first.read({ fetch: false });
    expect(first.aheadBehindWalks).toBe(1);
    expect(first.conflictChecksRun).toBe(9);
    expect(cold.branches.filter((branch) => branch.conflict.kind === 'conflicts').map((branch) => branch.name)).toEqual(['feature/p-0', 'feature/p-3', 'feature/p-6']);

    const second = reader(file);
    const warm = await second.read({ fetch: false });
    expect(second.aheadBehindWalks).toBe(0);
    expect(second.conflictChecksRun).toBe(0);
    expect(warm.branches).toEqual(cold.branches);
  });

  it('a damaged file is discarded: the next reader asks git again, answers the same, and rewrites it', async () => {
    const file = path.join(dir, 'b', 'git-commit-pairs.cache');
    const cold = await reader(file).read({ fetch: false });
    writeFileSync(file, '{"format":"release-desk-cache","kind":"git-commit-pairs","version":1,"bytes":10,"sha256":"x"}\n["lies"]\n');
    const afterDamage = reader(file);
    expect((await afterDamage.read({ fetch: false })).branches).toEqual(cold.branches);
    expect(afterDamage.aheadBehindWalks).toBe(1);
    const third = reader(file);
    await third.read({ fetch: false });
    expect(third.aheadBehindWalks).toBe(0);
  });
});

describe('release-desk readiness twice (child processes, fake GitHub)', () => {
  let w: CliWorld;
  beforeAll(async () => {
    w = await createCliWorld({ provider: 'github-checks', branches: 12 });
  }, 60_000);
  afterAll(async () => {
    await w.cleanup();
  });

  const cost = async (args: readonly string[]) => {
    const github = w.github;
    if (github === null) throw new Error('no fake GitHub');
    github.readiness.resetCharges();
    const before = github.server.requests.length;
    const run = await runCliChild(['--workspace', w.folder, '--json', ...args], w.env);
    const requests = github.server.requests.slice(before);
    return { run, requests, charged: { ...github.readiness.charged }, graphql: requests.filter((request) => request.path === '/graphql').length };
  };
  // The same board, but for when it was read.
  const board = (stdout: string) => {
    const { branches, mainSha, sources } = JSON.parse(stdout) as { branches: unknown; mainSha: string; sources: { git: { state: string }; ci: { state: string } } };
    return { branches, mainSha, git: sources.git.state, ci: sources.ci.state };
  };

  it('the second run spends no rate limit: only conditional REST requests, all answered 304', async () => {
    const first = await cost(['readiness']);
    expect(first.run.code, first.run.stderr).toBe(0);
    expect(first.graphql).toBeGreaterThan(0);
    expect(first.charged.graphql).toBeGreaterThan(0);

    const cacheDir = findCacheDir(w.env.RELEASE_DESK_CONFIG_DIR as string);
    const written = () => readdirSync(cacheDir).map((name) => [name, statSync(path.join(cacheDir, name)).mtimeMs]);
    const afterFirst = written();
    expect(afterFirst.map(([name]) => name).sort()).toEqual(['git-commit-pairs.cache', 'github-readiness.cache']);

    const second = await cost(['readiness']);
    expect(second.run.code, second.run.stderr).toBe(0);
    expect(written()).toEqual(afterFirst); // nothing new learnt, nothing rewritten
    expect(second.charged).toEqual({ core: 0, graphql: 0 });
    expect(second.graphql).toBe(0);
    expect(second.requests.length).toBeGreaterThan(0);
    for (const request of second.requests) expect(request.headers['if-none-match']).toBeDefined();
    expect(board(second.run.stdout)).toEqual(board(first.run.stdout));
  });

  it('a moved head is asked about again, and only it; a damaged cache costs a cold read, not a wrong answer', async () => {
    const github = w.github;
    if (github === null) throw new Error('no fake GitHub');
    const moved = w.branches[3];
    if (moved === undefined) throw new Error('no branch 3');
    github.readiness.setChecks(moved.sha, [{ kind: 'check-run', name: 'build', status: 'completed', conclusion: 'failure' }]);
    github.readiness.setBranch(moved.name, moved.sha.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))); // GitHub's head differs from git's
    const afterMove = await cost(['readiness']);
    expect(afterMove.graphql).toBe(1);
    github.readiness.setBranch(moved.name, moved.sha);
    await cost(['readiness']);

    const cacheDir = findCacheDir(w.env.RELEASE_DESK_CONFIG_DIR as string);
    for (const name of readdirSync(cacheDir)) writeFileSync(path.join(cacheDir, name), 'garbage');
    const afterDamage = await cost(['readiness', moved.name]);
    expect(afterDamage.graphql).toBeGreaterThan(0);
    const row = (JSON.parse(afterDamage.run.stdout) as { branch: { checks: { name: string; state: string }[] } }).branch;
    expect(row.checks).toEqual([expect.objectContaining({ name: 'build', state: 'failure' })]);
  });
});

/** The workspace's cache folder under the CLI's config folder (its data folder is named after the workspace). */
function findCacheDir(configDir: string): string {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      if (entry.name === 'cache') found.push(full);
      else walk(full);
    }
  };
  walk(configDir);
  if (found.length !== 1) throw new Error(`expected one cache folder under ${configDir}, found ${found.length}`);
  return found[0] as string;
}
