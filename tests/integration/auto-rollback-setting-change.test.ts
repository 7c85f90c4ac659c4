/**
 * The on-call edits `autoRollback.afterSeconds` while production alerts during the watch: the
 * alert already on is counted with the new value from when it began (not only the next alert),
 * and the edit neither wipes the monitor's samples nor restarts the alert's clock. The app's
 * monitors and watch services on a virtual clock, a real HTTP production stand-in (one reading
 * awaited per step of the clock), a real journal; the rollback port records its calls.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MonitorRuntimes } from '../../electron/services/monitor/monitor-runtimes';
import { createWatchServices } from '../../electron/services/monitor/watch-services';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import type { RollbackOutcome } from '../../shared/releases/rollback-ipc';
import { RELEASE_SHA, releaseStory } from '../fixtures/release-events';
import { createRollbackWorld, switchedStory, type RollbackWorld } from '../fixtures/rollback-world';
import { virtualTimers } from '../fixtures/virtual-timers';

let world: RollbackWorld;
const stops: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  world = await createRollbackWorld();
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await world.close();
});

function withAfterSeconds(config: WorkspaceConfig, afterSeconds: number): WorkspaceConfig {
  const production = config.environments.production;
  if (production === undefined) throw new Error('no production');
  return { ...config, environments: { ...config.environments, production: { ...production, autoRollback: { afterSeconds } } } };
}

async function waitFor(what: string, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a changed autoRollback.afterSeconds', () => {
  it('applies to the alert that is on, counted from when it began; the edit keeps the samples and the alert', async () => {
    // r1 switched over a second ago (real time): its 15-minute watch is on.
    const shape = switchedStory();
    const span = Date.parse(shape.events.at(-1)?.at ?? '') - Date.parse(shape.events[0]?.at ?? '');
    await world.appendStory(releaseStory({ start: new Date(Date.now() - 1000 - span).toISOString() }).plan().stage1().signOffAll().preflight().switchover());
    const base = await world.config();
    const timers = virtualTimers(Date.now());
    const calls: { at: number; reason: string }[] = [];
    const watch = createWatchServices({
      userDataDir: world.configDir,
      timers,
      passMs: 3_600_000,
      rollbackAs: (_folder, _config, _actor, _environment, reason) => {
        calls.push({ at: timers.now(), reason });
        return Promise.resolve({ kind: 'rolled-back' } as RollbackOutcome);
      },
      log: () => undefined,
    });
    let readings = 0;
    const monitors = new MonitorRuntimes({
      timers,
      emit: (event) => {
        if (event === 'monitor.reading') readings += 1;
      },
      expectedVersion: () => RELEASE_SHA,
      ...watch.monitorHooks,
    });
    stops.push(async () => {
      watch.stop();
      await monitors.stopAll();
    });
    /** One second of the clock, and the reading it starts. */
    const step = async (seconds: number) => {
      for (let index = 0; index < seconds; index += 1) {
        const before = readings;
        await timers.advance(1000);
        await waitFor('a reading', () => readings > before);
      }
    };
    const plan = () => watch.autoRollback.plan(world.dir, 'production');

    const first = withAfterSeconds(base, 120);
    monitors.overview(world.dir, first);
    await watch.recorder.pass(world.dir);
    await waitFor('the first reading', () => readings >= 1);
    // Production stops answering (HTTP 503): three failed readings in a row raise the alert.
    await rm(path.join(world.dir, 'live-version'));
    await step(3);
    const since = monitors.overview(world.dir, first).environments[0]?.alertingSince ?? null;
    expect(since).not.toBeNull();
    const alertStart = since ?? 0;
    expect(plan()).toMatchObject({ afterSeconds: 120, firesAt: alertStart + 120_000 });
    await step(30);
    const samplesBefore = monitors.overview(world.dir, first).environments[0]?.probes[0]?.samples.length ?? 0;

    // The on-call shortens it to 60 s: the workspace is reloaded with the edited file.
    const edited = withAfterSeconds(base, 60);
    const after = monitors.overview(world.dir, edited).environments[0];
    expect(after?.probes[0]?.samples.length).toBe(samplesBefore);
    expect(after?.alertingSince).toBe(alertStart);
    expect(plan()).toMatchObject({ afterSeconds: 60, firesAt: alertStart + 60_000 });

    // Still alerting: it fires 60 s after the alert began, once.
    while (timers.now() < alertStart + 60_000) await step(1);
    await waitFor('the auto-rollback', () => calls.length > 0);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.at).toBe(alertStart + 60_000);
    expect(calls[0]?.reason).toMatch(/^release-desk on behalf of the on-call dave: production alerted for 60 s during the watch of r1 \(autoRollback\.afterSeconds 60\): web failed 3 checks in a row/);
  }, 60_000);
});
