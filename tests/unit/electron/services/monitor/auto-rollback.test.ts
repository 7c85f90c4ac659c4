/**
 * Auto-rollback's timing on a virtual clock: when it fires, and every case where it must not.
 * The rollback port records calls here; the real rollback is in tests/integration/watch-window.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { AutoRollback } from '../../../../../electron/services/monitor/auto-rollback';
import type { WatchedRelease } from '../../../../../electron/services/monitor/watch-summaries';
import type { RollbackOutcome } from '../../../../../shared/releases/rollback-ipc';
import { virtualTimers, type VirtualTimers } from '../../../../fixtures/virtual-timers';

const FOLDER = '/work/shop';
const ENV = 'production';

function world(options: { afterSeconds?: number | null; windowStartMs?: number; windowMinutes?: number; refuse?: string } = {}) {
  const timers = virtualTimers();
  const start = timers.now() + (options.windowStartMs ?? 0);
  let watched: WatchedRelease | null = {
    releaseId: 'r4',
    environment: ENV,
    onCall: 'dave',
    window: { since: new Date(start).toISOString(), until: new Date(start + (options.windowMinutes ?? 15) * 60_000).toISOString(), minutes: options.windowMinutes ?? 15 },
    file: '/data/releases/r4/samples.jsonl',
  };
  const calls: { at: number; reason: string }[] = [];
  const fired: unknown[] = [];
  const auto = new AutoRollback({
    timers,
    setting: () => (options.afterSeconds === null ? null : { afterSeconds: options.afterSeconds ?? 60 }),
    watched: () => watched,
    refresh: () => Promise.resolve(),
    rollback: (_folder, _environment, reason) => {
      calls.push({ at: timers.now(), reason });
      if (options.refuse !== undefined) return Promise.reject(new Error(options.refuse));
      return Promise.resolve({ kind: 'rolled-back' } as RollbackOutcome);
    },
    onFired: (_folder, _environment, result) => fired.push(result),
  });
  return {
    timers,
    auto,
    calls,
    fired,
    endWatch: () => {
      watched = null;
      auto.watchChanged(FOLDER, ENV);
    },
  };
}

async function alertFor(w: { timers: VirtualTimers; auto: AutoRollback }, ms: number, text = 'web failed 3 checks in a row (HTTP 503, expected 200)') {
  w.auto.alertChanged(FOLDER, ENV, w.timers.now(), text);
  await w.timers.advance(ms);
}

describe('auto-rollback', () => {
  it('fires once the alert has lasted afterSeconds, with a reason naming the on-call and the alert', async () => {
    const w = world({ afterSeconds: 60 });
    const alertAt = w.timers.now();
    await alertFor(w, 59_000);
    expect(w.calls).toHaveLength(0);
    expect(w.auto.plan(FOLDER, ENV)).toMatchObject({ afterSeconds: 60, releaseId: 'r4', firesAt: alertAt + 60_000, onCall: 'dave' });
    await w.timers.advance(1000);
    expect(w.calls).toEqual([
      {
        at: alertAt + 60_000,
        reason: 'release-desk on behalf of the on-call dave: production alerted for 60 s during the watch of r4 (autoRollback.afterSeconds 60): web failed 3 checks in a row (HTTP 503, expected 200)',
      },
    ]);
    expect(w.fired).toEqual([{ ok: true, outcome: { kind: 'rolled-back' } }]);
  });

  it('an alert that recovers before afterSeconds disarms it; a new alert counts from its own start', async () => {
    const w = world({ afterSeconds: 60 });
    await alertFor(w, 50_000);
    w.auto.alertChanged(FOLDER, ENV, null, '');
    expect(w.auto.plan(FOLDER, ENV)?.firesAt).toBeNull();
    await w.timers.advance(30_000);
    const again = w.timers.now();
    await alertFor(w, 59_999);
    expect(w.calls).toHaveLength(0);
    await w.timers.advance(1);
    expect(w.calls.map((call) => call.at)).toEqual([again + 60_000]);
  });

  it('never twice for one release: a second alert after it fired does nothing', async () => {
    const w = world({ afterSeconds: 10 });
    await alertFor(w, 10_000);
    w.auto.alertChanged(FOLDER, ENV, null, '');
    await alertFor(w, 120_000);
    expect(w.calls).toHaveLength(1);
    expect(w.auto.plan(FOLDER, ENV)).toBeNull();
  });

  it('never outside the window: not armed when the countdown would end after it, nor once the watch ended', async () => {
    const late = world({ afterSeconds: 120, windowMinutes: 1 });
    await alertFor(late, 10 * 60_000);
    expect(late.calls).toHaveLength(0);

    const ended = world({ afterSeconds: 30 });
    await alertFor(ended, 20_000);
    ended.endWatch();
    await ended.timers.advance(60_000);
    expect(ended.calls).toHaveLength(0);
  });

  it('an alert from before the window counts from the window’s start', async () => {
    const w = world({ afterSeconds: 30, windowStartMs: 45_000 });
    const windowStart = w.timers.now() + 45_000;
    w.auto.alertChanged(FOLDER, ENV, w.timers.now(), 'web reports version 9e0d7c1, expected 3f1c2ab');
    await w.timers.advance(74_999);
    expect(w.calls).toHaveLength(0);
    await w.timers.advance(1);
    expect(w.calls.map((call) => call.at)).toEqual([windowStart + 30_000]);
  });

  it('off by default: no setting, nothing armed', async () => {
    const w = world({ afterSeconds: null });
    await alertFor(w, 60 * 60_000);
    expect(w.calls).toHaveLength(0);
    expect(w.auto.plan(FOLDER, ENV)).toBeNull();
  });

  it('a rollback already running refuses it: reported, not retried', async () => {
    const w = world({ afterSeconds: 5, refuse: 'refused: dave is rolling production back since 14:02 UTC' });
    await alertFor(w, 5000);
    w.auto.alertChanged(FOLDER, ENV, null, '');
    await alertFor(w, 60_000);
    expect(w.calls).toHaveLength(1);
    expect(w.fired).toEqual([{ ok: false, error: 'refused: dave is rolling production back since 14:02 UTC' }]);
  });
});
