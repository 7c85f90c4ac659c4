/**
 * A watched release's samples on disk and what they amount to. The samples file's place is
 * shared by the app (which writes it) and the CLI and the evidence report (which read it), so
 * it is named here once; the summary is the `watch-summary` journal event's data, computed
 * from the file's lines with summarizeSamples.
 */
import type { EventOf } from '../releases/release-events';
import type { ProbeSample } from './alert-rules';
import { summarizeSamples } from './sample-summary';

/** One line of a samples file: the probe's name, its sample, and whether the probe alerted after it. */
export interface SampleLine extends ProbeSample {
  readonly probe: string;
  /** The probe's alert rules raised an alert once this sample was in (absent: not recorded). */
  readonly alert?: boolean;
}

/** `releases/<id>/samples.jsonl`, relative to the workspace's data folder (posix separators, as the journal records paths). */
export function samplesFileOf(releaseId: string): string {
  return `releases/${releaseId}/samples.jsonl`;
}

export type WatchSummaryData = EventOf<'watch-summary'>['data'];
type ProbeSummary = WatchSummaryData['probes'][number];

/** At most this many probes go into one summary (the event's bound). */
const MAX_PROBES = 50;

/**
 * The summary of the samples taken in [from, to] (epoch ms), per probe: the configured probes
 * first (in their order, even with no sample), then any other probe the file names. `alerts`
 * counts the times a probe went from not alerting to alerting.
 */
export function summarizeWatch(lines: readonly SampleLine[], configuredProbes: readonly string[], from: number, to: number, samplesFile: string): WatchSummaryData {
  const byProbe = new Map<string, SampleLine[]>(configuredProbes.map((name) => [name, []]));
  for (const line of lines) {
    if (line.at < from || line.at > to) continue;
    const list = byProbe.get(line.probe) ?? [];
    list.push(line);
    byProbe.set(line.probe, list);
  }
  const probes = [...byProbe.entries()].slice(0, MAX_PROBES).map(([probe, samples]): ProbeSummary => {
    const ordered = [...samples].sort((a, b) => a.at - b.at);
    const summary = summarizeSamples(ordered);
    let alerts = 0;
    let alerting = false;
    for (const sample of ordered) {
      const now = sample.alert === true;
      if (now && !alerting) alerts++;
      alerting = now;
    }
    return {
      probe: probe.slice(0, 100),
      samples: summary.samples,
      uptime: summary.uptime,
      latencyP50Ms: summary.latencyP50Ms === null ? null : Math.max(0, summary.latencyP50Ms),
      latencyP95Ms: summary.latencyP95Ms === null ? null : Math.max(0, summary.latencyP95Ms),
      alerts,
      firstAt: summary.firstAt === null ? null : Math.round(summary.firstAt),
      lastAt: summary.lastAt === null ? null : Math.round(summary.lastAt),
    };
  });
  return { samplesFile, probes };
}

/** Parses a samples file's text; lines that are not samples (a torn last line) are skipped. */
export function parseSampleLines(text: string): readonly SampleLine[] {
  const lines: SampleLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const value = JSON.parse(raw) as Partial<SampleLine>;
      if (typeof value.probe === 'string' && typeof value.at === 'number' && typeof value.ok === 'boolean' && typeof value.latencyMs === 'number') {
        lines.push(value as SampleLine);
      }
    } catch {
      // A line cut short by a crash: the rest of the file still counts.
    }
  }
  return lines;
}
