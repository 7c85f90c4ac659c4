/**
 * Electron main process entry: lifecycle, the one window, IPC registration. The services
 * are built by createAppServices (shared with the browser bridge); this file only wires
 * Electron to them.
 */
import { app, dialog, ipcMain, type BrowserWindow, type WebContents } from 'electron';
import ElectronStore from 'electron-store';
import path from 'node:path';
import { notifyAlertChange } from './alert-notifier';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { openDemoWorkspace, type DemoFallback } from './demo-fallback';
import { createPlaintextConsentDialog } from './plaintext-consent-dialog';
import { createEvidenceSaveDialog } from './evidence-save-dialog';
import { pushEvent, registerIpcHandlers, type TrustedWindows } from './ipc/register';
import { DEFAULT_EXTERNAL_HOSTS } from './security/external-links';
import { openExternalChecked } from './security/open-external';
import { createAppServices, vaultFileIn } from './services/app-services';
import { createUserSettings } from './services/settings/user-settings';
import { createSafeStorageEncryptor } from './vault-safe-storage';
import { createTrustDialog } from './trust-dialog';
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
  const userData = app.getPath('userData');
  const settings = createUserSettings(new ElectronStore({ name: 'settings' }));
  const configured = process.env.RELEASE_DESK_WORKSPACE ?? settings.read().workspaces[0] ?? null;
  let demo: DemoFallback | null = null;
  let workspace: string | null = configured;
  let stopWatching = (): void => undefined;
  // Declared before the services that call it; reads `services` only when called.
  function watchWorkspace(): void {
    stopWatching();
    if (workspace !== null) stopWatching = services.sessionFor(workspace).watch(() => void services.workspaceChanged());
  }

  const windows = new Set<BrowserWindow>();
  const trusted: TrustedWindows = {
    get ids() {
      return new Set([...windows].map((window) => window.webContents.id));
    },
    all: (): readonly WebContents[] => [...windows].map((window) => window.webContents),
  };
  const services = createAppServices({
    host: 'electron',
    version: app.getVersion(),
    userDataDir: userData,
    vaultFile: vaultFileIn(userData),
    // Tokens: safeStorage-encrypted, in the user-data folder, never sent to the window.
    encryptor: createSafeStorageEncryptor(),
    env: process.env,
    savedEndpoints: settings.endpoints,
    externalHosts: DEFAULT_EXTERNAL_HOSTS,
    openExternal: async (url) => {
      await openExternalChecked(url);
    },
    workspacePath: () => workspace,
    switchWorkspace: (folder) => {
      workspace = folder;
      settings.rememberWorkspace(folder);
      watchWorkspace();
    },
    // Consent to store tokens without a keyring: the main process's own dialog, never a page's flag.
    confirmPlaintextStorage: createPlaintextConsentDialog(dialog, () => [...windows][0] ?? null),
    trustStore: settings.trust,
    askTrust: createTrustDialog(),
    // Production turning bad reaches the on-call even with the window in the background.
    onAlertChange: notifyAlertChange,
    // Export evidence: the main process's own save dialog; the page never names a path.
    saveEvidence: createEvidenceSaveDialog(dialog, () => [...windows][0] ?? null, () => app.getPath('documents')),
  });
  services.attachEmitter((event, payload) => pushEvent(trusted, services.secrets, event, payload));
  registerIpcHandlers(ipcMain, services.handlers, trusted, (call, error) => console.error(`[ipc] ${call} failed:`, error), services.secrets);

  watchWorkspace();
  if (configured === null) {
    void openDemoWorkspace(path.join(userData, 'demo'), (line) => console.log(`[demo] ${line}`), services.trust)
      .then((opened) => {
        demo = opened;
        workspace = opened.folder;
        watchWorkspace();
        return services.workspaceChanged();
      })
      .catch((error: unknown) => console.error('[demo] could not start the demo workspace:', error));
  }

  const open = () => {
    const window = createMainWindow({ preloadPath, openExternal: (url) => void openExternalChecked(url) });
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
  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting) return;
    quitting = true;
    stopWatching();
    // Test runs and the demo's processes are this app's children: they end before it does.
    event.preventDefault();
    void Promise.allSettled([services.stop(), demo?.stop()]).finally(() => app.quit());
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
