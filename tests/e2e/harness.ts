/**
 * Playwright fixtures for the renderer: a real browser bridge on 127.0.0.1 backed by real
 * handlers, and a page that fails the test on any console error, uncaught exception or
 * CSP violation.
 *
 *   test.use({ deskDeps: { workspacePath: () => dir } });
 *   test('…', async ({ deskPage }) => { … });
 */
import { test as base, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { startBrowserBridge, type BrowserBridge } from '../../electron/bridge/browser-bridge';
import type { Handlers } from '../../electron/ipc/dispatch';
import { createHandlers, type HandlerDeps } from '../../electron/services/handlers';

const dist = path.resolve(import.meta.dirname, '../../dist');

export const defaultDeps: HandlerDeps = {
  host: 'browser-bridge',
  version: '0.0.0-test',
  platform: 'linux',
  workspacePath: () => null,
  externalHosts: ['github.com'],
  openExternal: async () => undefined,
};

export interface PageProblems {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly cspViolations: string[];
}

interface DeskFixtures {
  deskDeps: Partial<HandlerDeps>;
  deskHandlers: Handlers | undefined;
  bridge: BrowserBridge;
  problems: PageProblems;
  deskPage: Page;
}

export const test = base.extend<DeskFixtures>({
  deskDeps: [{}, { option: true }],
  deskHandlers: [undefined, { option: true }],
  bridge: async ({ deskDeps, deskHandlers }, use) => {
    const bridge = await startBrowserBridge({
      rendererDir: path.join(dist, 'renderer'),
      clientScript: path.join(dist, 'bridge', 'desk-client.js'),
      handlers: deskHandlers ?? createHandlers({ ...defaultDeps, ...deskDeps }),
      logInternal: (call, error) => console.error(`[bridge] ${call}`, error),
    });
    await use(bridge);
    await bridge.close();
  },
  // Playwright requires the destructuring pattern even when a fixture needs no others.
  // eslint-disable-next-line no-empty-pattern
  problems: async ({}, use) => {
    await use({ consoleErrors: [], pageErrors: [], cspViolations: [] });
  },
  deskPage: async ({ page, bridge, problems }, use) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => problems.pageErrors.push(error.message));
    await page.exposeFunction('__reportCspViolation', (text: string) => problems.cspViolations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
        void report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
      });
    });
    await page.goto(bridge.url);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await use(page);
  },
});

export { expect };
