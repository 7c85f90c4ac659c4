/**
 * What readiness knew of the branch when the release was planned, frozen into the `planned`
 * event: the pull request's review decision and reviewers, the CI checks and their states,
 * the local test run and the manual-testing sign-off. An auditor needs the state at the time
 * of release, not today's. Optional (journals written before it still parse), and each part
 * is null when the source did not know it: the evidence report then says "not recorded".
 */
import { z } from 'zod';

const Text = (max: number) => z.string().max(max);

export const SNAPSHOT_CHECK_STATES = ['success', 'failure', 'error', 'timed-out', 'action-required', 'stale', 'pending', 'cancelled', 'skipped', 'neutral'] as const;

export const ReadinessSnapshotSchema = z.strictObject({
  /** The pull request's review decision as GitHub reported it; null when unknown. */
  reviewDecision: z.enum(['APPROVED', 'CHANGES_REQUESTED', 'REVIEW_REQUIRED']).nullable(),
  /** Each reviewer's latest review, when the source reported them; absent when it did not. */
  reviews: z.array(z.strictObject({ reviewer: Text(200), state: Text(40), at: Text(40).nullable() })).max(50).optional(),
  /** The CI provider's checks on the planned SHA; null when CI was unavailable or not configured. */
  ci: z
    .strictObject({
      provider: z.enum(['local', 'github-checks', 'circleci']),
      sha: z.string().max(64),
      checks: z.array(z.strictObject({ name: Text(300), state: z.enum(SNAPSHOT_CHECK_STATES), url: Text(2048).nullable() })).max(100),
    })
    .nullable(),
  /** Why CI is missing, when it is ("CircleCI did not answer"). */
  ciUnavailable: Text(500).optional(),
  localTests: z
    .strictObject({
      sha: z.string().max(64),
      outcome: z.enum(['passed', 'failed']),
      at: Text(40),
      durationMs: z.number().nonnegative().optional(),
      by: Text(200).optional(),
    })
    .nullable(),
  signOff: z.strictObject({ sha: z.string().max(64), by: Text(200), at: Text(40), items: z.array(Text(500)).max(100) }).nullable(),
  /** The board's verdict line when planned ("eligible for release" or why not). */
  summary: Text(1000),
});
export type ReadinessSnapshot = z.infer<typeof ReadinessSnapshotSchema>;
