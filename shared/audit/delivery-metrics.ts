/**
 * The four DORA delivery metrics, computed from the release journal alone (pure: the History
 * view, `release-desk audit metrics` and the tests share one answer).
 *
 * - Deployment frequency: releases that went live in the period, per day and per week.
 *   "Live" is the journal's own rule (foldEnvironment's live history): a switchover that
 *   succeeded with production reporting the release's SHA, or an inconclusive switchover
 *   resolved as succeeded on that SHA.
 * - Change lead time: from the first commit of the branch to live. The first commit is the
 *   `firstCommitAt` its `planned` event recorded (the branch's oldest commit not on the main
 *   branch, so a release rolled back before its merge has one too); for plans journaled before
 *   that field, the oldest `committedAt` of its `release-notes`. Releases with neither are
 *   counted apart.
 * - Change failure rate: live releases marked faulty or rolled back, over live releases.
 * - Time to restore: from live to the first healthy `rolled-back` of that release.
 *
 * A release belongs to the period when it went live in it. A rollback whose release is unknown
 * (no release id, or a release that never went live) counts nowhere but is reported, so it is
 * not silently lost. Durations give the median (middle value; the mean of the two middle
 * values for an even count) and the p90 (nearest rank: the ⌈0.9·n⌉-th smallest).
 */
import { foldEnvironment } from '../releases/fold-release';
import type { JournalEvent } from '../releases/release-events';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export interface MetricsQuery {
  /** ISO 8601; default the first journal event of the environment(s). */
  readonly since?: string;
  /** ISO 8601: the end of the period (now). */
  readonly until: string;
  /** One environment; default every environment. */
  readonly environment?: string;
}

export interface DurationStats {
  readonly count: number;
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
}

/** One live release of the period, for charts and the per-release table. */
export interface LiveRelease {
  readonly releaseId: string;
  readonly environment: string;
  readonly branch: string;
  readonly liveAt: string;
  /** First commit to live; null without commit times. */
  readonly leadTimeMs: number | null;
  /** Marked faulty or rolled back. */
  readonly failed: boolean;
  /** Live to the first healthy rollback; null when not rolled back healthily. */
  readonly restoreMs: number | null;
}

export interface DeliveryMetrics {
  readonly period: { readonly from: string; readonly until: string; readonly days: number };
  readonly environment: string | null;
  readonly counts: {
    /** Releases planned in the period. */
    readonly planned: number;
    readonly live: number;
    /** Planned in the period and never live (aborted, failed before Stage 2, or still on their way). */
    readonly neverLive: number;
    readonly failed: number;
    /** Rollbacks in the period that name no release that went live. */
    readonly unattributedRollbacks: number;
  };
  readonly deploymentFrequency: {
    readonly perDay: number | null;
    readonly perWeek: number | null;
    /** Live releases per week (weeks start on Monday, UTC), oldest first, every week of the period. */
    readonly byWeek: readonly { readonly weekStart: string; readonly live: number }[];
  };
  readonly leadTime: DurationStats & { readonly withoutCommitTimes: number };
  readonly changeFailureRate: { readonly failed: number; readonly live: number; readonly rate: number | null };
  readonly timeToRestore: DurationStats & { readonly notRestored: number };
  readonly releases: readonly LiveRelease[];
}

export function deliveryMetrics(events: readonly JournalEvent[], query: MetricsQuery): DeliveryMetrics {
  const scoped = query.environment === undefined ? events : events.filter((event) => event.environment === query.environment);
  const until = Date.parse(query.until);
  const firstAt = scoped[0]?.at;
  const from = query.since !== undefined ? Date.parse(query.since) : firstAt !== undefined ? Math.min(Date.parse(firstAt), until) : until;
  const inPeriod = (at: string) => {
    const time = Date.parse(at);
    return time >= from && time <= until;
  };

  const liveAt = firstLiveTimes(scoped);
  // Each release's events, gathered once (a filter per release was quadratic in a long journal).
  const byRelease = new Map<string, JournalEvent[]>();
  for (const event of scoped) {
    if (event.releaseId === null) continue;
    const own = byRelease.get(event.releaseId);
    if (own === undefined) byRelease.set(event.releaseId, [event]);
    else own.push(event);
  }
  const releases: LiveRelease[] = [];
  for (const [releaseId, live] of liveAt) {
    if (!inPeriod(live.at)) continue;
    const own = (byRelease.get(releaseId) ?? []).filter((event) => event.environment === live.environment);
    const restoredAt = own.find((event) => event.type === 'rolled-back' && event.data.healthy && Date.parse(event.at) >= Date.parse(live.at))?.at;
    const failed = own.some((event) => (event.type === 'verdict' && event.data.verdict === 'faulty') || event.type === 'rolled-back');
    const firstCommit = firstCommitTime(own);
    releases.push({
      releaseId,
      environment: live.environment,
      branch: live.branch,
      liveAt: live.at,
      leadTimeMs: firstCommit === null ? null : Math.max(0, Date.parse(live.at) - firstCommit),
      failed,
      restoreMs: restoredAt === undefined ? null : Date.parse(restoredAt) - Date.parse(live.at),
    });
  }
  releases.sort((a, b) => Date.parse(a.liveAt) - Date.parse(b.liveAt));

  const planned = scoped.filter((event) => event.type === 'planned' && inPeriod(event.at));
  const neverLive = planned.filter((event) => event.releaseId === null || !liveAt.has(event.releaseId)).length;
  const unattributedRollbacks = scoped.filter((event) => event.type === 'rolled-back' && inPeriod(event.at) && (event.releaseId === null || !liveAt.has(event.releaseId))).length;

  const days = (until - from) / DAY_MS;
  const failed = releases.filter((release) => release.failed);
  const leadTimes = releases.flatMap((release) => (release.leadTimeMs === null ? [] : [release.leadTimeMs]));
  const restores = failed.flatMap((release) => (release.restoreMs === null ? [] : [release.restoreMs]));
  return {
    period: { from: new Date(from).toISOString(), until: new Date(until).toISOString(), days },
    environment: query.environment ?? null,
    counts: { planned: planned.length, live: releases.length, neverLive, failed: failed.length, unattributedRollbacks },
    deploymentFrequency: {
      perDay: days > 0 ? releases.length / days : null,
      perWeek: days > 0 ? (releases.length / days) * 7 : null,
      byWeek: weeklyCounts(from, until, releases),
    },
    leadTime: { ...durationStats(leadTimes), withoutCommitTimes: releases.length - leadTimes.length },
    changeFailureRate: { failed: failed.length, live: releases.length, rate: releases.length === 0 ? null : failed.length / releases.length },
    timeToRestore: { ...durationStats(restores), notRestored: failed.length - restores.length },
    releases,
  };
}

