/**
 * With no workspace configured, the app opens the built-in demo: created on first use,
 * started (its local production on 127.0.0.1), and stopped again when the app quits if this
 * app started it.
 */
import { startDemo, stopDemo } from './services/demo';

export interface DemoFallback {
  readonly folder: string;
  /** Stops the demo's processes if this process started them. */
  stop(): Promise<void>;
}

export async function openDemoWorkspace(folder: string, log: (line: string) => void): Promise<DemoFallback> {
  const running = await startDemo(folder, { onProgress: log });
  return {
    folder: running.dir,
    stop: async () => {
      if (!running.reused) await stopDemo(running.dir);
    },
  };
}
