/**
 * Merges a release into the main branch with git alone: `git merge --no-ff` of the frozen
 * SHA onto the remote's main branch, in a temporary worktree of the clone (the user's own
 * checkout is never touched), then an ordinary push. Nothing is ever forced: a conflict or
 * a rejected push is reported as git said it.
 */
import { GitCommandError, runGit } from '../git/run-git';
import { withDetachedWorktree } from '../git/worktree';

export interface GitMergeRequest {
  readonly repoPath: string;
  readonly remote: string;
  readonly mainBranch: string;
  readonly sha: string;
  readonly message: string;
  /** Each git command and its output, for the step's log. */
  readonly log: (line: string) => void;
}

export type GitMergeOutcome = { readonly kind: 'merged'; readonly mergeCommit: string } | { readonly kind: 'failed'; readonly reason: string };

export async function mergeWithGit(request: GitMergeRequest): Promise<GitMergeOutcome> {
  const { repoPath, remote, mainBranch, sha, log } = request;
  const git = async (cwd: string, args: readonly string[], okExitCodes: readonly number[] = [0]) => {
    log(`$ git ${args.join(' ')}`);
    const run = await runGit(cwd, args, { okExitCodes, timeoutMs: 120_000 });
    const said = `${run.stdout}${run.stderr}`.trim();
    if (said !== '') log(said);
    return run;
  };
  try {
    await git(repoPath, ['fetch', '--quiet', remote, `+refs/heads/${mainBranch}:refs/remotes/${remote}/${mainBranch}`]);
    const base = (await git(repoPath, ['rev-parse', '--verify', `refs/remotes/${remote}/${mainBranch}^{commit}`])).stdout.trim();
    const outcome = await withDetachedWorktree(repoPath, base, async (folder): Promise<GitMergeOutcome> => {
      const merge = await git(folder, ['merge', '--no-ff', '--no-edit', '-m', request.message, sha], [0, 1]);
      if (merge.code !== 0) {
        const conflicts = (await git(folder, ['diff', '--name-only', '--diff-filter=U'], [0, 1]).catch(() => null))?.stdout.trim().split('\n').filter((f) => f !== '') ?? [];
        await git(folder, ['merge', '--abort'], [0, 1, 128]).catch(() => undefined);
        return { kind: 'failed', reason: conflicts.length > 0 ? `merge conflict in ${conflicts.join(', ')}` : `git merge failed: ${firstLine(merge.stdout + merge.stderr)}` };
      }
      const mergeCommit = (await git(folder, ['rev-parse', 'HEAD'])).stdout.trim();
      const push = await git(folder, ['push', '--porcelain', remote, `HEAD:refs/heads/${mainBranch}`], [0, 1, 128]);
      if (push.code !== 0) return { kind: 'failed', reason: `the push to ${remote}/${mainBranch} was rejected: ${firstLine(push.stderr || push.stdout)}` };
      return { kind: 'merged', mergeCommit };
    });
    return outcome.kind === 'ran' ? outcome.value : { kind: 'failed', reason: outcome.reason };
  } catch (error) {
    return { kind: 'failed', reason: error instanceof GitCommandError ? error.message : String(error) };
  }
}

/** Fetches the remote's main branch and says whether it contains `sha`. */
export async function remoteMainContains(repoPath: string, remote: string, mainBranch: string, sha: string): Promise<boolean> {
  await runGit(repoPath, ['fetch', '--quiet', remote, `+refs/heads/${mainBranch}:refs/remotes/${remote}/${mainBranch}`], { timeoutMs: 120_000 });
  const check = await runGit(repoPath, ['merge-base', '--is-ancestor', sha, `refs/remotes/${remote}/${mainBranch}`], { okExitCodes: [0, 1] });
  return check.code === 0;
}

function firstLine(text: string): string {
  return text.trim().split('\n').find((line) => line.trim() !== '' && !line.startsWith('hint:'))?.trim() ?? 'no message';
}
