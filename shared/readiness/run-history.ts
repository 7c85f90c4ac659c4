/**
 * "Passing reliably": a check or a local test run that has both passed and failed on the
 * same commit is flaky. The commit did not change between those runs, so the result says
 * more about the test than about the code; the board shows it, and `readiness.flaky: block`
 * makes it block like a failure. Pure: the CI sources and the records only collect the runs.
 */
import type { CheckResult, CheckState } from './branch-facts';
import { shortSha } from '../text/short-sha';

export type RunOutcome = 'passed' | 'failed';

/** Every finished run of one check (or of the local tests) on one commit. */
export interface RunHistory {
  readonly source: 'check' | 'local-tests';
  /** The check's name; `local tests` for the workspace's local test command. */
  readonly name: string;
  readonly sha: string;
  /** Oldest first; runs still going, cancelled or skipped are not outcomes and are left out. */
  readonly outcomes: readonly RunOutcome[];
}

export interface FlakyResult {
  readonly source: RunHistory['source'];
  readonly name: string;
  readonly sha: string;
  readonly runs: number;
  readonly failed: number;
  /** The outcome that counts for the verdict: the newest run's. */
  readonly latest: RunOutcome;
  /** For people: `failed 1 of 3 runs on 3f1c2ab`. */
  readonly history: string;
}

export const LOCAL_TESTS_RUN_NAME = 'local tests';

const FAILED: ReadonlySet<CheckState> = new Set(['failure', 'error', 'timed-out', 'stale']);

/**
 * A check state as a run outcome; null when the run has not decided anything (still going,
 * cancelled, waiting for a person).
 */
export function checkRunOutcome(state: CheckState): RunOutcome | null {
  if (FAILED.has(state)) return 'failed';
  // Skipped and neutral let a branch pass, but a skipped run did not pass any test.
  return state === 'success' ? 'passed' : null;
}

/**
 * The histories of checks reported more than once on `sha` (re-runs), oldest first as
 * given. A check reported once has no history worth keeping.
 */
export function checkHistories(sha: string, runs: readonly CheckResult[]): RunHistory[] {
  const byName = new Map<string, RunOutcome[]>();
  for (const run of runs) {
    const outcome = checkRunOutcome(run.state);
    if (outcome === null) continue;
    const outcomes = byName.get(run.name) ?? [];
    outcomes.push(outcome);
    byName.set(run.name, outcomes);
  }
  return [...byName].filter(([, outcomes]) => outcomes.length > 1).map(([name, outcomes]) => ({ source: 'check', name, sha, outcomes }));
}

/** The flaky results among `histories` that are about `headSha`, in the order given. */
export function flakyResults(histories: readonly RunHistory[], headSha: string): FlakyResult[] {
  return histories.flatMap((history): FlakyResult[] => {
    if (history.sha !== headSha) return [];
    const failed = history.outcomes.filter((outcome) => outcome === 'failed').length;
    const runs = history.outcomes.length;
    const latest = history.outcomes[runs - 1];
    if (latest === undefined || failed === 0 || failed === runs) return [];
    return [{ source: history.source, name: history.name, sha: history.sha, runs, failed, latest, history: describeRuns(failed, runs, history.sha) }];
  });
}

export function describeRuns(failed: number, runs: number, sha: string): string {
  return `failed ${failed} of ${runs} run${runs === 1 ? '' : 's'} on ${shortSha(sha)}`;
}

/** `check "build" is flaky: failed 1 of 3 runs on 3f1c2ab` (or `local tests are flaky: …`). */
export function flakyReason(result: Pick<FlakyResult, 'source' | 'name' | 'history'>): string {
  return `${result.source === 'check' ? `check "${result.name}" is` : 'local tests are'} flaky: ${result.history}`;
}
