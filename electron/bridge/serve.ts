/**
 * `npm run dev:browser`: the renderer in your own browser, backed by the real services
 * through the browser bridge. Development only; never packaged. With no --workspace (and
 * no RELEASE_DESK_WORKSPACE) it opens the demo workspace, as the app does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DeskError } from '../../shared/ipc/result';
import { openDemoWorkspace, type DemoFallback } from '../demo-fallback';
import { DEFAULT_EXTERNAL_HOSTS } from '../security/external-links';
import { createAppServices, vaultFileIn } from '../services/app-services';
import { memoryEndpointStore } from '../services/connections/api-url-settings';
import { userDataDir } from '../services/settings/settings-location';
import { createDevEncryptor } from '../services/vault/dev-encryptor';
import { bridgeConsentFromEnv } from './bridge-consent';
import { memoryTrustStore } from '../services/trust/workspace-trust';
import { bridgeTrustDialog } from './bridge-trust';
import { startBrowserBridge } from './browser-bridge';

declare const RELEASE_DESK_VERSION: string;

const { values } = parseArgs({
  options: { workspace: { type: 'string' }, port: { type: 'string', default: '0' } },
});
const distDir = path.resolve(import.meta.dirname, '..');
const configured = values.workspace ?? process.env.RELEASE_DESK_WORKSPACE ?? null;
let workspace = configured === null ? null : path.resolve(configured);
// DEVELOPMENT ONLY: tokens entered here are encrypted with a key held in this process's
// memory and written to a temporary folder deleted on exit; nothing usable outlives the run.
// The desktop app's vault uses Electron safeStorage instead (electron/vault-safe-storage.ts).
const scratch = await mkdtemp(path.join(os.tmpdir(), 'release-desk-bridge-'));
const services = createAppServices({
  host: 'browser-bridge',
  version: RELEASE_DESK_VERSION,
  userDataDir: scratch,
  vaultFile: vaultFileIn(scratch),
  encryptor: createDevEncryptor(),
  env: process.env,
  savedEndpoints: memoryEndpointStore(),
  externalHosts: DEFAULT_EXTERNAL_HOSTS,
  openExternal: (url) => {
    throw new DeskError('unavailable', `The browser bridge does not open links; open ${url} yourself.`);
  },
  workspacePath: () => workspace,
  switchWorkspace: (folder) => {
    workspace = folder;
    stopWatching();
    stopWatching = services.sessionFor(folder).watch(() => void services.workspaceChanged());
  },
  // No main-process dialog here: the answer comes from RELEASE_DESK_BRIDGE_CONSENT (default refuse).
  confirmPlaintextStorage: bridgeConsentFromEnv(process.env),
  // The bridge's trusted folders live as long as it does; its "dialog" answers per RELEASE_DESK_BRIDGE_TRUST.
  trustStore: memoryTrustStore(),
  askTrust: bridgeTrustDialog(process.env, (line) => console.log(`[trust] ${line}`)),
});
let demo: DemoFallback | null = null;
if (workspace === null) {
  demo = await openDemoWorkspace(path.join(userDataDir(process.env), 'demo'), (line) => console.log(`[demo] ${line}`), services.trust);
  workspace = demo.folder;
}

const bridge = await startBrowserBridge({
  rendererDir: path.join(distDir, 'renderer'),
  clientScript: path.join(distDir, 'bridge', 'desk-client.js'),
  port: Number(values.port),
  logInternal: (call, error) => console.error(`[bridge] ${call} failed:`, error),
  handlers: services.handlers,
  secrets: services.secrets,
});
services.attachEmitter((event, payload) => bridge.push(event, payload));
let stopWatching = services.sessionFor(workspace).watch(() => void services.workspaceChanged());
console.log(`Workspace: ${workspace}`);
console.log(`Release Desk (browser bridge) at ${bridge.url}`);
console.log('Press Ctrl+C to stop.');
const stop = () =>
  void (async () => {
    stopWatching();
    await services.stop();
    await bridge.close();
    await demo?.stop();
    await rm(scratch, { recursive: true, force: true });
    process.exit(0);
  })();
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
