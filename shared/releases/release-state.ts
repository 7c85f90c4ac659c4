/**
 * The state of one release and of one environment, as folded from the journal
 * (fold-release.ts). Schemas, because these cross IPC to the Release and History views;
 * nothing stores them: they are recomputed from the events whenever needed.
 */
import { z } from 'zod';
import { ReleaseActionSchema, StepNameSchema, StepOutcomeSchema } from './release-events';

/**
 * Where a release stands. `inconclusive` means a step has an intent and no outcome (the app
 * or CLI died mid-command): nothing else may happen until someone records what production
 * actually runs. done, aborted and rolled-back are final.
 */
export const RELEASE_PHASES = [
  'planned',
  'staging',
  'stage1-failed',
  'exercising',
  'preflighting',
  'preflight-failed',
  'ready-for-switchover',
  'switching',
  'switchover-failed',
  'watching',
  'faulty',
  'merging',
  'merge-failed',
  'done',
  'aborted',
  'rolling-back',
  'rolled-back',
  'inconclusive',
] as const;
export const ReleasePhaseSchema = z.enum(RELEASE_PHASES);
export type ReleasePhase = z.infer<typeof ReleasePhaseSchema>;
export { FINAL_PHASES } from './release-constants';

export const StepRecordSchema = z.object({
  step: StepNameSchema,
  status: z.enum(['not-started', 'running', 'succeeded', 'failed', 'inconclusive']),
  /** How many times the step was started in this release. */
  attempts: z.number().int().nonnegative(),
  startedAt: z.string().optional(),
  startedBy: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  outcome: StepOutcomeSchema.optional(),
  exitCode: z.number().int().nullable().optional(),
  message: z.string().optional(),
  /** Relative to the workspace's data folder. */
  logFile: z.string().optional(),
});
export type StepRecord = z.infer<typeof StepRecordSchema>;

export const SignOffSchema = z.object({ engineer: z.string(), at: z.string(), note: z.string().optional(), seq: z.number().int() });

export const OverrideSchema = z.object({
  action: ReleaseActionSchema,
  refusal: z.string(),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
  seq: z.number().int(),
});

export const ReleaseStateSchema = z.object({
  id: z.string(),
  environment: z.string(),
  branch: z.string(),
  sha: z.string(),
  mainBranch: z.string(),
  coordinator: z.string(),
  onCall: z.string(),
  engineers: z.array(z.string()),
  pullRequest: z.object({ number: z.number().int(), url: z.string(), title: z.string() }).optional(),
  plannedAt: z.string(),
  plannedBy: z.string(),
  phase: ReleasePhaseSchema,
  /** Every step in flow order, including those not started. */
  steps: z.array(StepRecordSchema),
  previewUrl: z.string().optional(),
  /** Production's version recorded by the preflight: the rollback target. */
  previousSha: z.string().optional(),
  signOffs: z.array(SignOffSchema),
  /** Involved engineers who have not signed off the preview yet. */
  pendingSignOffs: z.array(z.string()),
  overrides: z.array(OverrideSchema),
  verdict: z
    .object({
      verdict: z.enum(['healthy', 'faulty']),
      by: z.string(),
      at: z.string(),
      note: z.string().optional(),
      /** Set when marked healthy before the watch window ended: what was left of it. */
      watchRemainingMs: z.number().int().optional(),
    })
    .optional(),
  merge: z.object({ method: z.enum(['pull-request', 'git']), mergeCommit: z.string(), pullRequest: z.number().int().optional(), at: z.string() }).optional(),
  abort: z.object({ reason: z.string(), by: z.string(), at: z.string() }).optional(),
  rollback: z.object({ fromSha: z.string().nullable(), toSha: z.string(), healthy: z.boolean(), by: z.string(), at: z.string(), message: z.string() }).optional(),
  /** Set while phase is `inconclusive`: which step lost its outcome. */
  inconclusiveStep: StepNameSchema.optional(),
  releaseNotes: z.array(z.object({ sha: z.string(), subject: z.string(), author: z.string(), pullRequest: z.object({ number: z.number().int(), title: z.string() }).optional() })).optional(),
  /** What the monitor saw during the watch window, once it ended (the `watch-summary` event). */
  watchSummary: z
    .object({
      at: z.string(),
      samplesFile: z.string(),
      probes: z.array(
        z.object({
          probe: z.string(),
          samples: z.number(),
          uptime: z.number().nullable(),
          latencyP50Ms: z.number().nullable(),
          latencyP95Ms: z.number().nullable(),
          alerts: z.number(),
          firstAt: z.number().nullable(),
          lastAt: z.number().nullable(),
        }),
      ),
    })
    .optional(),
  /** seq of the first and last event of this release (the audit's hash range). */
  firstSeq: z.number().int(),
  lastSeq: z.number().int(),
  updatedAt: z.string(),
});
export type ReleaseState = z.infer<typeof ReleaseStateSchema>;

export const EnvironmentLockSchema = z.object({ reason: z.string(), by: z.string(), at: z.string(), releaseId: z.string().nullable() });

/** One environment across every release in the journal. */
export const EnvironmentStateSchema = z.object({
  environment: z.string(),
  /** The release in progress (not in a final phase), if any: one at a time per environment. */
  activeReleaseId: z.string().nullable(),
  lock: EnvironmentLockSchema.nullable(),
  /**
   * What the journal knows was live, newest first: each successful switchover's SHA and each
   * rollback's target, with when and by which release. Rollback targets come from here.
   */
  liveHistory: z.array(z.object({ sha: z.string(), since: z.string(), releaseId: z.string(), branch: z.string(), how: z.enum(['switchover', 'rollback']) })),
});
export type EnvironmentState = z.infer<typeof EnvironmentStateSchema>;

/**
 * What allowedActions says of one action for one person: allowed, or refused with the
 * one-sentence reason; `overridable` refusals may be done anyway with a written reason.
 */
export const ActionVerdictSchema = z.discriminatedUnion('allowed', [
  z.object({
    action: ReleaseActionSchema,
    allowed: z.literal(true),
    /**
     * switchover only: the preflight has not run yet. Not a refusal: the service runs the
     * preflight first and switches only when it succeeds (`release switchover` does the same).
     */
    preflightFirst: z.boolean().optional(),
    /**
     * Allowed, once the person confirms this question (mark-healthy before the watch window
     * ends: "The watch window of r1 ends at 14:17: mark it healthy anyway?").
     */
    confirm: z.string().optional(),
  }),
  z.object({ action: ReleaseActionSchema, allowed: z.literal(false), reason: z.string(), overridable: z.boolean() }),
]);
export type ActionVerdict = z.infer<typeof ActionVerdictSchema>;
