/**
 * Runs work in a temporary, detached git worktree of one exact commit, so the user's own
 * checkout (files, index, HEAD) is never touched; the worktree is removed afterwards
 * whatever happens.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { shortSha } from '../../../shared/text/short-sha';
import { runGit } from './run-git';

export type WorktreeOutcome<T> = { readonly kind: 'ran'; readonly value: T } | { readonly kind: 'no-checkout'; readonly reason: string };

export async function withDetachedWorktree<T>(
  repoPath: string,
  sha: string,
  work: (folder: string) => Promise<T>,
): Promise<WorktreeOutcome<T>> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'release-desk-worktree-'));
  try {
    try {
      await runGit(repoPath, ['worktree', 'add', '--detach', '--quiet', folder, sha]);
    } catch (error) {
      return { kind: 'no-checkout', reason: `cannot check out ${shortSha(sha)}: ${(error as Error).message}` };
    }
    return { kind: 'ran', value: await work(folder) };
  } finally {
    await runGit(repoPath, ['worktree', 'remove', '--force', folder]).catch(() => undefined);
    await rm(folder, { recursive: true, force: true });
    await runGit(repoPath, ['worktree', 'prune']).catch(() => undefined);
  }
}
