/**
 * When a health probe's recent samples mean "something is wrong with production": the
 * rules of `environments.<name>.health[].alerts` in release-desk.yml, evaluated on the
 * newest samples. Pure, so the monitor, the evidence report and the tests agree.
 */
import { shortSha } from '../text/short-sha';

export interface ProbeSample {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly ok: boolean;
  readonly status: number | null;
  readonly latencyMs: number;
  readonly version: string | null;
  readonly problem?: string;
}

export interface AlertRules {
  /** Consecutive failed samples that raise an alert (default 3). */
  readonly consecutiveFailures: number;
  /** A latency bound in milliseconds; absent: latency never alerts. */
  readonly latencyMs?: number;
  /** Consecutive samples above the bound that raise an alert (default 3). */
  readonly latencySamples: number;
  /** Alert when the reported version is not the one production should run (default true). */
  readonly expectVersion: boolean;
}

export const DEFAULT_ALERT_RULES: AlertRules = { consecutiveFailures: 3, latencySamples: 3, expectVersion: true };

export type ProbeAlert =
  | { readonly kind: 'failing'; readonly count: number; readonly problem: string }
  | { readonly kind: 'slow'; readonly count: number; readonly latencyMs: number; readonly boundMs: number }
  | { readonly kind: 'wrong-version'; readonly reported: string | null; readonly expected: string };

/**
 * The alerts the newest samples raise (`samples` oldest first). `expectedVersion` is what
 * production should run now (the release's SHA after switchover, the target after a
 * rollback); null when nothing is expected.
 */
export function evaluateAlerts(samples: readonly ProbeSample[], rules: AlertRules, expectedVersion: string | null): readonly ProbeAlert[] {
  const alerts: ProbeAlert[] = [];
  const failing = trailingRun(samples, (sample) => !sample.ok);
  if (failing >= rules.consecutiveFailures) {
    alerts.push({ kind: 'failing', count: failing, problem: samples.at(-1)?.problem ?? 'not ok' });
  }
  const bound = rules.latencyMs;
  if (bound !== undefined) {
    const slow = trailingRun(samples, (sample) => sample.ok && sample.latencyMs > bound);
    if (slow >= rules.latencySamples) {
      alerts.push({ kind: 'slow', count: slow, latencyMs: samples.at(-1)?.latencyMs ?? 0, boundMs: bound });
    }
  }
  const newest = samples.at(-1);
  if (rules.expectVersion && expectedVersion !== null && newest !== undefined && newest.ok && !sameVersion(newest.version, expectedVersion)) {
    alerts.push({ kind: 'wrong-version', reported: newest.version, expected: expectedVersion });
  }
  return alerts;
}

/** A reported version matches when one is a prefix of the other, at least 7 characters long (short SHAs). */
export function sameVersion(reported: string | null, expected: string): boolean {
  if (reported === null) return false;
  const a = reported.trim().toLowerCase();
  const b = expected.trim().toLowerCase();
  if (a === b) return true;
  return Math.min(a.length, b.length) >= 7 && (a.startsWith(b) || b.startsWith(a));
}

export function describeAlert(alert: ProbeAlert): string {
  switch (alert.kind) {
    case 'failing':
      return `failed ${alert.count} checks in a row (${alert.problem})`;
    case 'slow':
      return `slower than ${alert.boundMs} ms for ${alert.count} checks (last ${alert.latencyMs} ms)`;
    case 'wrong-version':
      return `reports version ${alert.reported === null ? 'nothing' : shortSha(alert.reported)}, expected ${shortSha(alert.expected)}`;
  }
}

function trailingRun(samples: readonly ProbeSample[], matches: (sample: ProbeSample) => boolean): number {
  let count = 0;
  for (let index = samples.length - 1; index >= 0; index--) {
    if (!matches(samples[index] as ProbeSample)) break;
    count++;
  }
  return count;
}
