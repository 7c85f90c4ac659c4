/**
 * Policy conformance: the seed's rule is that the main branch receives only released branches.
 * Each commit of the main branch's first-parent history is classified (pure: the CLI, the
 * History view and the evidence report share one answer):
 *
 * - `released` — the merge commit a recorded release wrote (`merged` event, or the merge step's
 *   facts), naming the release;
 * - `pull-request` — not a release's, but GitHub says a merged pull request brought it (link);
 * - `direct` — neither: pushed straight to the main branch;
 * - `unknown` — not a release's, and GitHub could not be asked (no connection, no repository, an
 *   error): a pull request outside Release Desk and a direct push cannot be told apart, and this
 *   says so rather than guessing.
 */
import type { JournalEvent } from '../releases/release-events';
import { shortSha } from '../text/short-sha';

export interface MainCommit {
  readonly sha: string;
  readonly subject: string;
  readonly author: string;
  /** ISO 8601 UTC. */
  readonly committedAt: string;
}

export interface AssociatedPull {
  readonly number: number;
  readonly url: string;
  readonly title: string;
  /** Null when the pull request was never merged. */
  readonly mergedAt: string | null;
  readonly mergeCommitSha: string | null;
}

/** What GitHub said about one commit's pull requests, or why it could not be asked. */
export type PullAnswer = { readonly kind: 'pulls'; readonly pulls: readonly AssociatedPull[] } | { readonly kind: 'unknown'; readonly reason: string };

export type CommitVerdict =
  | { readonly kind: 'released'; readonly releaseId: string; readonly environment: string; readonly branch: string | null }
  | { readonly kind: 'pull-request'; readonly number: number; readonly url: string; readonly title: string }
  | { readonly kind: 'direct'; readonly note: string | null }
  | { readonly kind: 'unknown'; readonly reason: string };

export type ClassifiedCommit = MainCommit & { readonly verdict: CommitVerdict };

export interface ConformanceReport {
  /** The ref walked, e.g. refs/remotes/origin/master. */
  readonly ref: string;
  readonly since: string | null;
  /** Newest first, as the first-parent walk gives them. */
  readonly commits: readonly ClassifiedCommit[];
  readonly counts: { readonly released: number; readonly pullRequest: number; readonly direct: number; readonly unknown: number };
  /** Every commit came through a release. */
  readonly conformant: boolean;
  /** Why GitHub was not asked at all (then exceptions are `unknown`); null when it was. */
  readonly githubUnavailable: string | null;
}

export interface ReleasedMerge {
  readonly releaseId: string;
  readonly environment: string;
  readonly branch: string | null;
}

/** Every merge commit a recorded release wrote, by SHA. */
export function releasedMerges(events: readonly JournalEvent[]): ReadonlyMap<string, ReleasedMerge> {
  const branches = new Map<string, string>();
  const merges = new Map<string, ReleasedMerge>();
  for (const event of events) {
    if (event.releaseId === null) continue;
    if (event.type === 'planned') branches.set(event.releaseId, event.data.branch);
    const mergeCommit =
      event.type === 'merged'
        ? event.data.mergeCommit
        : event.type === 'step-finished' && event.data.step === 'merge' && event.data.outcome === 'succeeded'
          ? event.data.facts.mergeCommit
          : undefined;
    if (mergeCommit !== undefined && !merges.has(mergeCommit)) {
      merges.set(mergeCommit, { releaseId: event.releaseId, environment: event.environment, branch: branches.get(event.releaseId) ?? null });
    }
  }
  return merges;
}

/** Whether a commit needs GitHub's answer (it is not a release's merge). */
export function needsPullLookup(commit: MainCommit, merges: ReadonlyMap<string, ReleasedMerge>): boolean {
  return !merges.has(commit.sha);
}

export function classifyCommit(commit: MainCommit, merges: ReadonlyMap<string, ReleasedMerge>, answer: PullAnswer | undefined): CommitVerdict {
  const merge = merges.get(commit.sha);
  if (merge !== undefined) return { kind: 'released', ...merge };
  if (answer === undefined) return { kind: 'unknown', reason: 'GitHub was not asked about this commit' };
  if (answer.kind === 'unknown') return { kind: 'unknown', reason: answer.reason };
  const merged = answer.pulls.filter((pull) => pull.mergedAt !== null);
  // The pull request whose merge wrote this very commit, else any merged one that carried it.
  const pull = merged.find((candidate) => candidate.mergeCommitSha === commit.sha) ?? merged[0];
  if (pull !== undefined) return { kind: 'pull-request', number: pull.number, url: pull.url, title: pull.title };
  const unmerged = answer.pulls[0];
  return { kind: 'direct', note: unmerged === undefined ? null : `pull request #${unmerged.number} carries it but was not merged` };
}

