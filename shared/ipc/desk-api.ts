/**
 * The shape of `window.desk`, derived from the contract: `desk.<namespace>.<method>(...args)`
 * for every call, plus `desk.on(event, listener)` which returns an unsubscribe function.
 * The preload (Electron) and the browser bridge client build it with the same function, so
 * the renderer cannot tell which host it runs in.
 */
import type { CallArgs, CallValue, EventPayload } from './contract';
import { CALL_NAMES, type CallName, type EventName } from './names';
import type { Result } from './result';

type NamespaceOf<N extends string> = N extends `${infer NS}.${string}` ? NS : never;
type MethodOf<N extends string, NS extends string> = N extends `${NS}.${infer M}` ? M : never;

export type DeskCall<N extends CallName> = (...args: CallArgs<N>) => Promise<Result<CallValue<N>>>;

export type DeskNamespaces = {
  readonly [NS in NamespaceOf<CallName>]: {
    readonly [N in CallName as MethodOf<N, NS>]: DeskCall<N>;
  };
};

export type DeskListener<E extends EventName> = (payload: EventPayload<E>) => void;

export type DeskApi = DeskNamespaces & {
  readonly on: <E extends EventName>(event: E, listener: DeskListener<E>) => () => void;
  /** Whether the main process can still be reached (not a contract call: the host knows). */
  readonly connection: DeskConnection;
};

export interface ConnectionState {
  readonly connected: boolean;
  /** When the connection was lost (ISO 8601), or null while connected. */
  readonly lostAt: string | null;
}

/**
 * In Electron the main process is always there (if it goes, so does the window); over the
 * browser bridge the socket can close, and the page must say so rather than show old data
 * as if it were live.
 */
export interface DeskConnection {
  /** The same object until the state changes. */
  readonly current: () => ConnectionState;
  /** Calls `listener` on every change; returns an unsubscribe function. */
  readonly onChange: (listener: (state: ConnectionState) => void) => () => void;
}

/** How a host carries one call and one subscription; everything else is shared. */
export interface DeskTransport {
  invoke(name: CallName, args: readonly unknown[]): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Omitted by hosts that cannot lose the main process (Electron). */
  readonly connection?: DeskConnection;
}

const CONNECTED: ConnectionState = Object.freeze({ connected: true, lostAt: null });
const ALWAYS_CONNECTED: DeskConnection = Object.freeze({
  // The same object every time: React's useSyncExternalStore compares snapshots by identity.
  current: () => CONNECTED,
  onChange: () => () => undefined,
});

export function buildDeskApi(transport: DeskTransport): DeskApi {
  const namespaces: Record<string, Record<string, (...args: unknown[]) => Promise<Result<unknown>>>> =
    {};
  for (const name of CALL_NAMES) {
    const [namespace, method] = splitCallName(name);
    const group = (namespaces[namespace] ??= {});
    group[method] = (...args: unknown[]) => transport.invoke(name, args);
  }
  const api = {
    ...Object.fromEntries(
      Object.entries(namespaces).map(([ns, methods]) => [ns, Object.freeze(methods)]),
    ),
    on: (event: EventName, listener: (payload: unknown) => void) => transport.subscribe(event, listener),
    connection: Object.freeze({ ...(transport.connection ?? ALWAYS_CONNECTED) }),
  };
  return Object.freeze(api) as unknown as DeskApi;
}

export function splitCallName(name: CallName): [namespace: string, method: string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}
