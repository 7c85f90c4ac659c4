/**
 * Thin Electron adapter: one ipcMain handler per contract call, each behind the sender
 * check, and the one place the main process pushes events to windows. Raw ipcMain and
 * webContents.send are allowed only in this file (lint enforces it).
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CALL_NAMES, channelOf, contract, type EventName, type EventPayload } from '../../shared/ipc/contract';
import type { DeepReadonly } from '../../shared/deep-readonly';
import { fail } from '../../shared/ipc/result';
import { dispatch, type Handlers, type InternalErrorLog } from './dispatch';
import { isTrustedSender } from './trusted-sender';

export interface TrustedWindows {
  readonly ids: ReadonlySet<number>;
  all(): readonly WebContents[];
}

export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  trusted: TrustedWindows,
  logInternal: InternalErrorLog,
): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(channelOf(name), (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frame = event.senderFrame;
      const facts = {
        webContentsId: event.sender.id,
        frameUrl: frame?.url ?? null,
        isMainFrame: frame !== null && frame !== undefined && frame.parent === null,
      };
      if (!isTrustedSender(facts, trusted.ids)) {
        return fail('forbidden-sender', 'This page may not call Release Desk.');
      }
      return dispatch(handlers, name, args, logInternal);
    });
  }
  return () => CALL_NAMES.forEach((name) => ipcMain.removeHandler(channelOf(name)));
}

export function pushEvent<E extends EventName>(trusted: TrustedWindows, event: E, payload: DeepReadonly<EventPayload<E>>): void {
  const checked = contract.events[event].parse(payload);
  for (const contents of trusted.all()) {
    if (!contents.isDestroyed()) contents.send(channelOf(event), checked);
  }
}
