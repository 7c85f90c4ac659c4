/**
 * The live monitor of one environment: every health probe at its own interval, in
 * parallel, each with its timeout and never more than one request in flight; the last
 * hour of samples kept in memory (bounded whatever the run time); the alert rules applied
 * to each new sample; and, while a release is being watched, every sample appended to that
 * release's samples file so the evidence report can show them.
 */
import type { HealthProbeConfig } from '../../../shared/config/workspace-config';
import { DEFAULT_ALERT_RULES, evaluateAlerts, type AlertRules, type ProbeAlert, type ProbeSample } from '../../../shared/monitor/alert-rules';
import { probeHealth } from '../health/probe-health';
import { realTimers, startProbeLoop, type ProbeLoop, type Timers } from './probe-loop';
import { boundedSampleAppender, type SampleAppender } from './samples-file';

export const HISTORY_MS = 60 * 60 * 1000;

/** One appender for every monitor of the process: it remembers each file's size. */
const sharedAppender = boundedSampleAppender();

export interface ProbeState {
  readonly name: string;
  readonly url: string;
  readonly intervalMs: number;
  readonly state: 'unknown' | 'ok' | 'alert';
  readonly last: ProbeSample | null;
  readonly alerts: readonly ProbeAlert[];
  /** The last hour, oldest first. */
  readonly samples: readonly ProbeSample[];
}

export interface EnvironmentMonitorSnapshot {
  readonly environment: string;
  readonly probes: readonly ProbeState[];
  readonly alerting: boolean;
  /** When the current alert began (epoch ms); null when nothing alerts. */
  readonly alertingSince: number | null;
}

export interface MonitorTarget {
  readonly environment: string;
  readonly probes: readonly HealthProbeConfig[];
  /** What production should report now; null when nothing is expected. */
  readonly expectedVersion: () => string | null;
  /** Where samples are appended now (a watched release's file); null: memory only. */
  readonly samplesFile: () => string | null;
  /**
   * What the monitor this one replaces saw (release-desk.yml was edited): a probe with the same
   * name and URL keeps its hour of samples, and an alert still on keeps the time it began.
   */
  readonly carriedOver?: EnvironmentMonitorSnapshot;
}

export interface MonitorDeps {
  readonly timers?: Timers;
  readonly fetchImpl?: typeof fetch;
  /** Where samples are written (default: bounded appends, see samples-file.ts). */
  readonly appendSample?: SampleAppender;
  /** After each reading, with the probe that read. */
  readonly onChange: (snapshot: EnvironmentMonitorSnapshot, probe: string) => void;
}

export interface EnvironmentMonitor {
  snapshot(): EnvironmentMonitorSnapshot;
  stop(): Promise<void>;
}

export function startEnvironmentMonitor(target: MonitorTarget, deps: MonitorDeps): EnvironmentMonitor {
  const timers = deps.timers ?? realTimers;
  const carried = (probe: HealthProbeConfig): ProbeSample[] => [...(target.carriedOver?.probes.find((old) => old.name === probe.name && old.url === probe.url)?.samples ?? [])];
  const histories = new Map<string, ProbeSample[]>(target.probes.map((probe) => [probe.name, carried(probe)]));
  let alertingSince: number | null = target.carriedOver?.alertingSince ?? null;
  const appendSample = deps.appendSample ?? sharedAppender;

  const rulesOf = (probe: HealthProbeConfig): AlertRules => {
    const alerts = probe.alerts;
    if (alerts === undefined) return DEFAULT_ALERT_RULES;
    return { ...alerts, ...(alerts.latencyMs === undefined ? {} : { latencyMs: alerts.latencyMs }) };
  };

  const snapshot = (): EnvironmentMonitorSnapshot => {
    const probes = target.probes.map((probe): ProbeState => {
      const samples = histories.get(probe.name) ?? [];
      const alerts = evaluateAlerts(samples, rulesOf(probe), target.expectedVersion());
      const last = samples.at(-1) ?? null;
      return {
        name: probe.name,
        url: probe.url,
        intervalMs: probe.intervalSeconds * 1000,
        state: last === null ? 'unknown' : alerts.length > 0 ? 'alert' : 'ok',
        last,
        alerts,
        samples,
      };
    });
    const alerting = probes.some((probe) => probe.state === 'alert');
    return { environment: target.environment, probes, alerting, alertingSince: alerting ? alertingSince : null };
  };

  const record = (probe: HealthProbeConfig, sample: ProbeSample) => {
    const history = histories.get(probe.name) ?? [];
    history.push(sample);
    // Bounded: only the last hour stays, so memory is flat however long the monitor runs.
    const oldest = sample.at - HISTORY_MS;
    let drop = 0;
    while (drop < history.length && (history[drop] as ProbeSample).at < oldest) drop++;
    if (drop > 0) history.splice(0, drop);
    histories.set(probe.name, history);
    const next = snapshot();
    const file = target.samplesFile();
    if (file !== null) {
      const alert = next.probes.find((candidate) => candidate.name === probe.name)?.state === 'alert';
      appendSample(file, { probe: probe.name, ...sample, alert });
    }
    if (next.alerting && alertingSince === null) alertingSince = sample.at;
    if (!next.alerting) alertingSince = null;
    deps.onChange({ ...next, alertingSince: next.alerting ? alertingSince : null }, probe.name);
  };

  const loops: ProbeLoop[] = target.probes.map((probe) =>
    startProbeLoop({
      intervalMs: probe.intervalSeconds * 1000,
      timeoutMs: probe.timeoutSeconds * 1000,
      timers,
      probe: (signal) => probeHealth(probe, deps.fetchImpl, signal),
      onReading: (reading, at) =>
        record(probe, {
          at,
          ok: reading.ok,
          status: reading.status,
          latencyMs: reading.latencyMs,
          version: reading.version,
          ...(reading.problem === undefined ? {} : { problem: reading.problem }),
        }),
    }),
  );

  return {
    snapshot,
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}
