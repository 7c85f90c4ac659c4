/**
 * Argument and result schemas of the rollback calls (shared/ipc): what the one confirmation
 * names before anything runs (`rollback.preview`), how a rollback is asked for, and how it
 * ended, in words the on-call can act on.
 */
import { z } from 'zod';
import { OutputChunksSchema } from './output-chunk';
import { ReasonSchema } from './release-events';
import { EnvironmentLockSchema, EnvironmentStateSchema } from './release-state';

/** A full SHA, or a prefix of at least 7 hex characters of one that was live before. */
export const RollbackTargetShaSchema = z.string().regex(/^[0-9a-f]{7,40}$/, 'must be a commit SHA (7 to 40 lowercase hex characters)');

export const RollbackStartOptionsSchema = z.strictObject({
  /** A version picked from History; default: the previous version (see rollback-plan.ts). */
  toSha: RollbackTargetShaSchema.optional(),
  /** Required of anyone not on call or coordinating, and for a version never live before. */
  reason: ReasonSchema.optional(),
});
export type RollbackStartOptions = z.infer<typeof RollbackStartOptionsSchema>;

export const RollbackTargetSchema = z.object({
  sha: z.string(),
  /** The release that made it live, when the journal knows one. */
  releaseId: z.string().nullable(),
  branch: z.string().nullable(),
  /** When it went live, and who released it (null when the journal does not say). */
  releasedAt: z.string().nullable(),
  releasedBy: z.string().nullable(),
});
export type RollbackTarget = z.infer<typeof RollbackTargetSchema>;

export const RollbackPreviewSchema = z.object({
  environment: z.string(),
  /** Where production goes back to; null when the journal knows no earlier version. */
  target: RollbackTargetSchema.nullable(),
  /** What the journal says is live now (the version rolled back), and its release. */
  fromSha: z.string().nullable(),
  releaseId: z.string().nullable(),
  /** What production reports now (its currentVersion command), or why it could not say. */
  nowRunning: z.object({ version: z.string().nullable(), problem: z.string().optional() }),
  /** The confirmation in one sentence: "Production goes back to 3f1c2ab (released 20 Nov by alice); now running 9e0d7c1". */
  confirmation: z.string(),
  /** Whether the viewer may start it now; when not, why and whether a written reason permits it. */
  allowed: z.boolean(),
  refusal: z.object({ reason: z.string(), overridable: z.boolean() }).nullable(),
  /** A switchover of this environment runs here: the rollback ends it first (abort and roll back). */
  abortsSwitchover: z.boolean(),
  lock: EnvironmentLockSchema.nullable(),
  viewer: z.string().nullable(),
});
export type RollbackPreview = z.infer<typeof RollbackPreviewSchema>;

const ProductionAfterSchema = z.object({
  version: z.string().nullable(),
  versionProblem: z.string().optional(),
  healthy: z.boolean(),
  /** One line per probe ("web: ok, HTTP 200 in 12 ms, reports 3f1c2ab"). */
  probes: z.array(z.string()),
});

/**
 * How a rollback ended. `rolled-back`: production reports the target and every probe is
 * healthy. `unhealthy`: it reports the target but a probe fails. `not-back`: the command
 * exited 0 but production does not report the target. `command-failed`: the command exited
 * non-zero, timed out, was cancelled or could not start — never a success.
 */
export const RollbackOutcomeSchema = z.object({
  kind: z.enum(['rolled-back', 'unhealthy', 'not-back', 'command-failed']),
  environment: z.string(),
  releaseId: z.string().nullable(),
  fromSha: z.string().nullable(),
  toSha: z.string(),
  /** One sentence: "Rolled back and healthy: production runs 3f1c2ab" or exactly what is still wrong. */
  message: z.string(),
  exitCode: z.number().int().nullable(),
  durationMs: z.number().int().nonnegative(),
  /** The last part of the command's output (redacted). */
  output: z.string(),
  production: ProductionAfterSchema.nullable(),
  /** The lock taken afterwards (new releases refused until someone unlocks with a reason). */
  lockReason: z.string().nullable(),
});
export type RollbackOutcome = z.infer<typeof RollbackOutcomeSchema>;

/** Live output of a rollback that belongs to no release in the journal (see releases.output otherwise). */
export const RollbackOutputSchema = z.object({
  environment: z.string(),
  chunks: OutputChunksSchema,
});

export { EnvironmentStateSchema as RollbackEnvironmentStateSchema };
