/**
 * The sandboxed preload: exposes `window.desk`, one named method per contract call plus
 * `on(event, listener)`, never ipcRenderer itself. Bundled to CommonJS (sandboxed preloads
 * cannot load ES modules).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelOf, isEventName, type CallName, type EventName } from '../shared/ipc/names';
import { buildDeskApi, type DeskTransport } from '../shared/ipc/desk-api';
import type { Result } from '../shared/ipc/result';

export const electronTransport: DeskTransport = {
  invoke: (name: CallName, args: readonly unknown[]) =>
    ipcRenderer.invoke(channelOf(name), ...args) as Promise<Result<unknown>>,
  subscribe: (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new TypeError(`Unknown event ${String(event)}`);
    // The renderer's listener never sees the IpcRendererEvent (it carries `sender`).
    const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channelOf(event), relay);
    return () => {
      ipcRenderer.removeListener(channelOf(event), relay);
    };
  },
};

contextBridge.exposeInMainWorld('desk', buildDeskApi(electronTransport));
