/** What the workspace requires before a branch may be released (from release-desk.yml). */
export interface ReadinessPolicy {
  /** Check names that must succeed; empty = every check reported on the head commit. */
  readonly requiredChecks: readonly string[];
  /** A branch behind the main branch is still eligible when it merges without conflicts. */
  readonly allowBehindIfConflictFree: boolean;
  /** False when the workspace has no CI provider (the CI condition is then not applied). */
  readonly requireCi: boolean;
  /** False when the workspace configures no local test command. */
  readonly requireLocalTests: boolean;
  /** False when the workspace names nobody who signs off manual testing. */
  readonly requireSignOff: boolean;
  /**
   * A check or the local tests both passed and failed on the head commit: `warn` (default)
   * shows it and lets the newest run count; `block` blocks like a failure.
   */
  readonly flaky?: 'warn' | 'block';
}

export const DEFAULT_READINESS_POLICY: ReadinessPolicy = {
  requiredChecks: [],
  allowBehindIfConflictFree: false,
  requireCi: true,
  requireLocalTests: true,
  requireSignOff: true,
  flaky: 'warn',
};
