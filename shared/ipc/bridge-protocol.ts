/**
 * The browser bridge's wire format: the contract's calls and events as JSON messages over
 * one WebSocket. Development and tests only; the packaged app never speaks it.
 */
import { z } from 'zod';

export const BRIDGE_SOCKET_PATH = '/__bridge/socket';
export const BRIDGE_CLIENT_PATH = '/__bridge/desk.js';
export const BRIDGE_TOKEN_PARAM = 'bridge-token';

export const BridgeRequestSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  args: z.array(z.unknown()).max(20),
});
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;

export type BridgeMessage =
  | { readonly type: 'result'; readonly id: number; readonly result: unknown }
  | { readonly type: 'event'; readonly name: string; readonly payload: unknown };
