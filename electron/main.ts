/**
 * Electron main process entry: lifecycle, the one window, IPC registration. The work is
 * done by services built in handlers.ts; this file only wires Electron to them.
 */
import type { BrowserWindow} from 'electron';
import { app, ipcMain, type WebContents } from 'electron';
import ElectronStore from 'electron-store';
import path from 'node:path';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { registerIpcHandlers, type TrustedWindows } from './ipc/register';
import { DEFAULT_EXTERNAL_HOSTS } from './security/external-links';
import { openExternalChecked } from './security/open-external';
import { createConnections } from './services/connections/connections';
import { endpointsFromEnv } from './services/connections/endpoints';
import { createHandlers } from './services/handlers';
import { createUserSettings } from './services/settings/user-settings';
import { createSecretVault } from './services/vault/secret-vault';
import { createSafeStorageEncryptor } from './vault-safe-storage';
import { createMainWindow, denyAllPermissions } from './window';

const here = import.meta.dirname;
const preloadPath = path.join(here, 'preload.cjs');
const rendererDir = path.join(here, '..', 'renderer');

registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

function start(): void {
  denyAllPermissions();
  serveRenderer(rendererDir);
  const settings = createUserSettings(new ElectronStore({ name: 'settings' }));
  // Tokens: safeStorage-encrypted, in the user-data folder, never sent to the window.
  const vault = createSecretVault({
    filePath: path.join(app.getPath('userData'), 'vault.json'),
    encryptor: createSafeStorageEncryptor(),
    now: () => new Date(),
  });
  // So output scrubbing knows every stored token from the first command on.
  void vault.unlock().catch((error: unknown) => console.error('[vault] could not read the stored tokens:', error));
  const connections = createConnections({
    vault,
    endpoints: () => endpointsFromEnv(process.env),
    timeoutMs: 10_000,
  });
  const windows = new Set<BrowserWindow>();
  const trusted: TrustedWindows = {
    get ids() {
      return new Set([...windows].map((window) => window.webContents.id));
    },
    all: (): readonly WebContents[] => [...windows].map((window) => window.webContents),
  };
  const openExternal = (url: string) => {
    void openExternalChecked(url);
  };
  registerIpcHandlers(
    ipcMain,
    createHandlers({
      host: 'electron',
      version: app.getVersion(),
      platform: process.platform,
      workspacePath: () => process.env.RELEASE_DESK_WORKSPACE ?? settings.read().workspaces[0] ?? null,
      externalHosts: DEFAULT_EXTERNAL_HOSTS,
      openExternal: async (url) => {
        await openExternalChecked(url);
      },
      connections,
    }),
    trusted,
    (call, error) => console.error(`[ipc] ${call} failed:`, error),
  );

  const open = () => {
    const window = createMainWindow({ preloadPath, openExternal });
    windows.add(window);
    window.on('closed', () => windows.delete(window));
  };
  open();
  app.on('second-instance', () => {
    const [first] = windows;
    if (first) {
      if (first.isMinimized()) first.restore();
      first.focus();
    }
  });
  app.on('activate', () => {
    if (windows.size === 0) open();
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
