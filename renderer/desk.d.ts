import type { DeskApi } from '../shared/ipc/desk-api';

declare global {
  interface Window {
    /** The main process, as the preload (or the browser bridge) exposes it. */
    readonly desk: DeskApi;
  }
}
