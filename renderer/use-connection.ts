import { useSyncExternalStore } from 'react';
import type { ConnectionState } from '../shared/ipc/desk-api';

/** Whether the main process (or the browser bridge) can still be reached, live. */
export function useConnection(): ConnectionState {
  return useSyncExternalStore(window.desk.connection.onChange, window.desk.connection.current);
}
