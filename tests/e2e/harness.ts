/**
 * Playwright fixtures for the renderer: a real browser bridge on 127.0.0.1 backed by real
 * handlers, and a page that fails the test on any console error, uncaught exception or
 * CSP violation.
 *
 *   test.use({ deskDeps: { workspacePath: () => dir } });
 *   test('…', async ({ deskPage }) => { … });
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bridgeConsentFromEnv } from '../../electron/bridge/bridge-consent';
import { startBrowserBridge, type BrowserBridge } from '../../electron/bridge/browser-bridge';
import type { Handlers } from '../../electron/ipc/dispatch';
import { createAppServices, vaultFileIn } from '../../electron/services/app-services';
import { memoryEndpointStore } from '../../electron/services/connections/api-url-settings';
import { createHandlers, type HandlerDeps } from '../../electron/services/handlers';
import { createDevEncryptor } from '../../electron/services/vault/dev-encryptor';
import { memoryTrustStore } from '../../electron/services/trust/workspace-trust';
import { bridgeTrustDialog } from '../../electron/bridge/bridge-trust';
import { testHandlerDeps } from '../fixtures/handler-deps';

const dist = path.resolve(import.meta.dirname, '../../dist');

export const defaultDeps: HandlerDeps = testHandlerDeps({ host: 'browser-bridge', version: '0.0.0-test' });

export interface PageProblems {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly cspViolations: string[];
}

interface DeskFixtures {
  deskDeps: Partial<HandlerDeps>;
  deskHandlers: Handlers | undefined;
  /**
   * A workspace folder: the bridge then runs the full app services on it (readiness,
   * connections with a development vault), exactly as `npm run dev:browser` does.
   */
  deskWorkspace: string | null;
  /** The environment the app services read (endpoint overrides such as RELEASE_DESK_CIRCLECI_URL). */
  deskEnv: Readonly<Record<string, string>>;
  /**
   * Whether the harness trusts `deskWorkspace` before the page opens (default yes: the
   * existing specs use the demo, which is trusted when it is created, or a folder the test
   * made). Set false to start untrusted, as a folder opened for the first time is.
   */
  deskTrustWorkspace: boolean;
  /** What the trust dialog answers, as RELEASE_DESK_BRIDGE_TRUST tells `npm run dev:browser` (default refuse). */
  deskTrustAnswer: 'accept' | 'refuse';
  /** The app's user-data folder (where workspace journals live); default a fresh temp folder, removed afterwards. */
  deskUserData: string | null;
  bridge: BrowserBridge;
  problems: PageProblems;
  deskPage: Page;
}

export const test = base.extend<DeskFixtures>({
  deskDeps: [{}, { option: true }],
  deskHandlers: [undefined, { option: true }],
  deskWorkspace: [null, { option: true }],
  deskEnv: [{}, { option: true }],
  deskTrustWorkspace: [true, { option: true }],
  deskTrustAnswer: ['refuse', { option: true }],
  deskUserData: [null, { option: true }],
  bridge: async ({ deskDeps, deskHandlers, deskWorkspace, deskEnv, deskTrustWorkspace, deskTrustAnswer, deskUserData }, use) => {
    const userData = deskUserData ?? (await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-')));
    let workspace = deskWorkspace;
    const services =
      deskWorkspace === null
        ? null
        : createAppServices({
            host: 'browser-bridge',
            version: defaultDeps.version,
            userDataDir: userData,
            vaultFile: vaultFileIn(userData),
            encryptor: createDevEncryptor(),
            env: deskEnv,
            savedEndpoints: memoryEndpointStore(),
            externalHosts: defaultDeps.externalHosts,
            openExternal: deskDeps.openExternal ?? defaultDeps.openExternal,
            workspacePath: () => workspace,
            switchWorkspace: (folder) => {
              workspace = folder;
            },
            confirmPlaintextStorage: bridgeConsentFromEnv(deskEnv),
            trustStore: memoryTrustStore(),
            askTrust: bridgeTrustDialog({ RELEASE_DESK_BRIDGE_TRUST: deskTrustAnswer }),
          });
    if (services !== null && deskWorkspace !== null && deskTrustWorkspace) await services.trust.grant(deskWorkspace, 'demo');
    const bridge = await startBrowserBridge({
      rendererDir: path.join(dist, 'renderer'),
      clientScript: path.join(dist, 'bridge', 'desk-client.js'),
      handlers: services?.handlers ?? deskHandlers ?? createHandlers({ ...defaultDeps, ...deskDeps }),
      logInternal: (call, error) => console.error(`[bridge] ${call}`, error),
      secrets: services?.secrets ?? (() => []),
    });
    services?.attachEmitter((event, payload) => bridge.push(event, payload));
    await use(bridge);
    await services?.stop();
    await bridge.close();
    if (deskUserData === null) await rm(userData, { recursive: true, force: true });
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
