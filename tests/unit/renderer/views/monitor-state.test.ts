import { describe, expect, it } from 'vitest';
import type { MonitorOverview, MonitorReading } from '../../../../shared/monitor/monitor-ipc';

// The renderer is its own TypeScript project; vitest compiles the module by path.
const stateModule = '../../../../renderer/views/monitor/monitor-state';
const { applyReading, formatLatency, formatUptime, HOUR_MS } = (await import(/* @vite-ignore */ stateModule)) as {
  applyReading: (overview: MonitorOverview, reading: MonitorReading) => MonitorOverview;
  formatLatency: (ms: number | null) => string;
  formatUptime: (fraction: number | null) => string;
  HOUR_MS: number;
};

const NOW = Date.parse('2026-11-20T14:00:00Z');
const sample = (at: number, ok = true) => ({ at, ok, status: ok ? 200 : 503, latencyMs: 12, version: '3f1c2ab' });
const probe = (name: string, samples: ReturnType<typeof sample>[]) => ({ name, url: `http://127.0.0.1/${name}`, intervalMs: 1000, state: 'ok' as const, last: samples.at(-1) ?? null, alerts: [], samples });
const overview: MonitorOverview = {
  environments: [
    { environment: 'production', alerting: false, alertingSince: null, expectedVersion: null, markers: [], probes: [probe('web', [sample(NOW - HOUR_MS - 1), sample(NOW - 1000)]), probe('api', [sample(NOW - 1000)])] },
    { environment: 'staging', alerting: false, alertingSince: null, expectedVersion: null, markers: [], probes: [probe('web', [])] },
  ],
};
const reading = (extra: Partial<MonitorReading> = {}): MonitorReading => ({
  environment: 'production',
  probe: 'web',
  sample: sample(NOW, false),
  state: 'alert',
  alerts: ['failed 3 checks in a row (HTTP 503, expected 200)'],
  alerting: true,
  alertingSince: NOW,
  ...extra,
});

describe('applyReading', () => {
  it('lands on its own environment and probe only, and drops samples older than an hour', () => {
    const next = applyReading(overview, reading());
    const [production, staging] = next.environments;
    expect(production?.alerting).toBe(true);
    expect(production?.probes[0]).toMatchObject({ name: 'web', state: 'alert', last: { at: NOW, ok: false } });
    expect(production?.probes[0]?.samples.map((s) => s.at)).toEqual([NOW - 1000, NOW]);
    expect(production?.probes[1]).toBe(overview.environments[0]?.probes[1]);
    expect(staging).toBe(overview.environments[1]);
  });

  it('ignores a reading of a probe the view does not know', () => {
    expect(applyReading(overview, reading({ probe: 'gone' }))).toBe(overview);
    expect(applyReading(overview, reading({ environment: 'preview' }))).toBe(overview);
  });

  it('does not count the same reading twice', () => {
    const once = applyReading(overview, reading());
    expect(applyReading(once, reading()).environments[0]?.probes[0]?.samples).toHaveLength(2);
  });
});

describe('formatting', () => {
  it('writes latency and uptime as a person reads them', () => {
    expect(formatLatency(12.4)).toBe('12 ms');
    expect(formatLatency(1540)).toBe('1.5 s');
    expect(formatLatency(null)).toBe('–');
    expect(formatUptime(0.9996)).toBe('99.9% up');
    expect(formatUptime(null)).toBe('no readings yet');
  });
});
