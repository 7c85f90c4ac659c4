/**
 * Where the verify worker's file is, seen from the running bundle. Every bundle lives under
 * dist/ (dist/cli-chunks/*.js, dist/electron/main.js, dist/bridge/serve.js), and the worker is
 * dist/audit-verify-worker.mjs; in the packaged app it is unpacked next to app.asar (a worker
 * thread cannot load its script from inside the archive). Run from sources (vitest), there is
 * no dist/ above the module: null, and verify runs on one thread.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERIFY_WORKER_FILE } from './verify-worker-protocol';

export function bundledVerifyWorker(moduleUrl: string = import.meta.url): string | null {
  if (!moduleUrl.startsWith('file:')) return null;
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (path.basename(dir) === 'dist') {
      const candidate = path.join(dir, VERIFY_WORKER_FILE);
      const unpacked = candidate.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
      if (unpacked !== candidate && existsSync(unpacked)) return unpacked;
      return existsSync(candidate) ? candidate : null;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
