/** The watch in words: the window, the time left, and production's health from the monitor. */
import { describe, expect, it } from 'vitest';
import type { EnvironmentMonitorView, ProbeView } from '../../../../../shared/monitor/monitor-ipc';
import type { WatchWindow } from '../../../../../shared/releases/watch-window';

const watchModule = '../../../../../renderer/views/release/watch';
const watch = (await import(/* @vite-ignore */ watchModule)) as {
  clockTime: (iso: string) => string;
  watchWindowText: (window: WatchWindow, environment: string, now: Date) => string;
  watchTimeLeft: (window: WatchWindow, now: Date) => string | null;
  healthLine: (monitor: EnvironmentMonitorView | undefined, releaseSha: string) => { state: string; text: string };
};

const SHA = '3f1c2ab9d0e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8';
const since = new Date(2026, 10, 29, 14, 2, 0);
const window: WatchWindow = { since: since.toISOString(), until: new Date(since.getTime() + 15 * 60_000).toISOString(), minutes: 15 };

const probe = (overrides: Partial<ProbeView>): ProbeView => ({
  name: 'web',
  url: 'http://127.0.0.1:1/health',
  intervalMs: 1000,
  state: 'ok',
  last: { at: since.getTime(), ok: true, status: 200, latencyMs: 12, version: SHA },
  alerts: [],
  samples: [],
  ...overrides,
});
const monitor = (probes: ProbeView[], alerting = false): EnvironmentMonitorView => ({ environment: 'production', alerting, alertingSince: null, expectedVersion: SHA, markers: [], probes });

describe('the watch window in words', () => {
  it('says until when (local time) and how long after the switchover, then the time left', () => {
    const now = new Date(since.getTime() + 5 * 60_000 + 48_000);
    expect(watch.watchWindowText(window, 'production', now)).toBe('Watching production until 14:17 (15 min after switchover)');
    expect(watch.watchTimeLeft(window, now)).toBe('9 min 12 s left');
    expect(watch.watchTimeLeft(window, new Date(Date.parse(window.until) - 30_000))).toBe('30 s left');
  });

  it('says the window ended once it has, with no time left', () => {
    const after = new Date(Date.parse(window.until) + 1000);
    expect(watch.watchWindowText(window, 'production', after)).toBe('The watch window ended at 14:17 (15 min after switchover)');
    expect(watch.watchTimeLeft(window, new Date(Date.parse(window.until)))).toBeNull();
  });
});

describe('production\'s health line', () => {
  it('healthy probes reporting the release', () => {
    expect(watch.healthLine(monitor([probe({}), probe({ name: 'api' })]), SHA)).toEqual({ state: 'ok', text: '2 of 2 probes healthy, reporting 3f1c2ab (this release)' });
  });
  it('an alert names the probe and what is wrong', () => {
    const alerting = monitor([probe({ state: 'alert', alerts: ['failed 3 checks in a row (HTTP 503, expected 200)'] })], true);
    expect(watch.healthLine(alerting, SHA)).toEqual({ state: 'alert', text: 'Not healthy: web failed 3 checks in a row (HTTP 503, expected 200)' });
  });
  it('another version, no reading yet, no probes', () => {
    expect(watch.healthLine(monitor([probe({ last: { at: 1, ok: true, status: 200, latencyMs: 5, version: 'b'.repeat(40) } })]), SHA).text).toBe('1 of 1 probe healthy, reporting bbbbbbb (not this release)');
    expect(watch.healthLine(monitor([probe({ state: 'unknown', last: null })]), SHA)).toEqual({ state: 'unknown', text: 'No reading yet' });
    expect(watch.healthLine(undefined, SHA).text).toBe('No health probe is configured for this environment');
  });
});
