import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES, describeAlert, evaluateAlerts, sameVersion, type ProbeSample } from '../../../../shared/monitor/alert-rules';
import { percentile, summarizeSamples } from '../../../../shared/monitor/sample-summary';

const RELEASED = '9e0d7c1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const sample = (at: number, extra: Partial<ProbeSample> = {}): ProbeSample => ({ at, ok: true, status: 200, latencyMs: 20, version: RELEASED, ...extra });
const down = (at: number) => sample(at, { ok: false, status: 503, problem: 'HTTP 503, expected 200' });

describe('evaluateAlerts', () => {
  it('alerts on the third failure in a row, not before, and not after a recovery', () => {
    expect(evaluateAlerts([sample(1), down(2), down(3)], DEFAULT_ALERT_RULES, RELEASED)).toEqual([]);
    expect(evaluateAlerts([sample(1), down(2), down(3), down(4)], DEFAULT_ALERT_RULES, RELEASED)).toEqual([
      { kind: 'failing', count: 3, problem: 'HTTP 503, expected 200' },
    ]);
    expect(evaluateAlerts([down(2), down(3), down(4), sample(5)], DEFAULT_ALERT_RULES, RELEASED)).toEqual([]);
  });

  it('alerts on latency above the bound for N samples only when a bound is set', () => {
    const slow = [1, 2, 3].map((at) => sample(at, { latencyMs: 900 }));
    expect(evaluateAlerts(slow, DEFAULT_ALERT_RULES, RELEASED)).toEqual([]);
    expect(evaluateAlerts(slow, { ...DEFAULT_ALERT_RULES, latencyMs: 500 }, RELEASED)).toEqual([{ kind: 'slow', count: 3, latencyMs: 900, boundMs: 500 }]);
    expect(evaluateAlerts(slow.slice(1), { ...DEFAULT_ALERT_RULES, latencyMs: 500 }, RELEASED)).toEqual([]);
  });

  it('alerts when production reports another version than expected, unless told not to', () => {
    const old = [sample(1, { version: '3f1c2ab' })];
    expect(evaluateAlerts(old, DEFAULT_ALERT_RULES, RELEASED)).toEqual([{ kind: 'wrong-version', reported: '3f1c2ab', expected: RELEASED }]);
    expect(evaluateAlerts(old, { ...DEFAULT_ALERT_RULES, expectVersion: false }, RELEASED)).toEqual([]);
    expect(evaluateAlerts(old, DEFAULT_ALERT_RULES, null)).toEqual([]);
  });

  it('words each alert for a person', () => {
    expect(describeAlert({ kind: 'failing', count: 3, problem: 'HTTP 503, expected 200' })).toBe('failed 3 checks in a row (HTTP 503, expected 200)');
    expect(describeAlert({ kind: 'wrong-version', reported: '3f1c2abdef', expected: RELEASED })).toBe('reports version 3f1c2ab, expected 9e0d7c1');
  });
});

describe('sameVersion', () => {
  it('matches a short SHA against a full one, but not a too-short prefix', () => {
    expect(sameVersion('9e0d7c1', RELEASED)).toBe(true);
    expect(sameVersion(RELEASED.toUpperCase(), RELEASED)).toBe(true);
    expect(sameVersion('9e0d', RELEASED)).toBe(false);
    expect(sameVersion(null, RELEASED)).toBe(false);
  });
});

describe('summarizeSamples', () => {
  it('gives uptime and nearest-rank latency percentiles of the answered samples', () => {
    const samples = [...Array.from({ length: 19 }, (_, i) => sample(i, { latencyMs: i + 1 })), down(19)];
    expect(summarizeSamples(samples)).toMatchObject({ samples: 20, uptime: 0.95, firstAt: 0, lastAt: 19 });
    expect(summarizeSamples([])).toMatchObject({ samples: 0, uptime: null, latencyP50Ms: null });
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
  });
});
