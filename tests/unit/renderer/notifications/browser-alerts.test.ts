/**
 * The bridge's browser notifications: one notice when an environment starts alerting (naming
 * every failing probe, in the app's words) and one when it recovers; none while readings do
 * not change whether it alerts, and none at all unless the user granted notifications.
 */
import { describe, expect, it } from 'vitest';
import type { MonitorReading } from '../../../../shared/monitor/monitor-ipc';

interface Notice {
  readonly environment: string;
  readonly title: string;
  readonly body: string;
}
// Imported by path at run time: the renderer is its own TypeScript project.
const alertsModule = '../../../../renderer/notifications/browser-alerts';
const { startBrowserAlerts } = (await import(/* @vite-ignore */ alertsModule)) as {
  startBrowserAlerts: (deps: { onReading: (listener: (reading: MonitorReading) => void) => () => void; show: (notice: Notice) => void; granted: () => boolean }) => () => void;
};

const reading = (environment: string, probe: string, alerts: readonly string[], alerting: boolean): MonitorReading => ({
  environment,
  probe,
  sample: { at: Date.now(), ok: alerts.length === 0, latencyMs: 12, status: alerts.length === 0 ? 200 : 503, version: null },
  state: alerts.length === 0 ? 'ok' : 'alert',
  alerts: [...alerts],
  alerting,
  alertingSince: alerting ? Date.now() : null,
});

function harness(granted = true) {
  let listener: ((reading: MonitorReading) => void) | null = null;
  const shown: Notice[] = [];
  const permission = { granted };
  const stop = startBrowserAlerts({
    onReading: (next) => {
      listener = next;
      return () => {
        listener = null;
      };
    },
    show: (notice) => shown.push(notice),
    granted: () => permission.granted,
  });
  const hear = (...readings: MonitorReading[]) => readings.forEach((next) => listener?.(next));
  return { shown, hear, stop, permission, listening: () => listener !== null };
}

describe('browser alert notifications', () => {
  it('announces an alert naming every failing probe, then the recovery, once each', () => {
    const { shown, hear } = harness();
    hear(reading('production', 'web', [], false), reading('production', 'api', ['failed 3 checks in a row (HTTP 500, expected 200)'], false));
    expect(shown).toEqual([]);
    hear(reading('production', 'web', ['failed 3 checks in a row (HTTP 503, expected 200)'], true));
    hear(reading('production', 'web', ['failed 4 checks in a row (HTTP 503, expected 200)'], true));
    hear(reading('production', 'api', [], true), reading('production', 'web', [], false), reading('production', 'web', [], false));
    expect(shown).toEqual([
      {
        environment: 'production',
        title: 'production is not healthy',
        body: 'web failed 3 checks in a row (HTTP 503, expected 200); api failed 3 checks in a row (HTTP 500, expected 200). Open Release Desk to roll back.',
      },
      { environment: 'production', title: 'production is healthy again', body: 'Every health probe answers as expected.' },
    ]);
  });

  it('keeps environments apart', () => {
    const { shown, hear } = harness();
    hear(reading('staging', 'web', ['answered 2.1 s, above 500 ms, 3 times in a row'], true), reading('production', 'web', [], false));
    expect(shown.map((notice) => notice.title)).toEqual(['staging is not healthy']);
  });

  it('raises nothing while notifications are not granted, and does not announce a stale change once they are', () => {
    const { shown, hear, permission } = harness(false);
    hear(reading('production', 'web', ['failed 3 checks in a row (HTTP 503, expected 200)'], true));
    expect(shown).toEqual([]);
    permission.granted = true;
    hear(reading('production', 'web', ['failed 4 checks in a row (HTTP 503, expected 200)'], true));
    expect(shown).toEqual([]);
    hear(reading('production', 'web', [], false));
    expect(shown.map((notice) => notice.title)).toEqual(['production is healthy again']);
  });

  it('stops listening when stopped', () => {
    const { stop, listening } = harness();
    expect(listening()).toBe(true);
    stop();
    expect(listening()).toBe(false);
  });
});
