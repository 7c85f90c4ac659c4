/**
 * The live monitor against real HTTP servers on 127.0.0.1, on a virtual clock: a target
 * that turns bad raises an alert within three intervals; a target that never answers
 * costs one open request at a time and bounded memory, however long the monitor runs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthProbeConfig } from '../../shared/config/workspace-config';
import { HISTORY_MS, startEnvironmentMonitor, type EnvironmentMonitorSnapshot } from '../../electron/services/monitor/environment-monitor';
import { virtualTimers } from '../fixtures/virtual-timers';

const RELEASED = '9e0d7c1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface Production {
  readonly url: string;
  healthy: boolean;
  readonly open: () => number;
  readonly maxOpen: () => number;
  readonly requests: () => number;
}

/** A production stand-in: answers /health, or with `hang` holds every request open forever. */
async function startProduction(hang = false): Promise<Production> {
  let open = 0;
  let maxOpen = 0;
  let requests = 0;
  const state = { healthy: true };
  const server = http.createServer((request, response) => {
    requests++;
    open++;
    maxOpen = Math.max(maxOpen, open);
    request.socket.on('close', () => open--);
    if (hang) return;
    response.writeHead(state.healthy ? 200 : 503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: state.healthy ? 'ok' : 'down', version: RELEASED }));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    open: () => open,
    maxOpen: () => maxOpen,
    requests: () => requests,
  });
}

const probe = (url: string, extra: Partial<HealthProbeConfig> = {}): HealthProbeConfig => ({
  name: 'web',
  url: `${url}/health`,
  expectStatus: 200,
  expectBody: '"status":"ok"',
  versionField: 'version',
  intervalSeconds: 10,
  timeoutSeconds: 5,
  ...extra,
});

describe('the environment monitor', () => {
  it('turns red within three intervals of production going bad, and green again when it recovers', async () => {
    const production = await startProduction();
    const timers = virtualTimers();
    const seen: EnvironmentMonitorSnapshot[] = [];
    const monitor = startEnvironmentMonitor(
      { environment: 'production', probes: [probe(production.url)], expectedVersion: () => RELEASED, samplesFile: () => null },
      { timers, onChange: (snapshot) => seen.push(snapshot) },
    );
    cleanups.push(() => monitor.stop());
    await timers.advance(20_000);
    expect(monitor.snapshot()).toMatchObject({ alerting: false, probes: [{ state: 'ok', last: { ok: true, version: RELEASED } }] });

    production.healthy = false;
    const brokeAt = timers.now();
    for (let interval = 1; interval <= 3 && !monitor.snapshot().alerting; interval++) await timers.advance(10_000);
    const red = monitor.snapshot();
    expect(red.alerting).toBe(true);
    expect(red.alertingSince).not.toBeNull();
    expect((red.alertingSince ?? Infinity) - brokeAt).toBeLessThanOrEqual(30_000);
    expect(red.probes[0]?.alerts).toEqual([{ kind: 'failing', count: 3, problem: 'HTTP 503, expected 200' }]);

    production.healthy = true;
    await timers.advance(10_000);
    expect(monitor.snapshot()).toMatchObject({ alerting: false, alertingSince: null });
    expect(seen.some((snapshot) => snapshot.alerting)).toBe(true);
  });

  it('says production runs the wrong version when it reports another SHA than expected', async () => {
    const production = await startProduction();
    const timers = virtualTimers();
    const monitor = startEnvironmentMonitor(
      { environment: 'production', probes: [probe(production.url)], expectedVersion: () => '3f1c2ab000000000000000000000000000000000', samplesFile: () => null },
      { timers, onChange: () => undefined },
    );
    cleanups.push(() => monitor.stop());
    await timers.advance(1);
    expect(monitor.snapshot().probes[0]?.alerts).toEqual([{ kind: 'wrong-version', reported: RELEASED, expected: '3f1c2ab000000000000000000000000000000000' }]);
  });

  it('never has more than one probe in flight against a target that never answers, and keeps only the last hour', async () => {
    const production = await startProduction(true);
    const timers = virtualTimers();
    // Slower than the interval: every other tick falls while the probe is still waiting.
    const monitor = startEnvironmentMonitor(
      { environment: 'production', probes: [probe(production.url, { intervalSeconds: 10, timeoutSeconds: 15 })], expectedVersion: () => null, samplesFile: () => null },
      { timers, onChange: () => undefined },
    );
    cleanups.push(() => monitor.stop());
    const twoHours = 2 * 60 * 60 * 1000;
    for (let elapsed = 0; elapsed < twoHours; elapsed += 5_000) {
      await timers.advance(5_000);
      expect(production.open()).toBeLessThanOrEqual(1);
    }
    const [web] = monitor.snapshot().probes;
    expect(production.maxOpen()).toBe(1);
    expect(web?.last).toMatchObject({ ok: false, status: null, problem: 'no answer within 15 s' });
    // 2 hours of one probe every 20 s (each tick in flight skips the next): the last hour only.
    expect(web?.samples.length).toBeLessThanOrEqual(HISTORY_MS / 20_000 + 1);
    expect(web?.samples.length).toBeGreaterThan(HISTORY_MS / 20_000 - 5);
    expect((web?.last?.at ?? 0) - (web?.samples[0]?.at ?? 0)).toBeLessThanOrEqual(HISTORY_MS);
    await monitor.stop();
    expect(timers.pending()).toBe(0);
  });

  it('appends every sample to the watched release’s samples file', async () => {
    const production = await startProduction();
    const timers = virtualTimers();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-monitor-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'samples', 'r7.jsonl');
    const monitor = startEnvironmentMonitor(
      { environment: 'production', probes: [probe(production.url)], expectedVersion: () => RELEASED, samplesFile: () => file },
      { timers, onChange: () => undefined },
    );
    await timers.advance(30_000);
    await monitor.stop();
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { probe: string; ok: boolean; version: string });
    expect(lines).toHaveLength(4);
    expect(lines.every((line) => line.probe === 'web' && line.ok && line.version === RELEASED)).toBe(true);
  });
});
