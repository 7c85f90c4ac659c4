/**
 * Argument and result schemas of the release calls in the IPC contract (shared/ipc). The
 * Release and History views see a release only as a ReleaseView: its folded state, what the
 * viewer may do next (or why not), and the team updates still on their way.
 */
import { z } from 'zod';
import { ReasonSchema, ReleaseActionSchema, ReleaseIdSchema, StepNameSchema } from './release-events';
import { ActionVerdictSchema, EnvironmentStateSchema, ReleaseStateSchema } from './release-state';
import { OutputChunksSchema } from './output-chunk';
import { WatchWindowSchema } from './watch-window';

export const EnvironmentNameSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be an environment name from release-desk.yml');
export { ReleaseIdSchema };

/** Who "I" am for the rules: the connected GitHub login, otherwise the clone's git user.email. */
export const ViewerSchema = z.object({
  id: z.string().nullable(),
  source: z.enum(['github', 'git-config', 'unknown']),
  /** Roles from `people` in release-desk.yml. */
  roles: z.array(z.enum(['coordinator', 'on-call', 'sign-off'])),
});
export type Viewer = z.infer<typeof ViewerSchema>;

/** A message to GitHub or Slack not delivered yet, and why. */
export const PendingUpdateSchema = z.object({
  id: z.string(),
  channel: z.enum(['github', 'slack']),
  description: z.string(),
  status: z.string(),
});

export const ReleaseViewSchema = z.object({
  state: ReleaseStateSchema,
  /** Every action, allowed or refused with its reason, for the viewer. */
  actions: z.array(ActionVerdictSchema),
  /** The single next step of the flow, named for the primary button ("Switch production to 3f1c2ab"). */
  next: z.object({ action: ReleaseActionSchema, label: z.string() }).nullable(),
  /** What stops the flow now, in one sentence; null when nothing does. */
  blocker: z.string().nullable(),
  /** The step whose command is running now, if any. */
  running: z.object({ step: StepNameSchema, attempt: z.number().int(), startedAt: z.string() }).nullable(),
  pendingUpdates: z.array(PendingUpdateSchema),
  viewer: ViewerSchema,
  /** The watch after Stage 2 (`watchMinutes` from the switchover); null before it. */
  watch: WatchWindowSchema.nullable().optional(),
});
export type ReleaseView = z.infer<typeof ReleaseViewSchema>;

export const ReleasesOverviewSchema = z.object({
  viewer: ViewerSchema,
  environments: z.array(
    z.object({
      name: z.string(),
      state: EnvironmentStateSchema,
      active: ReleaseViewSchema.nullable(),
      /** Why a new release cannot be planned here now, or null. */
      planRefusal: z.string().nullable(),
      /** Whether planRefusal may be overridden with a written reason (not an active release or a lock). */
      planRefusalOverridable: z.boolean().optional(),
    }),
  ),
});
export type ReleasesOverview = z.infer<typeof ReleasesOverviewSchema>;

const OverrideReasonSchema = ReasonSchema.optional();

export const PlanRequestSchema = z.strictObject({
  environment: EnvironmentNameSchema,
  branch: z.string().min(1).max(255),
  /** The head the user saw as eligible; planning refuses if the branch has moved since. */
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  engineers: z.array(z.string().min(1).max(200)).min(1).max(50).optional(),
  onCall: z.string().min(1).max(200).optional(),
  overrideReason: OverrideReasonSchema,
});
export type PlanRequest = z.infer<typeof PlanRequestSchema>;

/** Options every step action takes: a written reason when doing what the rules refuse. */
export const ActOptionsSchema = z.strictObject({
  overrideReason: OverrideReasonSchema,
  note: z.string().max(2000).optional(),
  /** The person answered yes to the verdict's `confirm` question (marking healthy before the watch ends). */
  confirmed: z.boolean().optional(),
});
export type ActOptions = z.infer<typeof ActOptionsSchema>;

export const ResolveInconclusiveSchema = z.strictObject({
  resolution: z.enum(['succeeded', 'failed']),
  observedVersion: z.string().regex(/^[0-9a-f]{40}$/).nullable(),
  note: z.string().max(2000).optional(),
});

/** What production runs now, asked on request (currentVersion and one reading of each probe). */
export const ProductionCheckSchema = z.object({
  version: z.string().nullable(),
  versionProblem: z.string().optional(),
  healthy: z.boolean(),
  probes: z.array(z.string()),
  at: z.string(),
});

/** Live output of a step's command, batched: several lines per event, in order, as chunks (output-chunk.ts). */
export const StepOutputSchema = z.object({
  releaseId: z.string(),
  step: StepNameSchema,
  attempt: z.number().int(),
  chunks: OutputChunksSchema,
});
