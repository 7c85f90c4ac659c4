/**
 * Defines `window.desk` in a plain browser, over the browser bridge's WebSocket, with the
 * same builder the Electron preload uses. Loaded as a classic script before the app's
 * module, so the renderer finds `window.desk` exactly as it does in Electron. Never part of
 * the packaged app.
 */
import {
  BRIDGE_SOCKET_PATH,
  BRIDGE_TOKEN_PARAM,
  type BridgeMessage,
} from '../../shared/ipc/bridge-protocol';
import type { CallName, EventName } from '../../shared/ipc/contract';
import { buildDeskApi, type ConnectionState, type DeskConnection, type DeskTransport } from '../../shared/ipc/desk-api';
import { fail, type Result } from '../../shared/ipc/result';

const token = new URLSearchParams(window.location.search).get(BRIDGE_TOKEN_PARAM) ?? '';
const socketUrl = new URL(BRIDGE_SOCKET_PATH, window.location.href);
socketUrl.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
socketUrl.search = new URLSearchParams({ [BRIDGE_TOKEN_PARAM]: token }).toString();

const socket = new WebSocket(socketUrl.toString());
const opened = new Promise<boolean>((resolve) => {
  socket.addEventListener('open', () => resolve(true), { once: true });
  socket.addEventListener('error', () => resolve(false), { once: true });
});
const pending = new Map<number, (result: Result<unknown>) => void>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let nextId = 0;

socket.addEventListener('message', (message: MessageEvent<string>) => {
  const data = JSON.parse(message.data) as BridgeMessage;
  if (data.type === 'result') {
    pending.get(data.id)?.(data.result as Result<unknown>);
    pending.delete(data.id);
  } else {
    listeners.get(data.name)?.forEach((listener) => listener(data.payload));
  }
});
// The bridge (or the process behind it) going away closes the socket: say so at once.
let connectionState: ConnectionState = { connected: true, lostAt: null };
const connectionListeners = new Set<(state: ConnectionState) => void>();
const connection: DeskConnection = {
  current: () => connectionState,
  onChange: (listener) => {
    connectionListeners.add(listener);
    return () => {
      connectionListeners.delete(listener);
    };
  },
};
function lost(): void {
  if (!connectionState.connected) return;
  connectionState = { connected: false, lostAt: new Date().toISOString() };
  connectionListeners.forEach((listener) => listener(connectionState));
}
socket.addEventListener('error', lost);
socket.addEventListener('close', () => {
  lost();
  for (const settle of pending.values()) settle(fail('unavailable', 'The browser bridge closed the connection.'));
  pending.clear();
});

const transport: DeskTransport = {
  connection,
  async invoke(name: CallName, args: readonly unknown[]) {
    if (!(await opened) || socket.readyState !== WebSocket.OPEN) {
      return fail('unavailable', 'The browser bridge is not reachable (wrong token, or the bridge stopped).');
    }
    const id = nextId++;
    return new Promise<Result<unknown>>((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ type: 'call', id, name, args }));
    });
  },
  subscribe(event: EventName, listener: (payload: unknown) => void) {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
};

Object.defineProperty(window, 'desk', { value: buildDeskApi(transport), writable: false, configurable: false });
