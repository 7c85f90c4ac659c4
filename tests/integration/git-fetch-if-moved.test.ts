/**
 * The reader fetches only when the remote's heads moved (remote-branches.ts fetchIfMoved):
 * an unchanged remote is listed, not fetched; a push, a deletion and a new branch are fetched
 * as before, for the whole board and for one branch.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitReadinessReader } from '../../electron/services/git/git-readiness';
import { createBranchyWorld, defaultMaster, type BranchyWorld } from '../fixtures/branchy-repo';

let world: BranchyWorld | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});

function smallWorld(): BranchyWorld {
  world = createBranchyWorld(defaultMaster(6, 4), [
    { name: 'feat/a', forkAt: 5, files: { 'a.txt': 'a\n' } },
    { name: 'feat/b', forkAt: 2, files: { 'b.txt': 'b\n' } },
    { name: 'old/gone', forkAt: 3, files: {} },
  ]);
  return world;
}

/** A commit on top of `branch`, made in the origin (as a teammate's push). */
function push(w: BranchyWorld, branch: string): string {
  const parent = w.git(w.origin, ['rev-parse', branch]).trim();
  const tree = w.git(w.origin, ['rev-parse', `${branch}^{tree}`]).trim();
  const pushed = w.git(w.origin, ['commit-tree', tree, '-p', parent, '-m', 'pushed']).trim();
  w.git(w.origin, ['update-ref', `refs/heads/${branch}`, pushed]);
  return pushed;
}

const fetchHead = (w: BranchyWorld) => path.join(w.clone, '.git', 'FETCH_HEAD');
const fetched = (w: BranchyWorld) => (existsSync(fetchHead(w)) ? statSync(fetchHead(w)).mtimeMs : null);

describe('fetch only when the remote moved', () => {
  it('the board: no fetch while nothing moved; pushes, deletions and new branches arrive', async () => {
    const w = smallWorld();
    const reader = new GitReadinessReader({ repoPath: w.clone });
    expect((await reader.read()).fetch).toEqual({ ok: true });
    expect(fetched(w)).toBeNull(); // the clone is as fresh as the remote: listed, not fetched

    const pushed = push(w, 'feat/b');
    w.git(w.origin, ['update-ref', '-d', 'refs/heads/old/gone']);
    w.git(w.origin, ['branch', 'feat/new', 'feat/a']);
    const after = await reader.read();
    expect(fetched(w)).not.toBeNull();
    expect(after.branches.map((branch) => branch.name)).toEqual(['feat/a', 'feat/b', 'feat/new']);
    expect(after.branches.find((branch) => branch.name === 'feat/b')?.headSha).toBe(pushed);
  });

  it('one branch: fetched when it or main moved, not when another branch did; a deleted one disappears', async () => {
    const w = smallWorld();
    const reader = new GitReadinessReader({ repoPath: w.clone });
    push(w, 'feat/b');
    const a = await reader.readBranch('feat/a');
    expect(fetched(w)).toBeNull();
    expect(a.branches.map((branch) => branch.name)).toEqual(['feat/a']);

    const main = push(w, 'master');
    const again = await reader.readBranch('feat/a');
    expect(fetched(w)).not.toBeNull();
    expect(again.mainSha).toBe(main);
    expect(again.branches[0]?.behind).toBe(1);

    w.git(w.origin, ['update-ref', '-d', 'refs/heads/old/gone']);
    const gone = await reader.readBranch('old/gone');
    expect(gone.branches).toEqual([]);
    expect(gone.remoteBranches).toBe(2);
  });
});
