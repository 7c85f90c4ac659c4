/**
 * Thin Electron adapter: one ipcMain handler per contract call, each behind the sender
 * check, and the one place the main process pushes events to windows. Raw ipcMain and
 * webContents.send are allowed only in this file (lint enforces it).
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CALL_NAMES, channelOf, contract, type EventName, type EventPayload } from '../../shared/ipc/contract';
import type { DeepReadonly } from '../../shared/deep-readonly';
import { fail } from '../../shared/ipc/result';
import { redactDeep } from '../services/vault/redact';
import { dispatch, type Handlers, type InternalErrorLog, type KnownSecrets } from './dispatch';
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
  secrets: KnownSecrets,
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
      return dispatch(handlers, name, args, logInternal, secrets);
    });
  }
  return () => CALL_NAMES.forEach((name) => ipcMain.removeHandler(channelOf(name)));
}

/** Events leave through here only, scrubbed of every known secret like the replies. */
export function pushEvent<E extends EventName>(
  trusted: TrustedWindows,
  secrets: KnownSecrets,
  event: E,
  payload: DeepReadonly<EventPayload<E>>,
): void {
  const checked = redactDeep(contract.events[event].parse(payload), secrets());
  for (const contents of trusted.all()) {
    if (!contents.isDestroyed()) contents.send(channelOf(event), checked);
  }
}
