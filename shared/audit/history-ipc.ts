/**
 * What the History view's audit calls carry (shared/ipc/contract.ts): a release's timeline in
 * words, the DORA delivery metrics, and the main branch's policy conformance. The schemas mirror
 * the pure modules' types (delivery-metrics.ts, conformance.ts, release-timeline.ts); a
 * compile-time check below keeps them equal.
 */
import { z } from 'zod';
import { ReleaseIdSchema } from '../releases/release-events';
import type { ConformanceReport } from './conformance';
import type { DeliveryMetrics } from './delivery-metrics';
import type { TimelineEntry } from './release-timeline';

/** A day (YYYY-MM-DD) or an ISO 8601 time with a zone; the main process checks the day exists (parseSinceDate). */
const SinceSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, 'must be a day as YYYY-MM-DD or a time such as 2026-11-01T09:00:00Z');

export const MetricsRequestSchema = z.strictObject({
  since: SinceSchema.optional(),
  /** The period's end (a day means its midnight, UTC); default now, and never later than now. */
  until: SinceSchema.optional(),
  environment: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be an environment name from release-desk.yml').optional(),
});
export type MetricsRequest = z.infer<typeof MetricsRequestSchema>;

export const ConformanceRequestSchema = z.strictObject({ since: SinceSchema.optional() });
export type ConformanceRequest = z.infer<typeof ConformanceRequestSchema>;

const stats = { count: z.number().int(), medianMs: z.number().nullable(), p90Ms: z.number().nullable() };

export const DeliveryMetricsSchema = z.object({
  period: z.object({ from: z.string(), until: z.string(), days: z.number() }),
  environment: z.string().nullable(),
  counts: z.object({ planned: z.number().int(), live: z.number().int(), neverLive: z.number().int(), failed: z.number().int(), unattributedRollbacks: z.number().int() }),
  deploymentFrequency: z.object({ perDay: z.number().nullable(), perWeek: z.number().nullable(), byWeek: z.array(z.object({ weekStart: z.string(), live: z.number().int() })) }),
  leadTime: z.object({ ...stats, withoutCommitTimes: z.number().int() }),
  changeFailureRate: z.object({ failed: z.number().int(), live: z.number().int(), rate: z.number().nullable() }),
  timeToRestore: z.object({ ...stats, notRestored: z.number().int() }),
  releases: z.array(
    z.object({
      releaseId: z.string(),
      environment: z.string(),
      branch: z.string(),
      liveAt: z.string(),
      leadTimeMs: z.number().nullable(),
      failed: z.boolean(),
      restoreMs: z.number().nullable(),
    }),
  ),
});

const VerdictSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('released'), releaseId: z.string(), environment: z.string(), branch: z.string().nullable() }),
  z.object({ kind: z.literal('pull-request'), number: z.number().int(), url: z.string(), title: z.string() }),
  z.object({ kind: z.literal('direct'), note: z.string().nullable() }),
  z.object({ kind: z.literal('unknown'), reason: z.string() }),
]);

export const ConformanceReportSchema = z.object({
  ref: z.string(),
  since: z.string().nullable(),
  commits: z.array(z.object({ sha: z.string(), subject: z.string(), author: z.string(), committedAt: z.string(), verdict: VerdictSchema })),
  counts: z.object({ released: z.number().int(), pullRequest: z.number().int(), direct: z.number().int(), unknown: z.number().int() }),
  conformant: z.boolean(),
  githubUnavailable: z.string().nullable(),
});

export const ConformanceViewSchema = z.object({
  report: ConformanceReportSchema,
  /** Warnings (a fetch that failed: the last fetched state was walked). */
  notes: z.array(z.string()),
});
export type ConformanceView = z.infer<typeof ConformanceViewSchema>;

export const TimelineEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  type: z.string(),
  title: z.string(),
  details: z.array(z.string()),
  override: z.object({ action: z.string(), refusal: z.string(), reason: z.string() }).nullable(),
});

export const ReleaseTimelineSchema = z.object({ releaseId: ReleaseIdSchema, entries: z.array(TimelineEntrySchema) });

// The schemas say what the pure modules return (a mismatch fails to compile).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Plain<T> = T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { -readonly [K in keyof T]: Plain<T[K]> } : T;
const metricsMatch: Same<Plain<DeliveryMetrics>, z.infer<typeof DeliveryMetricsSchema>> = true;
const conformanceMatch: Same<Plain<ConformanceReport>, z.infer<typeof ConformanceReportSchema>> = true;
const timelineMatch: Same<Omit<Plain<TimelineEntry>, 'type'>, Omit<z.infer<typeof TimelineEntrySchema>, 'type'>> = true;
void [metricsMatch, conformanceMatch, timelineMatch];
