/**
 * With no workspace configured, the app opens the built-in demo: created on first use,
 * started (its local production on 127.0.0.1), and stopped again when the app quits if this
 * app started it.
 */
import { startDemo, stopDemo } from './services/demo';
import type { TrustService } from './services/trust/workspace-trust';

export interface DemoFallback {
  readonly folder: string;
  /** Stops the demo's processes if this process started them. */
  stop(): Promise<void>;
}

/**
 * The demo is trusted by the app that opens it: its folder and its commands were written by
 * Release Desk itself, in its own data folder.
 */
export async function openDemoWorkspace(folder: string, log: (line: string) => void, trust: TrustService): Promise<DemoFallback> {
  const running = await startDemo(folder, { onProgress: log });
  await trust.grant(running.dir, 'demo');
  return {
    folder: running.dir,
    stop: async () => {
      if (!running.reused) await stopDemo(running.dir);
    },
  };
}
