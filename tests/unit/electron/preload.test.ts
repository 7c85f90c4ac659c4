import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, channelOf, EVENT_NAMES } from '../../../shared/ipc/names';
import type { DeskApi } from '../../../shared/ipc/desk-api';

// Electron is stubbed once, as the sandboxed renderer would see it: contextBridge records
// what the preload exposes; ipcRenderer records what it sends and lets us emit events.
const exposed = new Map<string, unknown>();
const invoked: Array<{ channel: string; args: unknown[] }> = [];
const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return { ok: true, value: `answer from ${channel}` };
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
    },
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      listeners.get(channel)?.delete(listener);
    },
  },
}));

async function loadPreload(): Promise<DeskApi> {
  await import('../../../electron/preload');
  return exposed.get('desk') as DeskApi;
}

describe('preload', () => {
  beforeEach(() => {
    invoked.length = 0;
  });

  it('exposes only window.desk', async () => {
    await loadPreload();
    expect([...exposed.keys()]).toEqual(['desk']);
  });

  it('exposes exactly one named method per contract call, plus on()', async () => {
    const desk = await loadPreload();
    const exposedNames = Object.entries(desk)
      .filter(([key]) => key !== 'on' && key !== 'connection')
      .flatMap(([namespace, methods]) => Object.keys(methods as object).map((method) => `${namespace}.${method}`));
    expect(exposedNames.sort()).toEqual([...CALL_NAMES].sort());
    expect(typeof desk.on).toBe('function');
    for (const name of exposedNames) {
      const [namespace, method] = name.split('.') as [string, string];
      expect(typeof (desk as unknown as Record<string, Record<string, unknown>>)[namespace]?.[method]).toBe('function');
    }
  });

  it('says the main process is connected: in Electron it cannot go while the window stays', async () => {
    const desk = await loadPreload();
    expect(desk.connection.current()).toEqual({ connected: true, lostAt: null });
    expect(typeof desk.connection.onChange(() => undefined)).toBe('function');
  });

  it('never exposes ipcRenderer or anything that sends on an arbitrary channel', async () => {
    const desk = await loadPreload();
    const text = JSON.stringify(Object.keys(desk));
    expect(text).not.toMatch(/ipc|send|invoke|require|process/i);
    expect(Object.isFrozen(desk)).toBe(true);
  });

  it('routes each method to its own channel with its arguments', async () => {
    const desk = await loadPreload();
    const result = await desk.links.openExternal('https://github.com/welkin');
    expect(invoked).toEqual([{ channel: channelOf('links.openExternal'), args: ['https://github.com/welkin'] }]);
    expect(result).toEqual({ ok: true, value: 'answer from desk:links.openExternal' });
  });

  it('on() delivers the payload without the IPC event, and its return value unsubscribes', async () => {
    const desk = await loadPreload();
    const received: unknown[] = [];
    const event = EVENT_NAMES[0];
    const unsubscribe = desk.on(event, (payload) => received.push(payload));
    const emit = (payload: unknown) =>
      listeners.get(channelOf(event))?.forEach((listener) => listener({ sender: 'secret' }, payload));
    emit({ kind: 'none', hint: 'x' });
    unsubscribe();
    emit({ kind: 'none', hint: 'y' });
    expect(received).toEqual([{ kind: 'none', hint: 'x' }]);
  });

  it('refuses to subscribe to an event the contract does not declare', async () => {
    const desk = await loadPreload();
    expect(() => desk.on('shell.output' as never, () => undefined)).toThrow(/Unknown event/);
  });
});
