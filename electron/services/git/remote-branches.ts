/**
 * The remote's branches as the local clone last fetched them: one `git for-each-ref` call
 * gives every branch's head, author and last commit time.
 */
import { stat } from 'node:fs/promises';
import { GitConfigError } from './git-errors';
import { GitCommandError, runGit } from './run-git';

export interface RemoteBranch {
  /** Without the remote prefix: `feat/login`. */
  readonly name: string;
  /** The full ref, e.g. `refs/remotes/origin/feat/login`. */
  readonly ref: string;
  readonly headSha: string;
  readonly author: { readonly name: string; readonly email: string };
  /** Committer date of the head commit, ISO 8601. */
  readonly lastCommitAt: string;
  readonly subject: string;
}

export type FetchOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Fails with a GitConfigError unless `repoPath` is the top of (or inside) a git repository
 * that has `remote`. One `git remote` answers both (it fails outside a repository): each git
 * process costs a one-shot CLI run about 10 ms.
 */
export async function assertRepositoryWithRemote(repoPath: string, remote: string): Promise<void> {
  const info = await stat(repoPath).catch(() => null);
  if (info === null || !info.isDirectory()) {
    throw new GitConfigError('not-a-repository', `repository.path ${repoPath} does not exist or is not a folder`);
  }
  let remotes: string;
  try {
    remotes = (await runGit(repoPath, ['remote'])).stdout;
  } catch (error) {
    if (error instanceof GitCommandError) {
      throw new GitConfigError('not-a-repository', `repository.path ${repoPath} is not a git repository (clone the product repository there)`);
    }
    throw error;
  }
  if (!remotes.split('\n').includes(remote)) {
    throw new GitConfigError('remote-missing', `repository.remote "${remote}" is not a remote of ${repoPath}`);
  }
}

/**
 * `git fetch --prune`: new pushes arrive and deleted branches disappear. A failed fetch
 * (offline, credentials) is an outcome, not an error: the last fetched state is still shown.
 */
export async function fetchRemote(repoPath: string, remote: string, timeoutMs = 120_000): Promise<FetchOutcome> {
  try {
    await runGit(repoPath, ['fetch', '--prune', '--no-tags', '--quiet', '--', remote], { timeoutMs });
    return { ok: true };
  } catch (error) {
    if (error instanceof GitCommandError) return { ok: false, reason: error.message };
    throw error;
  }
}

/**
 * Fetches the named branches only (`readiness BRANCH`: the branch and the main branch), much
 * less than a whole fetch on a busy remote. A name the remote does not have (deleted, mistyped,
 * not a valid ref name) fails the fetch; then the whole remote is fetched with --prune, so a
 * deleted branch disappears as it would from the board.
 */
export async function fetchBranches(repoPath: string, remote: string, names: readonly string[], timeoutMs = 120_000): Promise<FetchOutcome> {
  const refspecs = names.map((name) => `+refs/heads/${name}:refs/remotes/${remote}/${name}`);
  try {
    await runGit(repoPath, ['fetch', '--no-tags', '--quiet', '--', remote, ...refspecs], { timeoutMs });
    return { ok: true };
  } catch (error) {
    if (error instanceof GitCommandError) return fetchRemote(repoPath, remote, timeoutMs);
    throw error;
  }
}

/** What fetchIfMoved did, and the clone's remote branches when it did not fetch (listed to compare, so nobody lists them again). */
export interface FetchIfMovedResult {
  readonly fetch: FetchOutcome;
  readonly unchanged: readonly RemoteBranch[] | null;
}

/**
 * Fetches only when the remote's branch heads differ from the clone's remote-tracking refs
 * (all of them, or only `names`'). `git ls-remote --heads` moves no objects and costs one
 * light process; a fetch, even with nothing to bring, spawns several (upload-pack,
 * connectivity check, auto maintenance). If the remote cannot be listed, the fetch runs and
 * reports why it failed.
 */
export async function fetchIfMoved(repoPath: string, remote: string, names?: readonly string[]): Promise<FetchIfMovedResult> {
  const fetch = async () => ({ fetch: await (names === undefined ? fetchRemote(repoPath, remote) : fetchBranches(repoPath, remote, names)), unchanged: null });
  let listed: string;
  try {
    listed = (await runGit(repoPath, ['ls-remote', '--heads', '--', remote], { timeoutMs: 60_000 })).stdout;
  } catch (error) {
    if (error instanceof GitCommandError) return fetch();
    throw error;
  }
  const theirs = new Map<string, string>();
  for (const line of listed.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0 && line.startsWith('refs/heads/', tab + 1)) theirs.set(line.slice(tab + 1 + 'refs/heads/'.length), line.slice(0, tab));
  }
  const branches = await listRemoteBranches(repoPath, remote);
  const ours = new Map(branches.map((branch) => [branch.name, branch.headSha]));
  const wanted = names ?? [...new Set([...theirs.keys(), ...ours.keys()])];
  return wanted.every((name) => theirs.get(name) === ours.get(name)) ? { fetch: { ok: true }, unchanged: branches } : fetch();
}

const FIELDS = ['%(refname)', '%(objectname)', '%(authorname)', '%(authoremail:trim)', '%(committerdate:iso-strict)', '%(symref)', '%(subject)'];

export async function listRemoteBranches(repoPath: string, remote: string): Promise<RemoteBranch[]> {
  const prefix = `refs/remotes/${remote}/`;
  const { stdout } = await runGit(repoPath, ['for-each-ref', `--format=${FIELDS.join('%00')}`, '--', prefix]);
  const branches: RemoteBranch[] = [];
  // Ref names, names and subjects cannot hold a newline (git strips them), so lines are records.
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const [ref = '', sha = '', authorName = '', authorEmail = '', date = '', symref = '', subject = ''] = line.split('\0');
    if (symref !== '') continue; // origin/HEAD points at another branch
    branches.push({
      name: ref.slice(prefix.length),
      ref,
      headSha: sha,
      author: { name: authorName, email: authorEmail },
      lastCommitAt: new Date(date).toISOString(),
      subject,
    });
  }
  return branches;
}
