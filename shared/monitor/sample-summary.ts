/**
 * What a run of samples amounts to, for the watch window's journal entry and the evidence
 * report: uptime, latency percentiles, and how many times an alert was raised.
 */
import type { ProbeSample } from './alert-rules';

export interface SampleSummary {
  readonly samples: number;
  /** Share of ok samples, 0..1; null with no samples. */
  readonly uptime: number | null;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
  readonly firstAt: number | null;
  readonly lastAt: number | null;
}

export function summarizeSamples(samples: readonly ProbeSample[]): SampleSummary {
  if (samples.length === 0) return { samples: 0, uptime: null, latencyP50Ms: null, latencyP95Ms: null, firstAt: null, lastAt: null };
  const answered = samples.filter((sample) => sample.status !== null).map((sample) => sample.latencyMs).sort((a, b) => a - b);
  return {
    samples: samples.length,
    uptime: samples.filter((sample) => sample.ok).length / samples.length,
    latencyP50Ms: percentile(answered, 0.5),
    latencyP95Ms: percentile(answered, 0.95),
    firstAt: Math.min(...samples.map((sample) => sample.at)),
    lastAt: Math.max(...samples.map((sample) => sample.at)),
  };
}

/** Nearest-rank percentile of sorted values; null when empty. */
export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] as number;
}
