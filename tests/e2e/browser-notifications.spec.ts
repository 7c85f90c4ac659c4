import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './harness';
import { startProductionStandIn, writeProductionWorkspace, type ProductionStandIn } from '../fixtures/production-stand-in';

// Issue 9: in the browser bridge an alert raises the browser's notification, as the app raises
// Electron's, and so does the recovery; nothing is raised unless the user allowed it. The page's
// window.Notification is wrapped by an init script that records each construction before
// delegating to Chromium's own.
const workspace = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-notify-'));
const production = { healthy: true };
let standIn: ProductionStandIn;

test.use({ deskWorkspace: workspace });

test.beforeAll(async () => {
  standIn = await startProductionStandIn(() => ({ healthy: production.healthy }));
  await writeProductionWorkspace(workspace, {
    name: 'Notification test',
    production: {
      commands: { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' },
      health: [{ name: 'web', url: standIn.url(), expectBody: '"status":"ok"', intervalSeconds: 1, timeoutSeconds: 1 }],
    },
  });
});

test.afterAll(async () => {
  await standIn.close();
  await rm(workspace, { recursive: true, force: true });
});

interface Raised {
  readonly title: string;
  readonly body: string | undefined;
  readonly tag: string | undefined;
}

/** Reloads the page with window.Notification recording every construction, and opens the Monitor view. */
async function recordNotifications(page: Page): Promise<() => Promise<Raised[]>> {
  await page.context().addInitScript(() => {
    const Original = window.Notification;
    const raised: Array<{ title: string; body: string | undefined; tag: string | undefined }> = [];
    class Recording extends Original {
      constructor(title: string, options?: NotificationOptions) {
        raised.push({ title, body: options?.body, tag: options?.tag });
        super(title, options);
      }
      static override get permission(): NotificationPermission {
        return Original.permission;
      }
      static override requestPermission(): Promise<NotificationPermission> {
        return Original.requestPermission();
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recording, configurable: true, writable: true });
    Object.defineProperty(window, '__raisedNotifications', { value: raised });
  });
  const url = new URL(page.url());
  await page.goto(`${url.origin}/${url.search}#/monitor`);
  // A new document, so the init script runs before the app's own scripts.
  await page.reload();
  await expect(page.getByTestId('probe-state-web')).toHaveText('Healthy', { timeout: 20_000 });
  return () => page.evaluate(() => (window as unknown as { __raisedNotifications: Raised[] }).__raisedNotifications.slice());
}

test('with notifications granted, an alert and its recovery each raise one browser notification', async ({ deskPage, problems }) => {
  production.healthy = true;
  await deskPage.context().grantPermissions(['notifications']);
  const raised = await recordNotifications(deskPage);
  await expect(deskPage.getByText('An alert, and the recovery after it, raise a browser notification.')).toBeVisible();
  expect(await raised()).toEqual([]);

  production.healthy = false;
  await expect(deskPage.getByTestId('probe-state-web')).toHaveText('Alert', { timeout: 20_000 });
  await expect.poll(raised).toEqual([
    { title: 'production is not healthy', body: 'web failed 3 checks in a row (HTTP 503, expected 200). Open Release Desk to roll back.', tag: 'release-desk-production' },
  ]);
  // Away from the Monitor view the notifier keeps listening.
  await deskPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Branches' }).click();
  production.healthy = true;
  await expect(deskPage.getByTestId('status-production')).toContainText('· healthy', { timeout: 20_000 });
  await expect.poll(raised).toEqual([
    { title: 'production is not healthy', body: 'web failed 3 checks in a row (HTTP 503, expected 200). Open Release Desk to roll back.', tag: 'release-desk-production' },
    { title: 'production is healthy again', body: 'Every health probe answers as expected.', tag: 'release-desk-production' },
  ]);
  expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
});

test('asked on a click and not granted: the page says so and raises nothing', async ({ deskPage, problems }) => {
  production.healthy = true;
  const raised = await recordNotifications(deskPage);
  await deskPage.getByRole('button', { name: 'Notify me of alerts in this browser' }).click();
  await expect(deskPage.getByText('This browser blocks notifications from Release Desk: alerts show on this page and in its title only.')).toBeVisible();
  production.healthy = false;
  await expect(deskPage.getByTestId('probe-state-web')).toHaveText('Alert', { timeout: 20_000 });
  await expect(deskPage).toHaveTitle(/^Alert: production/);
  production.healthy = true;
  await expect(deskPage.getByTestId('probe-state-web')).toHaveText('Healthy', { timeout: 20_000 });
  expect(await raised()).toEqual([]);
  expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
});
