import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aheadBehindAll, aheadBehindOneByOne } from '../../electron/services/git/ahead-behind';
import { GitConfigError } from '../../electron/services/git/git-errors';
import { GitReadinessReader } from '../../electron/services/git/git-readiness';
import { createBranchyWorld, defaultMaster, type BranchyWorld } from '../fixtures/branchy-repo';

let world: BranchyWorld | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});

/** master: 10 commits, shared.txt rewritten by commit 6. */
function smallWorld(): BranchyWorld {
  world = createBranchyWorld(defaultMaster(10, 6), [
    { name: 'feat/up-to-date', forkAt: 9, files: { 'a.txt': 'a\n', 'b.txt': 'b\n' } },
    { name: 'feat/behind-clean', forkAt: 3, files: { 'c.txt': 'c\n' } },
    { name: 'feat/conflicting', forkAt: 2, files: { 'shared.txt': 'changed on the branch\n', 'd.txt': 'd\n' } },
    { name: 'old/merged', forkAt: 5, files: {} },
    { name: 'deep/nested/name', forkAt: 8, files: { 'e.txt': 'e\n' } },
  ]);
  return world;
}

describe('GitReadinessReader on a real clone', () => {
  it('lists every remote branch with head, author, last commit, ahead/behind and conflicts', async () => {
    const w = smallWorld();
    const snapshot = await new GitReadinessReader({ repoPath: w.clone, concurrency: 2 }).read();
    expect(snapshot.fetch).toEqual({ ok: true });
    expect(snapshot.mainSha).toBe(w.git(w.origin, ['rev-parse', 'master']).trim());
    const byName = new Map(snapshot.branches.map((branch) => [branch.name, branch]));
    expect([...byName.keys()]).toEqual(['deep/nested/name', 'feat/behind-clean', 'feat/conflicting', 'feat/up-to-date', 'old/merged']);
    expect(byName.get('feat/up-to-date')).toMatchObject({
      headSha: w.git(w.origin, ['rev-parse', 'feat/up-to-date']).trim(),
      author: { name: 'Test', email: 'test@example.com' },
      ahead: 2,
      behind: 0,
      conflict: { kind: 'none' },
      subject: 'feat/up-to-date: b.txt',
    });
    expect(byName.get('feat/up-to-date')?.lastCommitAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(byName.get('feat/behind-clean')).toMatchObject({ ahead: 1, behind: 6, conflict: { kind: 'none' } });
    expect(byName.get('feat/conflicting')).toMatchObject({ ahead: 2, behind: 7, conflict: { kind: 'conflicts', files: ['shared.txt'] } });
    expect(byName.get('old/merged')).toMatchObject({ ahead: 0, behind: 4, conflict: { kind: 'none' } });
    expect(byName.get('deep/nested/name')).toMatchObject({ ahead: 1, behind: 1 });
  });

  it('agrees with one `git rev-list --left-right --count` per branch, merges included', async () => {
    const branches = Array.from({ length: 40 }, (_, i) => ({ name: `b/${i}`, forkAt: i % 20, files: Object.fromEntries(Array.from({ length: (i % 3) + 1 }, (_, j) => [`f-${i}-${j}.txt`, `${j}\n`])) }));
    const w = createBranchyWorld(defaultMaster(20, 12), branches);
    world = w;
    // A branch that merged master in, and master merging a branch: the graph is not a tree.
    w.git(w.clone, ['checkout', '--quiet', '-b', 'merger', 'origin/b/3']);
    w.git(w.clone, ['merge', '--quiet', '--no-edit', 'origin/master']);
    w.git(w.clone, ['push', '--quiet', 'origin', 'merger']);
    w.git(w.clone, ['checkout', '--quiet', 'master']);
    w.git(w.clone, ['merge', '--quiet', '--no-ff', '--no-edit', 'origin/b/5']);
    w.git(w.clone, ['push', '--quiet', 'origin', 'master']);
    w.git(w.clone, ['fetch', '--quiet', 'origin']);
    const main = w.git(w.clone, ['rev-parse', 'origin/master']).trim();
    const tips = w.git(w.clone, ['for-each-ref', '--format=%(objectname)', 'refs/remotes/origin/']).trim().split('\n');
    const batch = await aheadBehindAll(w.clone, main, tips);
    const oneByOne = await aheadBehindOneByOne(w.clone, main, tips);
    expect(batch.size).toBe(new Set(tips).size);
    expect(batch).toEqual(oneByOne);
  });

  it('checks conflicts without touching the work tree, the index or HEAD', async () => {
    const w = smallWorld();
    writeFileSync(path.join(w.clone, 'main-1.txt'), 'uncommitted local edit\n');
    w.git(w.clone, ['status', '--porcelain']); // settle the index's stat cache first
    // The index is looked at before `git status`, which may itself refresh it.
    const look = () => ({
      index: readFileSync(path.join(w.clone, '.git', 'index')).toString('base64'),
      head: w.git(w.clone, ['rev-parse', 'HEAD']),
      status: w.git(w.clone, ['--no-optional-locks', 'status', '--porcelain']),
      files: readdirSync(w.clone).sort(),
      edit: readFileSync(path.join(w.clone, 'main-1.txt'), 'utf8'),
    });
    const before = look();
    const snapshot = await new GitReadinessReader({ repoPath: w.clone }).read();
    expect(snapshot.branches.find((b) => b.name === 'feat/conflicting')?.conflict.kind).toBe('conflicts');
    expect(look()).toEqual(before);
    expect(before.edit).toBe('uncommitted local edit\n');
  });

  it('treats branch names with shell metacharacters and unicode as data, never executing them', async () => {
    const names = ['feat/$(touch${IFS}pwned)', 'feat/`touch${IFS}pwned2`', 'feat/;touch${IFS}pwned3;', 'fix/ünïcødé-ß-分支', "it's/a|b&c>d"];
    const w = createBranchyWorld(defaultMaster(4, 2), names.map((name, i) => ({ name, forkAt: i % 2, files: { [`n${i}.txt`]: `${i}\n`, 'shared.txt': `branch ${i}\n` } })));
    world = w;
    const snapshot = await new GitReadinessReader({ repoPath: w.clone }).read();
    expect(snapshot.branches.map((b) => b.name).sort()).toEqual([...names].sort());
    for (const branch of snapshot.branches) {
      expect(branch.headSha).toBe(w.git(w.origin, ['rev-parse', `refs/heads/${branch.name}`]).trim());
      expect(branch.conflict.kind).toBe('conflicts');
    }
    for (const dir of [w.root, w.clone, w.origin, process.cwd(), os.tmpdir()]) {
      for (const file of ['pwned', 'pwned2', 'pwned3']) expect(existsSync(path.join(dir, file)), `${dir}/${file}`).toBe(false);
    }
  });

  it('drops a deleted branch and follows a new push after the next fetch', async () => {
    const w = smallWorld();
    const reader = new GitReadinessReader({ repoPath: w.clone });
    const first = await reader.read();
    expect(first.branches.map((b) => b.name)).toContain('old/merged');
    w.git(w.origin, ['update-ref', '-d', 'refs/heads/old/merged']);
    const parent = w.git(w.origin, ['rev-parse', 'feat/up-to-date']).trim();
    const tree = w.git(w.origin, ['rev-parse', 'feat/up-to-date^{tree}']).trim();
    const pushed = w.git(w.origin, ['commit-tree', tree, '-p', parent, '-m', 'another push']).trim();
    w.git(w.origin, ['update-ref', 'refs/heads/feat/up-to-date', pushed]);
    const second = await reader.read();
    expect(second.branches.map((b) => b.name)).not.toContain('old/merged');
    expect(second.branches.find((b) => b.name === 'feat/up-to-date')).toMatchObject({ headSha: pushed, ahead: 3, behind: 0 });
  });

  it('remembers conflict answers per commit pair, so an unchanged refresh runs no merge-tree', async () => {
    const w = smallWorld();
    // Today's per-branch path, so every branch both ahead and behind is merged once.
    const reader = new GitReadinessReader({ repoPath: w.clone, conflictChecks: { prefilter: false } });
    await reader.read();
    const afterFirst = reader.conflictChecksRun;
    expect(afterFirst).toBe(3); // only branches both ahead and behind are merged
    await reader.read();
    expect(reader.conflictChecksRun).toBe(afterFirst);
  });

  it('keeps the last fetched state, and says why, when fetch fails', async () => {
    const w = smallWorld();
    w.git(w.clone, ['remote', 'set-url', 'origin', path.join(w.root, 'gone.git')]);
    const snapshot = await new GitReadinessReader({ repoPath: w.clone }).read();
    expect(snapshot.fetch.ok).toBe(false);
    expect(snapshot.fetch).toMatchObject({ reason: expect.stringContaining('git fetch failed') });
    expect(snapshot.branches).toHaveLength(5);
  });

  describe('configuration errors', () => {
    it('a clone path that is not a git repository', async () => {
      const w = smallWorld();
      const error = await new GitReadinessReader({ repoPath: w.root }).read().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitConfigError);
      expect(error).toMatchObject({ code: 'config-invalid', problem: 'not-a-repository', message: `repository.path ${w.root} is not a git repository (clone the product repository there)` });
    });

    it('a clone path that does not exist', async () => {
      const missing = path.join(os.tmpdir(), 'rd-no-such-clone-7f3a');
      await expect(new GitReadinessReader({ repoPath: missing }).read()).rejects.toMatchObject({ problem: 'not-a-repository', code: 'config-invalid' });
    });

    it('a main branch that does not exist', async () => {
      const w = smallWorld();
      await expect(new GitReadinessReader({ repoPath: w.clone, mainBranch: 'main' }).read()).rejects.toMatchObject({
        problem: 'main-branch-missing',
        message: expect.stringContaining('repository.mainBranch "main" does not exist on origin'),
      });
    });

    it('a remote that does not exist', async () => {
      const w = smallWorld();
      await expect(new GitReadinessReader({ repoPath: w.clone, remote: 'upstream' }).read()).rejects.toMatchObject({ problem: 'remote-missing' });
    });
  });
});
