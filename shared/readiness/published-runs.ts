/**
 * A teammate's local runs on a commit, carried in the commit status they publish: GitHub keeps
 * only the newest status per context where the board reads it (GraphQL `status.contexts`), so
 * the publisher writes how many of its runs on that commit failed ("(1 of 3 runs on this
 * commit failed)") and the reader turns it back into a run history. A status without the tally
 * (one run, all alike, or an older Release Desk) says nothing about flakiness.
 */
import type { RunHistory, RunOutcome } from './run-history';

const TALLY = /\((\d{1,4}) of (\d{1,4}) runs on this commit failed\)/;

/** The tally for a status description, or '' when the runs do not disagree. */
export function publishedRunsTally(outcomes: readonly RunOutcome[]): string {
  const failed = outcomes.filter((outcome) => outcome === 'failed').length;
  return failed === 0 || failed === outcomes.length ? '' : `(${failed} of ${outcomes.length} runs on this commit failed)`;
}

export interface PublishedRuns {
  readonly failed: number;
  readonly total: number;
}

/** The tally in a published description, or null when there is none or it cannot be true. */
export function parsePublishedRuns(description: string | null): PublishedRuns | null {
  const match = description === null ? null : TALLY.exec(description);
  if (match === null) return null;
  const failed = Number(match[1]);
  const total = Number(match[2]);
  return failed > 0 && failed < total ? { failed, total } : null;
}

/**
 * The run history a published tally tells of, ending with the status's own outcome (the newest
 * run); null when the tally and that outcome cannot both be true.
 */
export function publishedRunHistory(runs: PublishedRuns, latest: RunOutcome, sha: string, name: string): RunHistory | null {
  const earlierFailed = runs.failed - (latest === 'failed' ? 1 : 0);
  const earlierPassed = runs.total - runs.failed - (latest === 'passed' ? 1 : 0);
  if (earlierFailed < 0 || earlierPassed < 0) return null;
  // The order inside the tally is unknown; only the newest run's outcome counts for the verdict.
  return { source: 'local-tests', name, sha, outcomes: [...Array<RunOutcome>(earlierFailed).fill('failed'), ...Array<RunOutcome>(earlierPassed).fill('passed'), latest] };
}
