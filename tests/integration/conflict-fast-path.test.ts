/**
 * The conflict fast path (merge bases from the ahead/behind walk, one diff-tree pre-filter,
 * merge-tree only for candidates) must give exactly the verdicts of plain `git merge-tree`
 * on every branch, and must run far fewer merge-tree processes where branches are disjoint.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { aheadBehindAndMergeBases } from '../../electron/services/git/ahead-behind';
import { GitReadinessReader } from '../../electron/services/git/git-readiness';
import { checkConflicts, ConflictChecker } from '../../electron/services/git/merge-conflicts';
import { createBranchyWorld, defaultMaster } from '../fixtures/branchy-repo';
import { createConflictWorld, SCENARIO_BRANCHES } from '../fixtures/conflict-world';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('conflict fast path', () => {
  for (const crissCross of [false, true]) {
    it(`gives plain merge-tree's verdict on every branch${crissCross ? ' (master criss-crossed with a branch)' : ''}`, async () => {
      const world = createConflictWorld({ crissCross });
      cleanups.push(world.cleanup);
      const reader = new GitReadinessReader({ repoPath: world.clone });
      const snapshot = await reader.read({ fetch: false });
      const expectedNames = [...SCENARIO_BRANCHES.map((b) => b.name), ...(crissCross ? ['criss/cross'] : [])].sort();
      expect(snapshot.branches.map((b) => b.name)).toEqual(expectedNames);

      let conflicting = 0;
      let mergeable = 0;
      for (const branch of snapshot.branches) {
        const plain = await checkConflicts(world.clone, snapshot.mainSha, branch.headSha);
        expect(plain.kind, branch.name).not.toBe('unknown');
        expect(branch.conflict, branch.name).toEqual(plain);
        if (plain.kind === 'conflicts') conflicting++;
        else if (branch.ahead > 0 && branch.behind > 0) mergeable++;
      }
      // The world is only a test if it has both kinds, and the pre-filter cleared some.
      expect(conflicting).toBeGreaterThanOrEqual(crissCross ? 16 : 15);
      expect(mergeable).toBeGreaterThanOrEqual(10);
      expect(reader.conflictChecksRun).toBeLessThan(conflicting + mergeable);
      expect(reader.conflictChecksRun).toBeGreaterThanOrEqual(conflicting);
    });
  }

  it('finds the same single merge base as git, and none where there are two', async () => {
    const world = createConflictWorld({ crissCross: true });
    cleanups.push(world.cleanup);
    const main = world.git(world.clone, ['rev-parse', 'origin/master']).trim();
    const refs = world.git(world.clone, ['for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/remotes/origin/']).trim().split('\n');
    const tips = refs.map((line) => line.split(' ')).filter(([name]) => name !== 'origin/master' && name !== 'origin');
    const found = await aheadBehindAndMergeBases(world.clone, main, tips.map(([, sha]) => sha as string));
    for (const [name, sha] of tips) {
      const bases = world.git(world.clone, ['merge-base', '--all', main, sha as string]).trim().split('\n');
      const mergeBase = found.get(sha as string)?.mergeBase;
      if (bases.length === 1) expect(mergeBase, name).toBe(bases[0]);
      else expect(mergeBase, name).toBeNull();
    }
    expect(found.get(tips.find(([name]) => name === 'origin/criss/cross')?.[1] as string)?.mergeBase).toBeNull();
  });

  it('asks merge-tree about a branch whose merge base is unknown, however disjoint it looks', async () => {
    const world = createConflictWorld({ crissCross: true });
    cleanups.push(world.cleanup);
    const main = world.git(world.clone, ['rev-parse', 'origin/master']).trim();
    const tip = world.git(world.clone, ['rev-parse', 'origin/criss/cross']).trim();
    const checker = new ConflictChecker(world.clone, 2);
    const [answer] = await checker.checkAll(main, [{ branchSha: tip, ahead: 2, behind: 2, mergeBase: null }]);
    expect(answer).toEqual({ kind: 'conflicts', files: ['conflict.txt'] });
    expect(checker.processesRun).toBe(1);
  });

  it('runs far fewer merge-tree processes than branches when most branches touch their own files', async () => {
    const branches = Array.from({ length: 60 }, (_, i) => ({
      name: `feature/b-${i}`,
      forkAt: (i * 7) % 40,
      files: { [`branch-${i}.txt`]: `${i}\n`, ...(i % 10 === 0 ? { 'shared.txt': `branch ${i}\n` } : { [`more-${i}.txt`]: 'x\n' }) },
    }));
    const world = createBranchyWorld(defaultMaster(40, 30), branches);
    cleanups.push(world.cleanup);
    const fast = new GitReadinessReader({ repoPath: world.clone });
    const today = new GitReadinessReader({ repoPath: world.clone, conflictChecks: { prefilter: false } });
    const fastSnapshot = await fast.read({ fetch: false });
    const todaySnapshot = await today.read({ fetch: false });
    expect(fastSnapshot.branches.map((b) => [b.name, b.conflict])).toEqual(todaySnapshot.branches.map((b) => [b.name, b.conflict]));
    const conflicting = fastSnapshot.branches.filter((b) => b.conflict.kind === 'conflicts').length;
    expect(conflicting).toBeGreaterThan(0);
    expect(today.conflictChecksRun).toBeGreaterThan(50); // every branch both ahead and behind
    // Only the branches that edit shared.txt (and fork before master changed it) are merged.
    expect(fast.conflictChecksRun).toBe(conflicting);
    expect(fast.conflictChecksRun).toBeLessThanOrEqual(6);
    // And nothing moved: nothing is asked again, not even the ahead/behind walk.
    const again = await fast.read({ fetch: false });
    expect(again.branches).toEqual(fastSnapshot.branches);
    expect(fast.conflictChecksRun).toBe(conflicting);
    expect(fast.aheadBehindWalks).toBe(1);
    // One branch moves: only it is walked again, and its counts follow.
    const tip = world.git(world.clone, ['rev-parse', 'origin/feature/b-1']).trim();
    const tree = world.git(world.clone, ['rev-parse', `${tip}^{tree}`]).trim();
    const moved = world.git(world.clone, ['commit-tree', tree, '-p', tip, '-m', 'moved'], '').trim();
    world.git(world.clone, ['update-ref', 'refs/remotes/origin/feature/b-1', moved]);
    const after = await fast.read({ fetch: false });
    const before = fastSnapshot.branches.find((b) => b.name === 'feature/b-1');
    expect(after.branches.find((b) => b.name === 'feature/b-1')).toMatchObject({ headSha: moved, ahead: (before?.ahead ?? 0) + 1, behind: before?.behind });
    expect(fast.aheadBehindWalks).toBe(2);
  });
});