export function conformanceReport(input: {
  readonly ref: string;
  readonly since: string | null;
  readonly commits: readonly MainCommit[];
  readonly merges: ReadonlyMap<string, ReleasedMerge>;
  readonly answers: ReadonlyMap<string, PullAnswer>;
  readonly githubUnavailable: string | null;
}): ConformanceReport {
  const commits = input.commits.map((commit) => {
    const answer = input.githubUnavailable === null ? input.answers.get(commit.sha) : { kind: 'unknown' as const, reason: input.githubUnavailable };
    return { ...commit, verdict: classifyCommit(commit, input.merges, answer) };
  });
  const count = (kind: CommitVerdict['kind']) => commits.filter((commit) => commit.verdict.kind === kind).length;
  return {
    ref: input.ref,
    since: input.since,
    commits,
    counts: { released: count('released'), pullRequest: count('pull-request'), direct: count('direct'), unknown: count('unknown') },
    conformant: commits.every((commit) => commit.verdict.kind === 'released'),
    githubUnavailable: input.githubUnavailable,
  };
}

/**
 * A commit that did not come through a release, in one sentence. `reasonSaid`: a reason already
 * said once above the list (GitHub was not asked at all), left out of each line.
 */
export function describeException(commit: ClassifiedCommit, reasonSaid: string | null = null): string {
  const head = `${shortSha(commit.sha)} ${JSON.stringify(commit.subject)} (${commit.author}, ${commit.committedAt.slice(0, 10)})`;
  const { verdict } = commit;
  switch (verdict.kind) {
    case 'released':
      return `${head}: merged by release ${verdict.releaseId}`;
    case 'pull-request':
      return `${head}: merged through pull request #${verdict.number} outside Release Desk: ${verdict.url}`;
    case 'direct':
      return `${head}: pushed directly (no pull request, no release)${verdict.note === null ? '' : `; ${verdict.note}`}`;
    case 'unknown':
      return `${head}: not merged by a release; a pull request outside Release Desk or a direct push cannot be told apart${verdict.reason === reasonSaid ? '' : ` (${verdict.reason})`}`;
  }
}

export type ConformanceAround =
  | { readonly kind: 'not-on-main'; readonly sentence: string }
  | { readonly kind: 'checked'; readonly conformant: boolean; readonly exceptions: readonly ClassifiedCommit[]; readonly sentence: string };

/**
 * Whether the main branch was conformant around one release, for its evidence report: the
 * commits between the release merged before it and the one merged after it (both exclusive),
 * besides its own merge.
 */
export function conformanceAround(report: ConformanceReport, releaseId: string): ConformanceAround {
  const index = report.commits.findIndex((commit) => commit.verdict.kind === 'released' && commit.verdict.releaseId === releaseId);
  if (index < 0) return { kind: 'not-on-main', sentence: `The merge of ${releaseId} is not in the walked history of ${report.ref}${report.since === null ? '' : ` since ${report.since}`}.` };
  const exceptions = neighbours(report.commits, index, (commit) => commit.verdict.kind === 'released');
  const sentence =
    exceptions.length === 0
      ? `${report.ref} was conformant around ${releaseId}: every commit between the releases merged before and after it came through a release.`
      : `${report.ref} was not conformant around ${releaseId}: ${exceptions.length} commit${exceptions.length === 1 ? '' : 's'} between the releases merged before and after it did not come through a release.`;
  return { kind: 'checked', conformant: exceptions.length === 0, exceptions, sentence };
}

/**
 * The commits around the one at `index` (newest first) up to the nearest released ones on
 * either side, both exclusive, without it: what conformanceAround judges, and so the only
 * commits GitHub must be asked about for one release's evidence.
 */
export function neighbours<T>(commits: readonly T[], index: number, isReleased: (commit: T) => boolean): T[] {
  // Newest first: the next release's merge is above, the previous one below.
  let newer = index;
  while (newer > 0 && !isReleased(commits[newer - 1] as T)) newer--;
  let older = index;
  while (older < commits.length - 1 && !isReleased(commits[older + 1] as T)) older++;
  return [...commits.slice(newer, index), ...commits.slice(index + 1, older + 1)];
}
