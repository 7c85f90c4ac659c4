/**
 * The browser bridge's wire format: the contract's calls and events as JSON messages over
 * one WebSocket. Development and tests only; the packaged app never speaks it.
 */
export const BRIDGE_SOCKET_PATH = '/__bridge/socket';
export const BRIDGE_CLIENT_PATH = '/__bridge/desk.js';
export const BRIDGE_TOKEN_PARAM = 'bridge-token';

export interface BridgeRequest {
  readonly type: 'call';
  readonly id: number;
  readonly name: string;
  readonly args: readonly unknown[];
}

export type BridgeMessage =
  | { readonly type: 'result'; readonly id: number; readonly result: unknown }
  | { readonly type: 'event'; readonly name: string; readonly payload: unknown };
