/**
 * What the main thread and the verify worker (verify-worker.ts) say to each other: one job,
 * one answer. The journal's bytes and the chunk claims are shared, not copied.
 *
 * The file is cut into chunks at line starts. The main thread walks them from the front, the
 * worker from the back; each takes a chunk by claiming it (Atomics.compareExchange of its
 * slot from 0 to 1), and each stops at the first chunk the other already holds. So a worker
 * that starts late (a loaded machine) takes fewer chunks or none, and never makes verify wait
 * for work it has not begun.
 */
import type { ChainWalk } from '../../../shared/audit/chain-walk';

export interface VerifyWorkerJob {
  /** The whole journal file's bytes. */
  readonly bytes: SharedArrayBuffer;
  /** The byte length of the file in `bytes`. */
  readonly length: number;
  /** Where each chunk starts (the first is 0; each other right after a newline). */
  readonly starts: readonly number[];
  /** One Int32 slot per chunk: 0 free, 1 taken. */
  readonly claims: SharedArrayBuffer;
  /** The seqs of the recorded heads to look for. */
  readonly wanted: readonly number[];
}

export type VerifyWorkerAnswer =
  /** The chunks from `from` to the last, walked and joined (`walk` null: it took none). */
  | { readonly kind: 'walked'; readonly from: number; readonly walk: ChainWalk | null }
  | { readonly kind: 'failed'; readonly message: string };

/** The file the build writes the worker to, in dist/ (scripts/build.mjs). */
export const VERIFY_WORKER_FILE = 'audit-verify-worker.mjs';

/** Takes chunk `index` for the caller; false when the other thread has it. */
export function claimChunk(claims: Int32Array, index: number): boolean {
  return Atomics.compareExchange(claims, index, 0, 1) === 0;
}
