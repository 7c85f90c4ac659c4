/**
 * The watch window for real: a production stand-in over HTTP on 127.0.0.1, the real monitor
 * probing it every second, the real journal, and the watch services the app runs. Samples of
 * the watched release go to `releases/<id>/samples.jsonl` in the data folder; when the watch
 * ends (a verdict, the time running out — also across a restart — or a rollback), exactly one
 * `watch-summary` is appended. Auto-rollback runs the environment's real rollback command.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MonitorRuntimes } from '../../electron/services/monitor/monitor-runtimes';
import { createWatchServices, type WatchServices } from '../../electron/services/monitor/watch-services';
import { RollbackRuntimes } from '../../electron/services/rollback/rollback-runtimes';
import { createTrustService, memoryTrustStore, type TrustService } from '../../electron/services/trust/workspace-trust';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import { parseSampleLines } from '../../shared/monitor/watch-summary';
import type { EventDraft, EventOf, JournalEvent } from '../../shared/releases/release-events';
import { createRollbackWorld, switchedStory, type RollbackWorld } from '../fixtures/rollback-world';
import { CAST, PREVIOUS_SHA, RELEASE_SHA, releaseStory } from '../fixtures/release-events';

let world: RollbackWorld;
let trust: TrustService;
const stops: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  world = await createRollbackWorld();
  trust = createTrustService({ store: memoryTrustStore() });
  await trust.grant(world.dir, 'dialog');
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await world.close();
});

/** r1 switched over so that its switchover finished `agoMs` before now (the story's events are a minute apart). */
async function switchedAgo(agoMs: number): Promise<void> {
  const probe = switchedStory();
  const last = Date.parse(probe.events.at(-1)?.at ?? '');
  const first = Date.parse(probe.events[0]?.at ?? '');
  const start = new Date(Date.now() - agoMs - (last - first)).toISOString();
  await world.appendStory(releaseStory({ start }).plan().stage1().signOffAll().preflight().switchover());
}

async function configWith(production: Partial<WorkspaceConfig['environments'][string]>): Promise<WorkspaceConfig> {
  const config = await world.config();
  const current = config.environments.production;
  if (current === undefined) throw new Error('no production');
  return { ...config, environments: { production: { ...current, ...production } } };
}

/** The app's monitor and watch services over the world (what app-services wires). */
function startApp(config: WorkspaceConfig, rollbacks?: RollbackRuntimes): { watch: WatchServices; monitors: MonitorRuntimes } {
  const watch = createWatchServices({
    userDataDir: world.configDir,
    passMs: 200,
    rollbackAs: (folder, current, actor, environment, reason) => {
      if (rollbacks === undefined) throw new Error('no rollbacks in this test');
      return rollbacks.actingAs(folder, current, actor).rollback({ environment, reason });
    },
    log: () => undefined,
  });
  const monitors = new MonitorRuntimes({
    emit: () => undefined,
    // What the journal says is live: the release after switchover, the target after a rollback.
    expectedVersion: () => expected,
    ...watch.monitorHooks,
  });
  monitors.overview(world.dir, config);
  const stop = async () => {
    watch.stop();
    await monitors.stopAll();
  };
  stops.push(stop);
  return { watch, monitors };
}
let expected: string | null = RELEASE_SHA;

async function events(): Promise<readonly JournalEvent[]> {
  return (await world.journal.read()).events;
}

async function until<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const samplesPath = () => path.join(world.dataDir, 'releases', 'r1', 'samples.jsonl');
const sampleLines = async () => parseSampleLines(await readFile(samplesPath(), 'utf8').catch(() => ''));
const summaries = async () => (await events()).filter((event): event is EventOf<'watch-summary'> => event.type === 'watch-summary');

async function append(draft: Omit<EventDraft, 'at' | 'environment'>): Promise<JournalEvent> {
  const result = await world.journal.append(() => ({ at: new Date().toISOString(), environment: 'production', ...draft }) as EventDraft);
  if (result.kind !== 'appended') throw new Error(result.reason);
  return result.event;
}

