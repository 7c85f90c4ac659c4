/**
 * The Monitor view's data: the overview it loaded, kept current by monitor.reading events.
 * Each reading lands on its own environment and probe (never on another's), and samples
 * older than an hour fall off, so the view's memory is as bounded as the main process's.
 */
import type { MonitorOverview, MonitorReading } from '../../../shared/monitor/monitor-ipc';

export const HOUR_MS = 60 * 60 * 1000;

export function applyReading(overview: MonitorOverview, reading: MonitorReading): MonitorOverview {
  let matched = false;
  const environments = overview.environments.map((environment) => {
    if (environment.environment !== reading.environment) return environment;
    const probes = environment.probes.map((probe) => {
      if (probe.name !== reading.probe) return probe;
      matched = true;
      const oldest = reading.sample.at - HOUR_MS;
      const samples = [...probe.samples.filter((sample) => sample.at >= oldest && sample.at !== reading.sample.at), reading.sample];
      return { ...probe, state: reading.state, last: reading.sample, alerts: reading.alerts, samples };
    });
    return {
      ...environment,
      probes,
      alerting: reading.alerting,
      alertingSince: reading.alertingSince,
      ...(reading.autoRollback === undefined ? {} : { autoRollback: reading.autoRollback }),
    };
  });
  // A reading for a probe the view does not know (a new release-desk.yml) is dropped: the
  // view reloads the overview when the workspace changes.
  return matched ? { environments } : overview;
}

/** "12 ms", "1.2 s": latencies as a person reads them. */
export function formatLatency(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatUptime(fraction: number | null): string {
  if (fraction === null) return 'no readings yet';
  return `${(Math.floor(fraction * 1000) / 10).toFixed(1)}% up`;
}
