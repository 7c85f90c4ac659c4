import { describe, expect, it, vi } from 'vitest';

// The window factory is tested against a stubbed Electron: the options it passes to
// BrowserWindow and the handlers it installs on the webContents.
type Handler = (...args: unknown[]) => unknown;

const created: Array<{ options: Record<string, unknown>; contents: FakeContents; url?: string }> = [];

class FakeContents {
  readonly handlers = new Map<string, Handler>();
  openHandler: Handler | undefined;
  on(event: string, handler: Handler) {
    this.handlers.set(event, handler);
    return this;
  }
  setWindowOpenHandler(handler: Handler) {
    this.openHandler = handler;
  }
}

vi.mock('electron', () => ({
  BrowserWindow: class {
    readonly webContents = new FakeContents();
    constructor(options: Record<string, unknown>) {
      created.push({ options, contents: this.webContents });
    }
    once() {}
    show() {}
    async loadURL(url: string) {
      const entry = created.at(-1);
      if (entry) entry.url = url;
    }
  },
  nativeTheme: { shouldUseDarkColors: false },
  session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
}));

const { createMainWindow, denyAllPermissions } = await import('../../../electron/window');
const electron = await import('electron');

function makeWindow() {
  const openExternal = vi.fn();
  createMainWindow({ preloadPath: '/app/dist/electron/preload.cjs', openExternal });
  const entry = created.at(-1);
  if (entry === undefined) throw new Error('no window created');
  return { ...entry, openExternal };
}

describe('createMainWindow', () => {
  it('applies every setting of the security checklist', () => {
    const { options } = makeWindow();
    expect(options.webPreferences).toEqual({
      preload: '/app/dist/electron/preload.cjs',
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
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('loads our own origin, never a file: URL', () => {
    expect(makeWindow().url).toBe('app://desk/index.html');
  });

  it('denies navigation away from our origin, and allows it within', () => {
    const { contents } = makeWindow();
    const navigate = contents.handlers.get('will-navigate');
    const away = { preventDefault: vi.fn() };
    navigate?.(away, 'https://evil.example/');
    const lookalike = { preventDefault: vi.fn() };
    navigate?.(lookalike, 'app://desk.evil.example/');
    const within = { preventDefault: vi.fn() };
    navigate?.(within, 'app://desk/index.html#/settings');
    expect(away.preventDefault).toHaveBeenCalled();
    expect(lookalike.preventDefault).toHaveBeenCalled();
    expect(within.preventDefault).not.toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    contents.handlers.get('will-redirect')?.(redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window and hands the link to the checked opener', () => {
    const { contents, openExternal } = makeWindow();
    expect(contents.openHandler?.({ url: 'https://github.com/welkin' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://github.com/welkin');
  });

  it('refuses to attach webviews', () => {
    const { contents } = makeWindow();
    const event = { preventDefault: vi.fn() };
    contents.handlers.get('will-attach-webview')?.(event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    denyAllPermissions();
    const session = electron.session.defaultSession as unknown as {
      setPermissionRequestHandler: ReturnType<typeof vi.fn>;
      setPermissionCheckHandler: ReturnType<typeof vi.fn>;
    };
    const requestHandler = session.setPermissionRequestHandler.mock.calls[0]?.[0] as Handler;
    const callback = vi.fn();
    requestHandler({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    const checkHandler = session.setPermissionCheckHandler.mock.calls[0]?.[0] as Handler;
    expect(checkHandler({}, 'notifications')).toBe(false);
  });
});
