import { describe, expect, it } from 'vitest';
import { parseSampleLines, samplesFileOf, summarizeWatch, type SampleLine } from '../../../../shared/monitor/watch-summary';
import { watchEnding } from '../../../../shared/releases/watch-end';
import { watchWindowOf } from '../../../../shared/releases/watch-window';
import { foldRelease } from '../../../../shared/releases/fold-release';
import { releaseStory } from '../../../fixtures/release-events';

const line = (probe: string, at: number, extra: Partial<SampleLine> = {}): SampleLine => ({ probe, at, ok: true, status: 200, latencyMs: at % 100, version: 'abc', ...extra });

describe('summarizeWatch', () => {
  it('summarizes each probe within [from, to], configured probes first even without samples, counting alerts as rises', () => {
    const lines = [
      line('web', 50),
      line('web', 100, { latencyMs: 10 }),
      line('web', 200, { ok: false, status: 503, latencyMs: 30, alert: true }),
      line('web', 300, { ok: false, status: null, latencyMs: 5000, alert: true }),
      line('web', 400, { latencyMs: 20, alert: false }),
      line('web', 500, { latencyMs: 40, alert: true }),
      line('web', 900),
      line('api', 150, { latencyMs: 7 }),
    ];
    expect(summarizeWatch(lines, ['web', 'db'], 100, 500, samplesFileOf('r3'))).toEqual({
      samplesFile: 'releases/r3/samples.jsonl',
      probes: [
        // status null (no answer) is not a latency: p50/p95 of 10, 20, 30, 40.
        { probe: 'web', samples: 5, uptime: 0.6, latencyP50Ms: 20, latencyP95Ms: 40, alerts: 2, firstAt: 100, lastAt: 500 },
        { probe: 'db', samples: 0, uptime: null, latencyP50Ms: null, latencyP95Ms: null, alerts: 0, firstAt: null, lastAt: null },
        { probe: 'api', samples: 1, uptime: 1, latencyP50Ms: 7, latencyP95Ms: 7, alerts: 0, firstAt: 150, lastAt: 150 },
      ],
    });
  });

  it('reads a samples file, skipping a torn last line', () => {
    const text = `${JSON.stringify(line('web', 1))}\n${JSON.stringify(line('web', 2))}\n{"probe":"web","at":3,"o`;
    expect(parseSampleLines(text).map((sample) => sample.at)).toEqual([1, 2]);
  });
});

describe('watchEnding', () => {
  const watched = releaseStory().plan().stage1().signOffAll().preflight().switchover();
  const state = foldRelease(watched.events, watched.releaseId);
  const window = state === null ? null : watchWindowOf(state, 15);
  if (window === null) throw new Error('no window');
  const until = Date.parse(window.until);

  it('is open until the window ends, then ends at the window’s end', () => {
    expect(watchEnding(watched.events, watched.releaseId, window, until - 1)).toBeNull();
    expect(watchEnding(watched.events, watched.releaseId, window, until + 60_000)).toEqual({ at: until, why: 'time' });
  });

  it('ends at a verdict or a rollback before the window’s end, whichever came first', () => {
    const verdict = releaseStory().plan().stage1().signOffAll().preflight().switchover().verdict('faulty');
    const at = Date.parse(verdict.events.at(-1)?.at ?? '');
    expect(watchEnding(verdict.events, verdict.releaseId, window, until + 60_000)).toEqual({ at, why: 'verdict' });
    const rolled = releaseStory().plan().stage1().signOffAll().preflight().switchover().rollback();
    const rollbackStarted = rolled.events.find((event) => event.type === 'step-started' && event.data.step === 'rollback');
    expect(watchEnding(rolled.events, rolled.releaseId, window, until - 1)).toEqual({ at: Date.parse(rollbackStarted?.at ?? ''), why: 'rollback' });
  });
});