describe('samples per watched release, summarized once when the watch ends', () => {
  it('a verdict ends the watch: one summary of the samples taken until then, and the file stops growing', async () => {
    expected = RELEASE_SHA;
    await switchedAgo(1000);
    const config = await configWith({});
    const app = startApp(config);
    await app.watch.recorder.pass(world.dir);
    expect(app.watch.recorder.samplesFile(world.dir, 'production')).toBe(samplesPath());
    await until('three samples in releases/r1/samples.jsonl', async () => (await sampleLines()).length >= 3);

    const verdict = await append({ type: 'verdict', actor: CAST.coordinator, releaseId: 'r1', data: { verdict: 'healthy' } });
    const [summary] = await until('the watch summary', async () => ((await summaries()).length > 0 ? summaries() : null));
    const taken = (await sampleLines()).filter((line) => line.at <= Date.parse(verdict.at));
    expect(summary).toMatchObject({
      actor: 'release-desk',
      releaseId: 'r1',
      data: { samplesFile: 'releases/r1/samples.jsonl', probes: [{ probe: 'web', samples: taken.length, uptime: 1, alerts: 0 }] },
    });
    const web = summary?.data.probes[0];
    expect(web?.latencyP50Ms).not.toBeNull();
    expect(web?.latencyP95Ms).toBeGreaterThanOrEqual(web?.latencyP50Ms ?? 0);
    expect(web?.firstAt).toBe(taken[0]?.at);
    expect(web?.lastAt).toBe(taken.at(-1)?.at);
    expect(taken.every((line) => line.probe === 'web' && line.ok && line.version === RELEASE_SHA)).toBe(true);

    // No longer watched: two more readings in memory, none more in the file (one may have been in
    // flight), and the passes after it add no second summary.
    const { monitors } = app;
    const inMemory = () => monitors.overview(world.dir, config).environments[0]?.probes[0]?.samples.length ?? 0;
    const lines = (await sampleLines()).length;
    const readings = inMemory();
    const eventCount = (await events()).length;
    await until('two more readings', async () => inMemory() >= readings + 2);
    expect((await sampleLines()).length).toBeLessThanOrEqual(lines + 1);
    expect(await summaries()).toHaveLength(1);
    expect((await events()).length).toBe(eventCount);
    expect(app.watch.recorder.samplesFile(world.dir, 'production')).toBeNull();
  }, 60_000);

  it('the window runs out while the app is closed: the next start summarizes what was sampled, once', async () => {
    expected = RELEASE_SHA;
    // watchMinutes 1, switched 52 s ago: the window closes about 8 s from now.
    await switchedAgo(52_000);
    const config = await configWith({ watchMinutes: 1 });
    const first = startApp(config);
    await until('two samples', async () => (await sampleLines()).length >= 2);
    // Production reports a version that is not the release's: the probe alerts.
    await world.setLive(PREVIOUS_SHA);
    await until('an alerting sample', async () => (await sampleLines()).some((line) => line.alert === true));
    await world.setLive(RELEASE_SHA);
    await until('a healthy sample after it', async () => (await sampleLines()).at(-1)?.alert === false);
    // The app quits during the watch.
    first.watch.stop();
    await first.monitors.stopAll();
    const windowEnd = Date.parse((await events()).find((event) => event.type === 'step-finished' && event.data.step === 'switchover')?.at ?? '') + 60_000;
    await until('the window to close', async () => Date.now() > windowEnd, 20_000);
    expect(await summaries()).toHaveLength(0);

    // Two windows start at once (two app processes): still one summary.
    const [a, b] = [startApp(config), startApp(config)];
    await Promise.all([a.watch.recorder.pass(world.dir), b.watch.recorder.pass(world.dir)]);
    const all = await summaries();
    expect(all).toHaveLength(1);
    const lines = await sampleLines();
    const web = all[0]?.data.probes[0];
    expect(web).toMatchObject({ probe: 'web', samples: lines.filter((line) => line.at <= windowEnd).length, alerts: 1 });
    expect(web?.uptime).toBe(1); // a wrong version still answers ok; the alert says what was wrong
    expect(web?.lastAt).toBeLessThanOrEqual(windowEnd);
    expect(a.watch.recorder.watched(world.dir, 'production')).toBeNull();
  }, 60_000);
});

describe('auto-rollback during the watch window', () => {
  it('an alert lasting afterSeconds rolls back by itself, once, as release-desk on behalf of the on-call; the watch is summarized', async () => {
    expected = RELEASE_SHA;
    await switchedAgo(1000);
    const rollbacks = new RollbackRuntimes({ userDataDir: world.configDir, trust, emit: () => undefined, secrets: () => [] });
    const config = await configWith({ autoRollback: { afterSeconds: 2 } });
    const app = startApp(config, rollbacks);
    const plan = await until('auto-rollback armed', async () => app.monitors.overview(world.dir, config).environments[0]?.autoRollback);
    expect(plan).toMatchObject({ afterSeconds: 2, releaseId: 'r1', onCall: CAST.onCall, firesAt: null });
    await until('a healthy reading', async () => (await sampleLines()).length >= 1);

    // Production goes wrong (it reports a version nobody released): the alert starts the countdown.
    const wrong = 'badbad0'.padEnd(40, '0');
    await world.setLive(wrong);
    const armed = await until('the countdown', async () => app.monitors.overview(world.dir, config).environments[0]?.autoRollback?.firesAt);
    const alertSince = app.monitors.overview(world.dir, config).environments[0]?.alertingSince ?? 0;
    expect(armed).toBe(alertSince + 2000);
    expected = PREVIOUS_SHA; // after the rollback, the journal's live version

    await until('production rolled back', async () => (await world.live()) === PREVIOUS_SHA, 30_000);
    const rolled = await until('rolled-back in the journal', async () => (await events()).find((event) => event.type === 'rolled-back'));
    expect(rolled).toMatchObject({ actor: 'release-desk', releaseId: 'r1', data: { toSha: PREVIOUS_SHA, fromSha: RELEASE_SHA } });
    const all = await events();
    const override = all.find((event) => event.type === 'override');
    expect(override).toMatchObject({ actor: 'release-desk', data: { action: 'rollback' } });
    expect(override?.type === 'override' ? override.data.reason : '').toMatch(
      new RegExp(`^release-desk on behalf of the on-call ${CAST.onCall}: production alerted for \\d+ s during the watch of r1 \\(autoRollback\\.afterSeconds 2\\): web reports version badbad0, expected 3f1c2ab`),
    );
    const started = all.filter((event) => event.type === 'step-started' && event.data.step === 'rollback');
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ actor: 'release-desk' });
    expect(Date.parse(started[0]?.at ?? '')).toBeGreaterThanOrEqual(alertSince + 2000);

    // The rollback ended the watch: its summary follows, and nothing fires again.
    const [summary] = await until('the watch summary', async () => ((await summaries()).length > 0 ? summaries() : null));
    expect(summary?.data.probes[0]?.alerts).toBe(1);
    await world.setLive(wrong);
    await until('the new alert seen', async () => app.monitors.overview(world.dir, config).environments[0]?.alerting);
    expect(app.monitors.overview(world.dir, config).environments[0]?.autoRollback ?? null).toBeNull();
    expect((await events()).filter((event) => event.type === 'step-started' && event.data.step === 'rollback')).toHaveLength(1);
  }, 90_000);
});
