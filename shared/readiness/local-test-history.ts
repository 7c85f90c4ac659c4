/**
 * The local test runs of a branch, grouped by the commit they ran on: what "Run again"
 * adds to, what the branch detail lists and what `release-desk readiness BRANCH --json`
 * reports as `localTestRuns`. Pure.
 */
import type { LocalTestFacts } from './branch-facts';

export interface LocalTestRunsOnCommit {
  readonly sha: string;
  /** Oldest first. */
  readonly runs: readonly LocalTestFacts[];
}

/** Commits in the order their latest run happened, the most recent first. */
export function localTestRunsPerCommit(runs: readonly LocalTestFacts[]): LocalTestRunsOnCommit[] {
  const byCommit = new Map<string, LocalTestFacts[]>();
  for (const run of runs) {
    const list = byCommit.get(run.sha) ?? [];
    list.push(run);
    byCommit.set(run.sha, list);
  }
  const lastAt = (list: readonly LocalTestFacts[]) => Date.parse(list[list.length - 1]?.at ?? '') || 0;
  return [...byCommit].map(([sha, list]) => ({ sha, runs: list })).sort((a, b) => lastAt(b.runs) - lastAt(a.runs));
}
