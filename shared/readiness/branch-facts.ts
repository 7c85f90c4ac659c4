/**
 * Everything Release Desk knows about one branch, gathered from git, the CI provider, local
 * test runs and sign-offs. Pure data: the readiness rule (evaluate-readiness.ts) turns it
 * into a verdict. Each source fills its own part, so a missing source is visible as such
 * (null / `unavailable`) rather than guessed.
 */
import type { RunHistory } from './run-history';

/** Normalised state of one CI check (GitHub check run conclusion or commit status state). */
export type CheckState =
  | 'success'
  | 'failure'
  | 'error'
  | 'timed-out'
  | 'action-required'
  | 'stale'
  | 'pending'
  | 'cancelled'
  | 'skipped'
  | 'neutral';

export interface CheckResult {
  readonly name: string;
  readonly state: CheckState;
  /** The check's page (details URL / target URL), when the provider gives one. */
  readonly url: string | null;
}

/**
 * CI results as the provider reports them. `sha` is the commit they belong to: when it is
 * not the branch's head (the provider has not seen the latest push yet), they do not count.
 */
export type CiFacts =
  | {
      readonly kind: 'reported';
      readonly sha: string;
      readonly checks: readonly CheckResult[];
    }
  /** The provider could not be asked (offline, rate-limited, token revoked, ...). */
  | { readonly kind: 'unavailable'; readonly reason: string }
  /** No CI provider is configured for the workspace. */
  | { readonly kind: 'not-configured' };

export type ConflictFacts =
  | { readonly kind: 'none' }
  | { readonly kind: 'conflicts'; readonly files: readonly string[] }
  | { readonly kind: 'unknown'; readonly reason: string };

/** The latest recorded run of the workspace's local test command on this branch. */
export interface LocalTestFacts {
  readonly sha: string;
  readonly outcome: 'passed' | 'failed';
  /** ISO 8601. */
  readonly at: string;
  readonly durationMs?: number;
  /** Who ran it, when a teammate did (their GitHub login); absent for runs on this machine. */
  readonly by?: string;
  /** A teammate's runs on this commit, when their published status says they disagreed. */
  readonly runs?: { readonly failed: number; readonly total: number };
}

/** "I tested this manually": who, which commit, when, which checklist items. */
export interface SignOffFacts {
  readonly sha: string;
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
  readonly items: readonly string[];
}

/**
 * Local test results and sign-offs that teammates published on a commit (Release Desk's own
 * commit statuses), as the CI provider reports them. `by` of a sign-off is the account
 * that published it, as GitHub vouches for it.
 */
export interface TeamRecords {
  readonly localTests: LocalTestFacts | null;
  readonly signOff: SignOffFacts | null;
}

export interface PullRequestFacts {
  readonly number: number;
  readonly url: string;
  readonly title: string;
  readonly reviewDecision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null;
}

export interface BranchFacts {
  /** The branch name without the remote prefix, e.g. `feat/login`. */
  readonly name: string;
  readonly headSha: string;
  readonly author: { readonly name: string; readonly email: string };
  /** Committer date of the head commit, ISO 8601. */
  readonly lastCommitAt: string;
  /** Commits on the branch that the main branch lacks. */
  readonly ahead: number;
  /** Commits on the main branch that the branch lacks. */
  readonly behind: number;
  readonly conflict: ConflictFacts;
  readonly ci: CiFacts;
  readonly localTests: LocalTestFacts | null;
  readonly signOff: SignOffFacts | null;
  readonly pullRequest?: PullRequestFacts | null;
  /** Every finished run of a check or of the local tests, per commit, where there was more than one. */
  readonly runHistory?: readonly RunHistory[];
}
