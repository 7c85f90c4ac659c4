/**
 * monitor.overview through the IPC dispatcher on a real workspace folder whose health probe
 * points at a real server: the first ask starts the monitor, each reading is pushed as a
 * small monitor.reading event, and a new release-desk.yml rebuilds the monitors.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/services/handlers';
import { MonitorRuntimes } from '../../electron/services/monitor/monitor-runtimes';
import { createWorkspaceSessions } from '../../electron/services/workspace/workspace-session';
import type { MonitorOverview, MonitorReading } from '../../shared/monitor/monitor-ipc';
import { testHandlerDeps } from '../fixtures/handler-deps';
import { virtualTimers } from '../fixtures/virtual-timers';
import { startProductionStandIn, type ProductionStandIn } from '../fixtures/production-stand-in';

let dir: string;
let standIn: ProductionStandIn;
let productionUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-monitor-ipc-'));
  standIn = await startProductionStandIn(() => ({ healthy: true, version: '3f1c2ab' }));
  productionUrl = standIn.origin();
});

afterAll(async () => {
  await standIn.close();
  await rm(dir, { recursive: true, force: true });
});

const commands = { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' };
const writeConfig = (health: readonly object[]) =>
  writeFile(
    path.join(dir, 'release-desk.yml'),
    stringify({ version: 1, repository: { path: '.', github: 'octo/app' }, ci: { provider: 'github-checks' }, environments: { production: { commands, health } } }),
  );

describe('monitor.overview', () => {
  it('starts watching on first ask, pushes each reading, and follows a changed release-desk.yml', async () => {
    await writeConfig([{ name: 'web', url: `${productionUrl}/health`, versionField: 'version', intervalSeconds: 5 }]);
    const timers = virtualTimers();
    const readings: MonitorReading[] = [];
    const monitors = new MonitorRuntimes({
      timers,
      emit: (event, payload) => {
        if (event === 'monitor.reading') readings.push(payload as MonitorReading);
      },
    });
    const handlers = createHandlers(testHandlerDeps({ workspacePath: () => dir, sessionFor: createWorkspaceSessions(), monitors }));
    const log = (call: string, error: unknown) => {
      throw new Error(`${call}: ${String(error)}`);
    };
    try {
      const first = await dispatch(handlers, 'monitor.overview', [], log, () => []);
      expect(first).toMatchObject({ ok: true, value: { environments: [{ environment: 'production', alerting: false, probes: [{ name: 'web' }] }] } });

      await timers.advance(10_000);
      expect(readings.length).toBeGreaterThanOrEqual(2);
      expect(readings.at(-1)).toMatchObject({ environment: 'production', probe: 'web', state: 'ok', sample: { ok: true, status: 200, version: '3f1c2ab' } });
      const later = (await dispatch(handlers, 'monitor.overview', [], log, () => [])) as { ok: true; value: MonitorOverview };
      expect(later.value.environments[0]?.probes[0]?.samples.length).toBe(readings.length);

      await writeConfig([]);
      const none = await dispatch(handlers, 'monitor.overview', [], log, () => []);
      expect(none).toEqual({ ok: true, value: { environments: [] } });
    } finally {
      await monitors.stopAll();
    }
  });

  it('answers unavailable in a host without monitors, and not-configured with no workspace', async () => {
    const log = () => undefined;
    expect(await dispatch(createHandlers(testHandlerDeps({ workspacePath: () => dir })), 'monitor.overview', [], log, () => [])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const monitors = new MonitorRuntimes({ emit: () => undefined });
    expect(await dispatch(createHandlers(testHandlerDeps({ monitors })), 'monitor.overview', [], log, () => [])).toMatchObject({ ok: false, error: { code: 'not-configured' } });
  });
});
