/**
 * The watch after Stage 2 in words: the window (until when, how long after the switchover,
 * how much is left) and production's health from the live monitor, in one line each.
 */
import type { EnvironmentMonitorView } from '../../../shared/monitor/monitor-ipc';
import type { WatchWindow } from '../../../shared/releases/watch-window';
import { shortSha } from '../../../shared/text/short-sha';

/** HH:MM in local time, as the rest of the view shows moments. */
export function clockTime(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** "Watching production until 14:17 (15 min after switchover)", or that the window ended. */
export function watchWindowText(window: WatchWindow, environment: string, now: Date): string {
  const until = clockTime(window.until);
  return now.getTime() < Date.parse(window.until)
    ? `Watching ${environment} until ${until} (${window.minutes} min after switchover)`
    : `The watch window ended at ${until} (${window.minutes} min after switchover)`;
}

/** "9 min 12 s left", or null once the window is over. */
export function watchTimeLeft(window: WatchWindow, now: Date): string | null {
  const ms = Date.parse(window.until) - now.getTime();
  if (!(ms > 0)) return null;
  const seconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes === 0 ? `${seconds} s left` : `${minutes} min ${seconds % 60} s left`;
}

/** Production's health now, in one sentence, from the monitor's view of the environment. */
export function healthLine(monitor: EnvironmentMonitorView | undefined, releaseSha: string): { readonly state: 'ok' | 'alert' | 'unknown'; readonly text: string } {
  if (monitor === undefined || monitor.probes.length === 0) return { state: 'unknown', text: 'No health probe is configured for this environment' };
  if (monitor.alerting) {
    const alerts = monitor.probes.flatMap((probe) => probe.alerts.map((alert) => `${probe.name} ${alert}`));
    return { state: 'alert', text: `Not healthy: ${alerts.length === 0 ? 'a probe is alerting' : alerts.join('; ')}` };
  }
  const read = monitor.probes.filter((probe) => probe.last !== null);
  if (read.length === 0) return { state: 'unknown', text: 'No reading yet' };
  const healthy = read.filter((probe) => probe.state === 'ok').length;
  const versions = [...new Set(read.map((probe) => probe.last?.version).filter((version): version is string => typeof version === 'string'))];
  const reports =
    versions.length === 0
      ? 'no version reported'
      : versions.map((version) => `${shortSha(version)}${version === releaseSha ? ' (this release)' : ' (not this release)'}`).join(', ');
  return {
    state: healthy === monitor.probes.length ? 'ok' : 'unknown',
    text: `${healthy} of ${monitor.probes.length} probe${monitor.probes.length === 1 ? '' : 's'} healthy, reporting ${reports}`,
  };
}