export function durationStats(values: readonly number[]): DurationStats {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, medianMs: null, p90Ms: null };
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  const p90 = sorted[Math.min(n, Math.max(1, Math.ceil(0.9 * n))) - 1] as number;
  return { count: n, medianMs: median, p90Ms: p90 };
}

/** When each release first went live, by the journal's rule (per environment). */
function firstLiveTimes(events: readonly JournalEvent[]): Map<string, { at: string; environment: string; branch: string }> {
  const live = new Map<string, { at: string; environment: string; branch: string }>();
  const environments = [...new Set(events.map((event) => event.environment))];
  for (const environment of environments) {
    // liveHistory is newest first: the last switchover entry of a release is its first time live.
    for (const entry of foldEnvironment(events, environment).liveHistory) {
      if (entry.how === 'switchover') live.set(entry.releaseId, { at: entry.since, environment, branch: entry.branch });
    }
  }
  return live;
}

/** The branch's first commit time as its plan recorded it; else the oldest commit time of its last release notes; null when neither says. */
function firstCommitTime(own: readonly JournalEvent[]): number | null {
  const plan = own.find((event) => event.type === 'planned');
  if (plan?.type === 'planned' && plan.data.firstCommitAt !== undefined) return Date.parse(plan.data.firstCommitAt);
  const notes = own.filter((event) => event.type === 'release-notes').at(-1);
  if (notes?.type !== 'release-notes') return null;
  const times = notes.data.commits.flatMap((commit) => (commit.committedAt === undefined ? [] : [Date.parse(commit.committedAt)]));
  return times.length === 0 ? null : Math.min(...times);
}

function weeklyCounts(from: number, until: number, releases: readonly LiveRelease[]): { weekStart: string; live: number }[] {
  if (until < from) return [];
  const first = mondayOf(from);
  // The period's end is exclusive here, so a period ending at a Monday's midnight adds no empty week.
  const count = Math.max(1, Math.ceil((Math.max(until, from + 1) - first) / WEEK_MS));
  const live = new Array<number>(count).fill(0);
  for (const release of releases) {
    const week = Math.floor((Date.parse(release.liveAt) - first) / WEEK_MS);
    if (week >= 0 && week < count) live[week] = (live[week] ?? 0) + 1;
  }
  return live.map((n, week) => ({ weekStart: new Date(first + week * WEEK_MS).toISOString(), live: n }));
}

/** Midnight UTC of the Monday on or before `time`. */
function mondayOf(time: number): number {
  const midnight = Math.floor(time / DAY_MS) * DAY_MS;
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return midnight - weekday * DAY_MS;
}

export type ParsedDate = { readonly ok: true; readonly iso: string } | { readonly ok: false; readonly message: string };

/**
 * `--since DATE` as typed: a day (YYYY-MM-DD, midnight UTC) or an ISO 8601 time with a zone.
 * A clear sentence when it is neither, or not a real date (2026-02-30).
 */
export function parseSinceDate(text: string): ParsedDate {
  return parseDateOption('--since', text, 'start');
}

/**
 * `--until DATE` as typed: a day (YYYY-MM-DD) means through the end of that day (up to the
 * next midnight UTC), so `--since 2026-11-02 --until 2026-11-08` is that whole week; or an
 * ISO 8601 time with a zone, that instant.
 */
export function parseUntilDate(text: string): ParsedDate {
  return parseDateOption('--until', text, 'end');
}

function parseDateOption(option: string, text: string, day: 'start' | 'end'): ParsedDate {
  const value = text.trim();
  const isDay = /^(\d{4})-(\d{2})-(\d{2})$/.test(value);
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const bad = { ok: false as const, message: `${option} ${JSON.stringify(text)} is not a date: give a day as YYYY-MM-DD (UTC) or a time as 2026-11-01T09:00:00Z` };
  if (isDay) {
    const parsed = new Date(`${value}T00:00:00.000Z`);
    // Date rolls 2026-02-30 over to March: a real day reads back the same.
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) return bad;
    return { ok: true, iso: new Date(parsed.getTime() + (day === 'end' ? DAY_MS : 0)).toISOString() };
  }
  if (!time) return bad;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed) || !sameCalendarDay(value, parsed)) return bad;
  return { ok: true, iso: new Date(parsed).toISOString() };
}

/** The typed day exists (Date.parse accepts 2026-02-30T…Z on some engines by rolling over). */
function sameCalendarDay(value: string, parsed: number): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
  const shift = offset === null ? 0 : (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000;
  return new Date(parsed + shift).toISOString().slice(0, 10) === value.slice(0, 10);
}
