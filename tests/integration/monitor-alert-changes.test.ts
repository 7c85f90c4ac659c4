/**
 * The monitor tells its host when an environment starts and stops alerting — once per
 * change, not once per reading — so the app can raise one desktop notification and keep the
 * dock badge's count right.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { MonitorRuntimes, type AlertChange } from '../../electron/services/monitor/monitor-runtimes';
import { loadWorkspaceConfig } from '../../electron/services/workspace/load-config';
import { virtualTimers } from '../fixtures/virtual-timers';
import { startProductionStandIn, type ProductionStandIn } from '../fixtures/production-stand-in';

let dir: string;
let standIn: ProductionStandIn;
const production = { healthy: true };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-alerts-'));
  standIn = await startProductionStandIn(() => ({ healthy: production.healthy }));
  const url = standIn.url();
  const commands = { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' };
  await writeFile(
    path.join(dir, 'release-desk.yml'),
    stringify({
      version: 1,
      repository: { path: '.', github: 'octo/app' },
      ci: { provider: 'github-checks' },
      environments: { production: { commands, health: [{ name: 'web', url, intervalSeconds: 5 }] }, staging: { commands, health: [{ name: 'web', url, intervalSeconds: 5 }] } },
    }),
  );
});

afterAll(async () => {
  await standIn.close();
  await rm(dir, { recursive: true, force: true });
});

it('reports each environment turning red and green once, with what failed and how many alert', async () => {
  const load = await loadWorkspaceConfig(dir);
  if (load.kind !== 'valid') throw new Error('invalid test workspace');
  const timers = virtualTimers();
  const changes: AlertChange[] = [];
  const monitors = new MonitorRuntimes({ emit: () => undefined, timers, onAlertChange: (change) => changes.push(change) });
  try {
    monitors.overview(dir, load.config);
    await timers.advance(20_000);
    expect(changes).toEqual([]);

    production.healthy = false;
    await timers.advance(30_000);
    expect(changes.map((change) => [change.environment, change.alerting, change.alertingCount])).toEqual([
      ['production', true, 1],
      ['staging', true, 2],
    ]);
    expect(changes[0]?.text).toBe('web failed 3 checks in a row (HTTP 503, expected 200)');

    await timers.advance(30_000);
    expect(changes).toHaveLength(2);

    production.healthy = true;
    await timers.advance(10_000);
    expect(changes.slice(2).map((change) => [change.environment, change.alerting, change.alertingCount, change.text])).toEqual([
      ['production', false, 1, ''],
      ['staging', false, 0, ''],
    ]);
  } finally {
    await monitors.stopAll();
  }
});
