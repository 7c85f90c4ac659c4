import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findRunningDemo, demoPaths } from '../../../electron/services/demo';
import { CALL_NAMES, channelOf } from '../../../shared/ipc/names';

// The main process entry, wired to a stubbed Electron: what it registers, what window it
// opens, and that with nothing configured it opens the demo world and stops it on quit.
// (The real window runs in tests/e2e/electron-window.spec.ts where the binary exists.)
type Listener = (...args: unknown[]) => unknown;

const state = vi.hoisted(() => ({
  userData: '',
  appListeners: new Map<string, Listener[]>(),
  handled: new Map<string, Listener>(),
  windows: [] as Array<{ options: Record<string, unknown>; url: string }>,
  sent: [] as Array<{ channel: string; payload: unknown }>,
  quitCalls: 0,
  sandboxEnabled: false,
  schemes: [] as unknown[],
  stores: [] as Array<{ store: Record<string, unknown> }>,
  storageBackend: 'gnome_libsecret',
  dialogs: [] as unknown[][],
  dialogResponse: 0,
}));

vi.mock('electron', () => {
  class FakeWebContents {
    id = 1;
    on() {
      return this;
    }
    setWindowOpenHandler() {}
    isDestroyed() {
      return false;
    }
    send(channel: string, payload: unknown) {
      state.sent.push({ channel, payload });
    }
  }
  class BrowserWindow {
    webContents = new FakeWebContents();
    private readonly entry: { options: Record<string, unknown>; url: string };
    constructor(options: Record<string, unknown>) {
      this.entry = { options, url: '' };
      state.windows.push(this.entry);
    }
    once() {}
    on() {}
    show() {}
    async loadURL(url: string) {
      this.entry.url = url;
    }
  }
  const app = {
    enableSandbox: () => {
      state.sandboxEnabled = true;
    },
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: () => state.userData,
    getVersion: () => '9.9.9',
    on: (event: string, listener: Listener) => {
      state.appListeners.set(event, [...(state.appListeners.get(event) ?? []), listener]);
    },
    quit: () => {
      state.quitCalls += 1;
    },
  };
  return {
    app,
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: Listener) => state.handled.set(channel, listener),
      removeHandler: (channel: string) => state.handled.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.schemes.push(...schemes),
      handle: () => undefined,
    },
    net: { fetch: async () => new Response(null, { status: 404 }) },
    nativeTheme: { shouldUseDarkColors: false },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
    shell: { openExternal: async () => undefined },
    dialog: {
      showMessageBox: async (...args: unknown[]) => {
        state.dialogs.push(args);
        return { response: state.dialogResponse, checkboxChecked: false };
      },
    },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => state.storageBackend,
      encryptStringAsync: async (text: string) => Buffer.from(text).reverse(),
      decryptStringAsync: async (data: Buffer) => ({ result: Buffer.from(data).reverse().toString(), shouldReEncrypt: false }),
    },
  };
});

vi.mock('electron-store', () => ({
  default: class {
    store: Record<string, unknown> = {};
    constructor() {
      state.stores.push(this);
    }
    set(key: string, value: unknown) {
      this.store[key] = value;
    }
  },
}));

const savedWorkspace = process.env.RELEASE_DESK_WORKSPACE;

