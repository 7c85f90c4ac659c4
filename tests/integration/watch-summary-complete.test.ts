/**
 * The watch's summary holds every reading taken during the watch, even one taken in its last
 * moment: a reading is in the release's samples file by the time the monitor announces it, so
 * whoever sums up the watch when it ends (this app's recorder, the release service after a
 * verdict, another window, the CLI) reads it. Before, samples were written by a queue of
 * asynchronous appends, and a reading of the last ~2 s could still be queued when the summary
 * read the file. Real HTTP production stand-in probed every second, real journal, the app's
 * watch services.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MonitorRuntimes } from '../../electron/services/monitor/monitor-runtimes';
import { createWatchServices } from '../../electron/services/monitor/watch-services';
import type { MonitorReading } from '../../shared/monitor/monitor-ipc';
import { parseSampleLines } from '../../shared/monitor/watch-summary';
import type { EventOf } from '../../shared/releases/release-events';
import { CAST, RELEASE_SHA, releaseStory } from '../fixtures/release-events';
import { createRollbackWorld, switchedStory, type RollbackWorld } from '../fixtures/rollback-world';

let world: RollbackWorld;
const stops: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  world = await createRollbackWorld();
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await world.close();
});

const samplesPath = () => path.join(world.dataDir, 'releases', 'r1', 'samples.jsonl');
const fileLines = () => {
  try {
    return parseSampleLines(readFileSync(samplesPath(), 'utf8'));
  } catch {
    return [];
  }
};

describe('the watch summary', () => {
  it('includes the reading announced at the very moment the watch ends, and every one before it', async () => {
    // r1 switched over a second ago: its watch is on.
    const shape = switchedStory();
    const span = Date.parse(shape.events.at(-1)?.at ?? '') - Date.parse(shape.events[0]?.at ?? '');
    await world.appendStory(releaseStory({ start: new Date(Date.now() - 1000 - span).toISOString() }).plan().stage1().signOffAll().preflight().switchover());
    const config = await world.config();
    // The recorder's own passes are rare here: the summary is made by the pass after the verdict.
    const watch = createWatchServices({ userDataDir: world.configDir, passMs: 60_000, rollbackAs: () => Promise.reject(new Error('no rollback here')), log: () => undefined });
    const onDisk: boolean[] = [];
    let ended: Promise<EventOf<'verdict'>> | null = null;
    const monitors = new MonitorRuntimes({
      emit: (event, payload) => {
        if (event !== 'monitor.reading' || watch.recorder.samplesFile(world.dir, 'production') === null) return;
        const reading = payload as MonitorReading;
        // Announced: is it in the file already?
        onDisk.push(fileLines().some((line) => line.probe === reading.probe && line.at === reading.sample.at));
        if (onDisk.length === 3 && ended === null) {
          // The verdict lands at this reading's very time: the reading belongs to the watch.
          ended = world.journal
            .append(() => ({ at: new Date(reading.sample.at).toISOString(), actor: CAST.coordinator, type: 'verdict', releaseId: 'r1', environment: 'production', data: { verdict: 'healthy' } }))
            .then(async (result) => {
              if (result.kind !== 'appended' || result.event.type !== 'verdict') throw new Error('no verdict');
              await watch.recorder.pass(world.dir);
              return result.event;
            });
        }
      },
      expectedVersion: () => RELEASE_SHA,
      ...watch.monitorHooks,
    });
    stops.push(async () => {
      watch.stop();
      await monitors.stopAll();
    });
    monitors.overview(world.dir, config);
    await watch.recorder.pass(world.dir);

    const deadline = Date.now() + 30_000;
    while (ended === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (ended === null) throw new Error('no three readings within 30 s');
    const verdict = await (ended as Promise<EventOf<'verdict'>>);
    expect(onDisk.slice(0, 3)).toEqual([true, true, true]);

    const summary = (await world.journal.read()).events.find((event): event is EventOf<'watch-summary'> => event.type === 'watch-summary');
    const during = fileLines().filter((line) => line.at <= Date.parse(verdict.at));
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(summary?.data.probes).toEqual([expect.objectContaining({ probe: 'web', samples: during.length, lastAt: Date.parse(verdict.at) })]);
  }, 60_000);
});
