/**
 * monitor.health through the IPC dispatcher: each watched environment's alert flag and since
 * when, as the overview says it, without the overview's hour of samples per probe (the status
 * strip asks every 10 s on every view). A real workspace folder, a real HTTP production that
 * turns unhealthy, the monitor on virtual timers.
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
import type { MonitorHealth, MonitorOverview } from '../../shared/monitor/monitor-ipc';
import { testHandlerDeps } from '../fixtures/handler-deps';
import { virtualTimers } from '../fixtures/virtual-timers';
import { startProductionStandIn, type ProductionStandIn } from '../fixtures/production-stand-in';

let dir: string;
let standIn: ProductionStandIn;
let productionUrl: string;
const production = { healthy: true };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-monitor-health-'));
  standIn = await startProductionStandIn(() => ({ healthy: production.healthy }));
  productionUrl = standIn.origin();
});

afterAll(async () => {
  await standIn.close();
  await rm(dir, { recursive: true, force: true });
});

const commands = { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' };

describe('monitor.health', () => {
  it('says whether each environment alerts and since when, as the overview does, in a reply that does not grow with the samples', async () => {
    await writeFile(
      path.join(dir, 'release-desk.yml'),
      stringify({
        version: 1,
        repository: { path: '.', github: 'octo/app' },
        ci: { provider: 'github-checks' },
        environments: {
          production: { commands, health: [{ name: 'web', url: `${productionUrl}/health`, intervalSeconds: 1 }, { name: 'api', url: `${productionUrl}/api`, intervalSeconds: 1 }] },
          staging: { commands, health: [{ name: 'web', url: `${productionUrl}/staging`, intervalSeconds: 1 }] },
          // No probes: not watched, so not listed.
          preview: { commands, health: [] },
        },
      }),
    );
    const timers = virtualTimers();
    let readings = 0;
    const monitors = new MonitorRuntimes({
      timers,
      emit: (event) => {
        if (event === 'monitor.reading') readings += 1;
      },
    });
    /** Seconds of the clock, each awaiting its three readings (real HTTP answers in real time). */
    const step = async (seconds: number) => {
      for (let index = 0; index < seconds; index += 1) {
        const before = readings;
        await timers.advance(1000);
        const deadline = Date.now() + 20_000;
        while (readings < before + 3) {
          if (Date.now() > deadline) throw new Error('timed out waiting for three readings');
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      }
    };
    const handlers = createHandlers(testHandlerDeps({ workspacePath: () => dir, sessionFor: createWorkspaceSessions(), monitors }));
    const log = (call: string, error: unknown) => {
      throw new Error(`${call}: ${String(error)}`);
    };
    const health = async () => ((await dispatch(handlers, 'monitor.health', [], log, () => [])) as { ok: true; value: MonitorHealth }).value;
    const overview = async () => ((await dispatch(handlers, 'monitor.overview', [], log, () => [])) as { ok: true; value: MonitorOverview }).value;
    try {
      // The first ask starts the monitors, as the overview's does.
      expect(await health()).toEqual({
        environments: [
          { environment: 'production', alerting: false, alertingSince: null },
          { environment: 'staging', alerting: false, alertingSince: null },
        ],
      });
      await step(10);
      const small = JSON.stringify(await health()).length;

      production.healthy = false;
      await step(4);
      const alerting = await health();
      const full = await overview();
      expect(alerting.environments.map(({ environment, alerting: flag, alertingSince }) => ({ environment, alerting: flag, alertingSince }))).toEqual(
        full.environments.map(({ environment, alerting: flag, alertingSince }) => ({ environment, alerting: flag, alertingSince })),
      );
      expect(alerting.environments[0]).toEqual({ environment: 'production', alerting: true, alertingSince: expect.any(Number) as number });

      // Five minutes of readings: the overview carries every sample, the health reply stays the same size.
      await step(300);
      expect(JSON.stringify(await overview()).length).toBeGreaterThan(50_000);
      expect(JSON.stringify(await health()).length).toBeLessThanOrEqual(small + 20);

      production.healthy = true;
      await step(2);
      expect((await health()).environments.every((environment) => !environment.alerting && environment.alertingSince === null)).toBe(true);
    } finally {
      production.healthy = true;
      await monitors.stopAll();
    }
  });

  it('answers unavailable in a host without monitors, and not-configured with no workspace', async () => {
    const log = () => undefined;
    expect(await dispatch(createHandlers(testHandlerDeps({ workspacePath: () => dir })), 'monitor.health', [], log, () => [])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const monitors = new MonitorRuntimes({ emit: () => undefined });
    expect(await dispatch(createHandlers(testHandlerDeps({ monitors })), 'monitor.health', [], log, () => [])).toMatchObject({ ok: false, error: { code: 'not-configured' } });
  });
});