beforeAll(async () => {
  state.userData = await mkdtemp(path.join(os.tmpdir(), 'main-test-'));
  delete process.env.RELEASE_DESK_WORKSPACE;
  await import('../../../electron/main');
  // The demo starts in the background after the window opens.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !state.sent.some((message) => message.channel === channelOf('workspace.changed'))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 30_000);

afterAll(async () => {
  if (savedWorkspace !== undefined) process.env.RELEASE_DESK_WORKSPACE = savedWorkspace;
  await rm(state.userData, { recursive: true, force: true });
});

describe('electron/main.ts', () => {
  it('enables the sandbox for every renderer and registers the app:// scheme', () => {
    expect(state.sandboxEnabled).toBe(true);
    expect(state.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('registers exactly one IPC handler per contract call', () => {
    expect([...state.handled.keys()].sort()).toEqual(CALL_NAMES.map(channelOf).sort());
  });

  it('opens one window on our own origin with the preload next to the main bundle', () => {
    expect(state.windows).toHaveLength(1);
    expect(state.windows[0]?.url).toBe('app://desk/index.html');
    expect(state.windows[0]?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(String((state.windows[0]?.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
  });

  it('with nothing configured, opens the demo world and tells the window', async () => {
    const changed = state.sent.find((message) => message.channel === channelOf('workspace.changed'));
    expect(changed?.payload).toMatchObject({ kind: 'ready', name: 'Welkin web (demo)', path: path.join(state.userData, 'demo') });
    expect(await findRunningDemo(demoPaths(path.join(state.userData, 'demo')))).not.toBeNull();
  });

  it('answers calls from its window through the registered handlers', async () => {
    const handler = state.handled.get(channelOf('workspace.getStatus'));
    const reply = await handler?.({ sender: { id: 1 }, senderFrame: { url: 'app://desk/index.html', parent: null } });
    expect(reply).toMatchObject({ ok: true, value: { kind: 'ready', name: 'Welkin web (demo)' } });
  });

  it('opens another workspace on request, remembers it, and tells the window', async () => {
    const demoRepo = path.join(state.userData, 'demo');
    const other = path.join(state.userData, 'other-workspace');
    await mkdir(other);
    const sender = { sender: { id: 1 }, senderFrame: { url: 'app://desk/index.html', parent: null } };
    await writeFile(path.join(other, 'release-desk.yml'), `version: 1\nname: Other\nrepository:\n  path: ${JSON.stringify(path.join(demoRepo, 'repo'))}\nci:\n  provider: local\nlocalTests:\n  command: node --test\nenvironments:\n  production:\n    commands: { stage1: a, switchover: b, rollback: c, currentVersion: d }\n`);
    const opened = await state.handled.get(channelOf('workspace.open'))?.(sender, other);
    expect(opened).toMatchObject({ ok: true, value: { kind: 'ready', name: 'Other', path: other } });
    expect(state.stores.some((store) => JSON.stringify(store.store.workspaces) === JSON.stringify([other]))).toBe(true);
    expect(state.sent.at(-1)).toMatchObject({ channel: channelOf('workspace.changed'), payload: { kind: 'ready', name: 'Other' } });
  });

  it('asks for consent to store tokens without a keyring in a main-process dialog, and records it', async () => {
    const consent = state.handled.get(channelOf('connections.askPlaintextConsent'));
    const sender = { sender: { id: 1 }, senderFrame: { url: 'app://desk/index.html', parent: null } };
    state.storageBackend = 'basic_text';
    try {
      state.dialogResponse = 0; // Cancel
      expect(await consent?.(sender)).toMatchObject({ ok: true, value: { protection: 'plaintext', plaintextAcceptedAt: null } });
      expect(state.dialogs).toHaveLength(1);
      const options = state.dialogs[0]?.at(-1) as { type: string; buttons: string[]; cancelId: number };
      expect(options).toMatchObject({ type: 'warning', buttons: ['Cancel', 'Store without encryption'], cancelId: 0 });

      state.dialogResponse = 1; // Store without encryption
      const accepted = (await consent?.(sender)) as { ok: boolean; value: { plaintextAcceptedAt: string | null } };
      expect(state.dialogs).toHaveLength(2);
      expect(accepted.ok).toBe(true);
      expect(Number.isNaN(Date.parse(accepted.value.plaintextAcceptedAt ?? ''))).toBe(false);

      // Accepted once: asking again shows no dialog.
      await consent?.(sender);
      expect(state.dialogs).toHaveLength(2);
    } finally {
      state.storageBackend = 'gnome_libsecret';
    }
  });

  it('stops the demo it started before quitting', async () => {
    const event = { preventDefault: vi.fn() };
    for (const listener of state.appListeners.get('will-quit') ?? []) listener(event);
    expect(event.preventDefault).toHaveBeenCalled();
    const deadline = Date.now() + 10_000;
    while (state.quitCalls === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state.quitCalls).toBe(1);
    expect(await findRunningDemo(demoPaths(path.join(state.userData, 'demo')))).toBeNull();
  });
});
