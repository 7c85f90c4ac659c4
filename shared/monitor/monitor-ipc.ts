/** What the Monitor view receives over IPC: the last hour per probe, then one event per new reading. */
import { z } from 'zod';

export const ProbeSampleSchema = z.object({
  at: z.number(),
  ok: z.boolean(),
  status: z.number().int().nullable(),
  latencyMs: z.number(),
  version: z.string().nullable(),
  problem: z.string().optional(),
});

const ProbeStateSchema = z.enum(['unknown', 'ok', 'alert']);

export const ProbeViewSchema = z.object({
  name: z.string(),
  url: z.string(),
  intervalMs: z.number(),
  state: ProbeStateSchema,
  last: ProbeSampleSchema.nullable(),
  /** Each raised alert in words ("failed 3 checks in a row (HTTP 503, expected 200)"). */
  alerts: z.array(z.string()),
  /** The last hour, oldest first. */
  samples: z.array(ProbeSampleSchema),
});
export type ProbeView = z.infer<typeof ProbeViewSchema>;

/** Auto-rollback armed for a watched release: what it waits for, and when it would fire. */
export const AutoRollbackPlanSchema = z.object({
  afterSeconds: z.number().int().positive(),
  releaseId: z.string(),
  /** The watch window's start (ISO): an alert from before it counts from here. */
  since: z.string(),
  /** The watch window's end (ISO): it never fires after. */
  until: z.string(),
  onCall: z.string(),
  /** Epoch ms when it rolls back unless the alert recovers first; null while nothing alerts. */
  firesAt: z.number().nullable(),
});
export type AutoRollbackPlan = z.infer<typeof AutoRollbackPlanSchema>;

export const EnvironmentMonitorSchema = z.object({
  environment: z.string(),
  alerting: z.boolean(),
  alertingSince: z.number().nullable(),
  /** What production should report now, when the journal knows (null: no version alert). */
  expectedVersion: z.string().nullable(),
  probes: z.array(ProbeViewSchema),
  /** Stage 1, switchover and rollback starts from the journal, for the charts' time axis. */
  markers: z.array(z.object({ at: z.number(), label: z.string() })),
  /** Set while a release is watched and the environment's autoRollback setting is on. */
  autoRollback: AutoRollbackPlanSchema.nullable().optional(),
});
export type EnvironmentMonitorView = z.infer<typeof EnvironmentMonitorSchema>;

export const MonitorOverviewSchema = z.object({ environments: z.array(EnvironmentMonitorSchema) });
export type MonitorOverview = z.infer<typeof MonitorOverviewSchema>;

/** Whether each watched environment alerts now: what the status strip shows, without the hour of samples. */
export const MonitorHealthSchema = z.object({
  environments: z.array(z.object({ environment: z.string(), alerting: z.boolean(), alertingSince: z.number().nullable() })),
});
export type MonitorHealth = z.infer<typeof MonitorHealthSchema>;

/** One new reading: small, so twenty probes a second cost twenty small messages, not twenty hours of samples. */
export const MonitorReadingSchema = z.object({
  environment: z.string(),
  probe: z.string(),
  sample: ProbeSampleSchema,
  state: ProbeStateSchema,
  alerts: z.array(z.string()),
  alerting: z.boolean(),
  alertingSince: z.number().nullable(),
  /** The environment's auto-rollback now (absent: unchanged for old hosts; null: off or nothing watched). */
  autoRollback: AutoRollbackPlanSchema.nullable().optional(),
});
export type MonitorReading = z.infer<typeof MonitorReadingSchema>;
