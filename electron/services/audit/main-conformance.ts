/**
 * Policy conformance of a workspace's main branch: fetch it, walk its first-parent history with
 * git, and classify every commit (shared/audit/conformance.ts) against the journal's releases and,
 * for the others, GitHub's pull requests. Serial GitHub look-ups (GitHub asks for serial
 * requests per token), one per commit that is not a release's merge.
 */
import { conformanceReport, needsPullLookup, neighbours, releasedMerges, type ConformanceReport, type MainCommit, type PullAnswer } from '../../../shared/audit/conformance';
import type { JournalEvent } from '../../../shared/releases/release-events';
import type { CommitPullsSource } from '../github/commit-pulls';
import { GitCommandError, runGit } from '../git/run-git';

export interface MainConformanceInput {
  readonly repoPath: string;
  readonly remote: string;
  readonly mainBranch: string;
  readonly events: readonly JournalEvent[];
  /** ISO 8601: only commits committed since. */
  readonly since: string | null;
  readonly pulls: CommitPullsSource;
  /**
   * One release's evidence needs only the commits between the releases merged before and after
   * it: with its id, GitHub is asked about those alone (the others stay "not asked").
   */
  readonly around?: string;
  /** A time budget (ms) for the whole check: the fetch gets at most that, and GitHub is not asked once it has run out. */
  readonly budgetMs?: number;
  readonly now?: () => number;
}

export interface MainConformance {
  readonly report: ConformanceReport;
  /** Things the reader should know (a fetch that failed: the last fetched state was walked). */
  readonly notes: readonly string[];
  /** GitHub requests made. */
  readonly lookups: number;
}

export class ConformanceGitError extends Error {}

export async function checkMainConformance(input: MainConformanceInput): Promise<MainConformance> {
  const { repoPath, remote, mainBranch } = input;
  const notes: string[] = [];
  const remoteRef = `refs/remotes/${remote}/${mainBranch}`;
  const now = input.now ?? Date.now;
  const deadline = input.budgetMs === undefined ? Number.POSITIVE_INFINITY : now() + input.budgetMs;
  try {
    await runGit(repoPath, ['fetch', '--quiet', remote, `+refs/heads/${mainBranch}:${remoteRef}`], { timeoutMs: Math.min(120_000, input.budgetMs ?? 120_000) });
  } catch (error) {
    notes.push(`could not fetch ${mainBranch} from ${remote} (${error instanceof GitCommandError ? error.message : String(error)}); the last fetched state was walked`);
  }
  const ref = (await refExists(repoPath, remoteRef)) ? remoteRef : (await refExists(repoPath, `refs/heads/${mainBranch}`)) ? `refs/heads/${mainBranch}` : null;
  if (ref === null) throw new ConformanceGitError(`${repoPath}: neither ${remoteRef} nor refs/heads/${mainBranch} exists (repository.mainBranch and repository.remote in release-desk.yml)`);
  if (ref !== remoteRef) notes.push(`${remoteRef} does not exist; walked the local ${mainBranch}`);

  const commits = await firstParentHistory(repoPath, ref, input.since);
  const merges = releasedMerges(input.events);
  const answers = new Map<string, PullAnswer>();
  let lookups = 0;
  if (input.pulls.kind === 'github') {
    for (const commit of lookupCandidates(commits, merges, input.around)) {
      if (!needsPullLookup(commit, merges)) continue;
      const left = deadline - now();
      if (left <= 0) {
        answers.set(commit.sha, { kind: 'unknown', reason: `GitHub was not asked: the check's time budget of ${budgetText(input.budgetMs)} ran out` });
        continue;
      }
      lookups++;
      const answer = input.pulls.lookup(commit.sha);
      answers.set(commit.sha, Number.isFinite(left) ? await withinBudget(answer, left, `GitHub did not answer within the check's time budget of ${budgetText(input.budgetMs)}`) : await answer);
    }
  }
  const report = conformanceReport({ ref, since: input.since, commits, merges, answers, githubUnavailable: input.pulls.kind === 'unavailable' ? input.pulls.reason : null });
  return { report, notes, lookups };
}

/** Every commit, or with a release id only the ones around its merge (none when it is not on the walked history). */
function lookupCandidates(commits: readonly MainCommit[], merges: ReturnType<typeof releasedMerges>, around: string | undefined): readonly MainCommit[] {
  if (around === undefined) return commits;
  const index = commits.findIndex((commit) => merges.get(commit.sha)?.releaseId === around);
  return index < 0 ? [] : neighbours(commits, index, (commit) => merges.has(commit.sha));
}

/** The answer, or "unknown" once `ms` have passed (the request itself ends on the client's own timeout). */
async function withinBudget(answer: Promise<PullAnswer>, ms: number, reason: string): Promise<PullAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<PullAnswer>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'unknown', reason }), ms);
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

function budgetText(ms: number | undefined): string {
  return ms === undefined ? 'none' : `${Math.round(ms / 100) / 10} s`;
}

async function refExists(repoPath: string, ref: string): Promise<boolean> {
  const run = await runGit(repoPath, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { okExitCodes: [0, 1, 128] });
  return run.code === 0;
}

/** Newest first. The subject goes last: it is the only field that could hold the separator. */
async function firstParentHistory(repoPath: string, ref: string, since: string | null): Promise<MainCommit[]> {
  const run = await runGit(repoPath, ['log', '--first-parent', '--format=%H%x1f%ct%x1f%ae%x1f%s', ...(since === null ? [] : [`--since=${since}`]), ref, '--'], { timeoutMs: 120_000 });
  return run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [sha = '', seconds = '', author = '', ...subject] = line.split('\x1f');
      return { sha, subject: subject.join('\x1f').slice(0, 1000), author: author.slice(0, 200), committedAt: new Date(Number(seconds) * 1000).toISOString() };
    });
}
