import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './harness';
import { expectFits } from './layout-checks';
import { startProductionStandIn, writeProductionWorkspace, type ProductionStandIn } from '../fixtures/production-stand-in';

// The Monitor view against a production stand-in on 127.0.0.1 that the test turns bad and
// good again: state in words, the last hour in numbers, the chart, and the alert.
const workspace = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-monitor-'));
const production = { healthy: true };
let standIn: ProductionStandIn;

test.use({ deskWorkspace: workspace });

test.beforeAll(async () => {
  standIn = await startProductionStandIn(() => ({ healthy: production.healthy, version: '3f1c2ab9e0d7c1' }));
  await writeProductionWorkspace(workspace, {
    name: 'Monitor test',
    production: {
      commands: { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' },
      health: [{ name: 'web', url: standIn.url(), expectBody: '"status":"ok"', versionField: 'version', intervalSeconds: 1, timeoutSeconds: 1 }],
    },
  });
});

test.afterAll(async () => {
  await standIn.close();
  await rm(workspace, { recursive: true, force: true });
});

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  test(`the monitor shows production healthy, then red within three probes of it failing, at ${size.width}×${size.height}`, async ({ deskPage, problems }) => {
    production.healthy = true;
    await deskPage.setViewportSize(size);
    await deskPage.goto(`${new URL(deskPage.url()).origin}${new URL(deskPage.url()).search}#/monitor`);
    const state = deskPage.getByTestId('probe-state-web');
    await expect(state).toHaveText('Healthy', { timeout: 15_000 });
    await expect(deskPage.getByRole('article', { name: 'web' })).toContainText('3f1c2ab');
    await expect(deskPage.getByTestId('probe-summary-web')).toContainText('100.0% up');
    await expect(deskPage.getByTestId('latency-chart-web').locator('canvas')).toBeVisible();
    const card = await deskPage.getByRole('article', { name: 'web' }).boundingBox();
    expect(card?.width ?? 0).toBeLessThanOrEqual(size.width);

    production.healthy = false;
    await expect(state).toHaveText('Alert', { timeout: 15_000 });
    await expect(deskPage.getByRole('alert')).toContainText('production is not healthy: web failed 3 checks in a row (HTTP 503, expected 200)');
    await expect(deskPage).toHaveTitle(/^Alert: production/);
    // The status strip says it on every view, in words.
    await expect(deskPage.getByTestId('status-production')).toContainText('ALERT');
    await deskPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Branches' }).click();
    await expect(deskPage.getByRole('region', { name: 'Status' })).toContainText('Monitor test');
    await expect(deskPage.getByTestId('status-production')).toContainText('production runs a version not released through Release Desk · ALERT');
    await deskPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitor' }).click();
    await expect(state).toHaveText('Alert');
    await expectFits(deskPage, 'Monitor alerting', size, test.info().outputPath());

    production.healthy = true;
    await expect(state).toHaveText('Healthy', { timeout: 15_000 });
    await expect(deskPage).toHaveTitle('Release Desk');
    await expect(deskPage.getByTestId('status-production')).toContainText('· healthy');
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
  });
}
