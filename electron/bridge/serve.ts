/**
 * `npm run dev:browser`: the renderer in your own browser, backed by the real services
 * through the browser bridge. Development only; never packaged.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DeskError } from '../../shared/ipc/result';
import { DEFAULT_EXTERNAL_HOSTS } from '../security/external-links';
import { createConnections } from '../services/connections/connections';
import { endpointsFromEnv } from '../services/connections/endpoints';
import { createHandlers } from '../services/handlers';
import { createDevEncryptor } from '../services/vault/dev-encryptor';
import { createSecretVault } from '../services/vault/secret-vault';
import { startBrowserBridge } from './browser-bridge';

declare const RELEASE_DESK_VERSION: string;

const { values } = parseArgs({
  options: { workspace: { type: 'string' }, port: { type: 'string', default: '0' } },
});
const distDir = path.resolve(import.meta.dirname, '..');
const workspace = values.workspace ?? process.env.RELEASE_DESK_WORKSPACE ?? null;
// DEVELOPMENT ONLY: tokens entered here are encrypted with a key held in this process's
// memory and written to a temporary folder deleted on exit; nothing usable outlives the run.
// The desktop app's vault uses Electron safeStorage instead (electron/vault-safe-storage.ts).
const vaultDir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-bridge-vault-'));
const connections = createConnections({
  vault: createSecretVault({ filePath: path.join(vaultDir, 'vault.json'), encryptor: createDevEncryptor(), now: () => new Date() }),
  endpoints: () => endpointsFromEnv(process.env),
  timeoutMs: 10_000,
});

const bridge = await startBrowserBridge({
  rendererDir: path.join(distDir, 'renderer'),
  clientScript: path.join(distDir, 'bridge', 'desk-client.js'),
  port: Number(values.port),
  logInternal: (call, error) => console.error(`[bridge] ${call} failed:`, error),
  handlers: createHandlers({
    host: 'browser-bridge',
    version: RELEASE_DESK_VERSION,
    platform: process.platform,
    workspacePath: () => (workspace === null ? null : path.resolve(workspace)),
    externalHosts: DEFAULT_EXTERNAL_HOSTS,
    openExternal: (url) => {
      throw new DeskError('unavailable', `The browser bridge does not open links; open ${url} yourself.`);
    },
    connections,
  }),
});
console.log(`Release Desk (browser bridge) at ${bridge.url}`);
console.log('Press Ctrl+C to stop.');
const stop = () =>
  void bridge
    .close()
    .then(() => rm(vaultDir, { recursive: true, force: true }))
    .then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
