/**
 * Why a branch is not eligible: one entry per unmet condition, each with a plain reason a
 * person can act on and, where one exists, a link (the failing check, the pull request).
 */
import type { CheckState } from './branch-facts';

interface BlockerBase {
  readonly reason: string;
  readonly link?: string;
}

export type Blocker =
  | (BlockerBase & { readonly kind: 'ci-failed'; readonly check: string; readonly checkState: CheckState })
  | (BlockerBase & { readonly kind: 'ci-pending'; readonly check: string })
  | (BlockerBase & { readonly kind: 'ci-cancelled'; readonly check: string })
  /** `check` is null when no check at all was reported on the head commit. */
  | (BlockerBase & { readonly kind: 'ci-missing'; readonly check: string | null })
  | (BlockerBase & { readonly kind: 'local-tests-missing' })
  | (BlockerBase & { readonly kind: 'local-tests-failed'; readonly testedSha: string })
  | (BlockerBase & { readonly kind: 'local-tests-stale'; readonly testedSha: string })
  | (BlockerBase & { readonly kind: 'sign-off-missing' })
  | (BlockerBase & { readonly kind: 'sign-off-stale'; readonly signedSha: string; readonly by: string })
  | (BlockerBase & { readonly kind: 'conflicts'; readonly files: readonly string[] })
  | (BlockerBase & { readonly kind: 'behind'; readonly behind: number })
  /** `readiness.flaky: block`: passed and failed on the same commit. */
  | (BlockerBase & {
      readonly kind: 'flaky';
      readonly source: 'check' | 'local-tests';
      readonly name: string;
      readonly runs: number;
      readonly failed: number;
    });

export type BlockerKind = Blocker['kind'];

/** A fact the rule needed but could not get; the verdict is then `unknown`, not a guess. */
export interface UnknownFact {
  readonly fact: 'ci' | 'conflicts';
  readonly reason: string;
}

export type Readiness =
  | { readonly state: 'eligible'; readonly sha: string }
  | {
      readonly state: 'blocked';
      readonly sha: string;
      readonly blockers: readonly Blocker[];
      /** Facts that could not be checked as well; fixing the blockers may not be enough. */
      readonly unknowns: readonly UnknownFact[];
    }
  | { readonly state: 'unknown'; readonly sha: string; readonly unknowns: readonly UnknownFact[] };

/** The one-line reason a branch is not eligible (for the board and the CLI). */
export function summarizeReadiness(readiness: Readiness): string {
  switch (readiness.state) {
    case 'eligible':
      return 'eligible for release';
    case 'blocked':
      return readiness.blockers.map((blocker) => blocker.reason).join('; ');
    case 'unknown':
      return `cannot tell: ${readiness.unknowns.map((unknown) => unknown.reason).join('; ')}`;
  }
}
