import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { registerIpcHandlers, type TrustedWindows } from '../../../../electron/ipc/register';
import { createHandlers } from '../../../../electron/services/handlers';
import { testHandlerDeps } from '../../../fixtures/handler-deps';
import { CALL_NAMES, channelOf } from '../../../../shared/ipc/names';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function setUp() {
  const registered = new Map<string, Listener>();
  const ipcMain = {
    handle: (channel: string, listener: Listener) => {
      registered.set(channel, listener);
    },
    removeHandler: (channel: string) => {
      registered.delete(channel);
    },
  };
  const trusted: TrustedWindows = { ids: new Set([7]), all: () => [] };
  const openExternal = vi.fn(async () => undefined);
  const handlers = createHandlers(testHandlerDeps({ openExternal }));
  const unregister = registerIpcHandlers(ipcMain as never, handlers, trusted, vi.fn(), () => []);
  const call = (channel: string, sender: { id: number; url: string | null; parent?: unknown }, ...args: unknown[]) => {
    const listener = registered.get(channel);
    if (listener === undefined) throw new Error(`no handler on ${channel}`);
    const senderFrame = sender.url === null ? null : { url: sender.url, parent: sender.parent ?? null };
    return listener({ sender: { id: sender.id }, senderFrame } as unknown as IpcMainInvokeEvent, ...args);
  };
  return { registered, call, unregister, openExternal };
}

const OUR_WINDOW = { id: 7, url: 'app://desk/index.html' };

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per contract call', () => {
    const { registered, unregister } = setUp();
    expect([...registered.keys()].sort()).toEqual(CALL_NAMES.map(channelOf).sort());
    unregister();
    expect(registered.size).toBe(0);
  });

  it('answers our own window on our own origin', async () => {
    const { call } = setUp();
    const result = await call(channelOf('app.getInfo'), OUR_WINDOW);
    expect(result).toMatchObject({ ok: true, value: { name: 'Release Desk' } });
  });

  it.each([
    ['another webContents', { id: 8, url: 'app://desk/index.html' }],
    ['a page that navigated to the web', { id: 7, url: 'https://evil.example/' }],
    ['a lookalike origin', { id: 7, url: 'app://desk.evil/index.html' }],
    ['a file: page', { id: 7, url: 'file:///tmp/index.html' }],
    ['a frame that is gone', { id: 7, url: null }],
    ['a sub-frame of our window', { id: 7, url: 'app://desk/index.html', parent: {} }],
  ])('refuses %s', async (_label, sender) => {
    const { call, openExternal } = setUp();
    const result = await call(channelOf('links.openExternal'), sender, 'https://github.com/welkin');
    expect(result).toEqual({
      ok: false,
      error: { code: 'forbidden-sender', message: 'This page may not call Release Desk.' },
    });
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('refuses malformed arguments from a trusted sender', async () => {
    const { call, openExternal } = setUp();
    const result = await call(channelOf('links.openExternal'), OUR_WINDOW, { href: 'https://github.com' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('opens an allowed link for a trusted sender, and refuses a disallowed one', async () => {
    const { call, openExternal } = setUp();
    expect(await call(channelOf('links.openExternal'), OUR_WINDOW, 'https://github.com/welkin/web/pull/1')).toEqual({
      ok: true,
      value: null,
    });
    expect(openExternal).toHaveBeenCalledWith('https://github.com/welkin/web/pull/1');
    const refused = await call(channelOf('links.openExternal'), OUR_WINDOW, 'https://evil.example/');
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });
});
