/**
 * The browser's notification when an environment starts or stops alerting, for the renderer
 * running in a plain browser through the bridge (where there is no Electron to raise one).
 * In the desktop app the main process raises Electron's Notification and this stays off, so
 * an alert is never announced twice.
 *
 * The environment's state comes from the `monitor.reading` events every view already gets;
 * what is wrong is kept per probe so the notice names every failing probe, as the app's does.
 */
import type { MonitorReading } from '../../shared/monitor/monitor-ipc';
import { alertNotice, type AlertNotice } from '../../shared/monitor/alert-notice';

export interface EnvironmentAlerts {
  readonly alerting: boolean;
  /** Each probe's raised alerts, in words. */
  readonly probes: ReadonlyMap<string, readonly string[]>;
}

export type AlertStates = ReadonlyMap<string, EnvironmentAlerts>;

/**
 * The states after one reading, and the notice to raise when the reading changed whether its
 * environment alerts (an environment not heard of yet counts as not alerting).
 */
export function afterReading(states: AlertStates, reading: Pick<MonitorReading, 'environment' | 'probe' | 'alerts' | 'alerting'>): {
  readonly states: AlertStates;
  readonly notice: (AlertNotice & { readonly environment: string }) | null;
} {
  const before = states.get(reading.environment);
  const probes = new Map(before?.probes ?? []);
  probes.set(reading.probe, reading.alerts);
  const next = new Map(states);
  next.set(reading.environment, { alerting: reading.alerting, probes });
  if ((before?.alerting ?? false) === reading.alerting) return { states: next, notice: null };
  const text = [...probes].flatMap(([probe, alerts]) => alerts.map((alert) => `${probe} ${alert}`)).join('; ');
  return { states: next, notice: { environment: reading.environment, ...alertNotice({ environment: reading.environment, alerting: reading.alerting, text }) } };
}

export interface BrowserAlertsDeps {
  readonly onReading: (listener: (reading: MonitorReading) => void) => () => void;
  /** Raises the notice; called only while the user has granted notifications. */
  readonly show: (notice: AlertNotice & { readonly environment: string }) => void;
  readonly granted: () => boolean;
}

/** Listens for readings and raises a notice on every change of an environment's alerting; returns the stop function. */
export function startBrowserAlerts(deps: BrowserAlertsDeps): () => void {
  let states: AlertStates = new Map();
  return deps.onReading((reading) => {
    const after = afterReading(states, reading);
    states = after.states;
    if (after.notice !== null && deps.granted()) deps.show(after.notice);
  });
}

/** True where the page can raise the browser's notifications at all. */
export function browserNotificationsExist(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/** The browser adapter: window.Notification, one per environment at a time (a newer one replaces the last). */
export function startWindowAlerts(): () => void {
  return startBrowserAlerts({
    onReading: (listener) => window.desk.on('monitor.reading', listener),
    granted: () => browserNotificationsExist() && Notification.permission === 'granted',
    show: (notice) => {
      // The tag makes a recovery replace its alert, and keeps two open tabs from stacking copies.
      new Notification(notice.title, { body: notice.body, tag: `release-desk-${notice.environment}` });
    },
  });
}
