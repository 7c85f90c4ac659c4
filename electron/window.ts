/**
 * The window factory: every Release Desk window is made here, with the settings of
 * Electron's security checklist, and hardened against navigation, pop-ups, webviews and
 * permission requests. Electron adapter.
 */
import { BrowserWindow, nativeTheme, session, type WebContents } from 'electron';
import { APP_ORIGIN } from './ipc/trusted-sender';

export interface WindowDeps {
  readonly preloadPath: string;
  readonly openExternal: (url: string) => void;
}

export function createMainWindow(deps: WindowDeps): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Release Desk',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#ffffff',
    // Electron's security checklist, written out literally so reviewers and the static
    // scanner (Electronegativity) see every value.
    webPreferences: {
      preload: deps.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would otherwise open links in a new window without the open handler.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenContents(window.webContents, deps);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

function hardenContents(contents: WebContents, deps: WindowDeps): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links the user clicks go through the one checked wrapper, never a new window.
    deps.openExternal(url);
    return { action: 'deny' };
  });
}

/** Release Desk asks for no permission (camera, notifications from pages, ...): deny all. */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
