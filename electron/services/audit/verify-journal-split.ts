/**
 * Walks a journal file's hash chain, on two threads when it is large enough to pay for a
 * worker's start. The file is cut into chunks at line starts; this thread walks them from the
 * front, a worker (verify-worker.ts) from the back, each claiming a chunk before it walks it
 * (verify-worker-protocol.ts), and joinWalks (shared/audit/chain-walk.ts) links the two parts
 * — the same answer as one walk, by construction and by test. A worker that starts late on a
 * loaded machine simply takes fewer chunks.
 *
 * The worker is started first thing, so its start overlaps reading the file; the bytes are
 * read into a SharedArrayBuffer and shared, not copied. Chunks start right after a newline (a
 * 0x0a byte is never part of a longer UTF-8 sequence, so each chunk decodes as it would in
 * the whole). A worker that cannot start, errors, exits or answers nothing usable in time
 * costs speed, never the answer: this thread walks its chunks itself. The worker is ended once
 * answered, and never keeps a one-shot CLI alive.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { GENESIS_STATE, joinWalks, walkChain, type ChainWalk } from '../../../shared/audit/chain-walk';
import { createFastLineJudge } from '../../../shared/audit/fast-line-judge';
import { sha256Hex } from './sha256-hex';
import { claimChunk, type VerifyWorkerAnswer, type VerifyWorkerJob } from './verify-worker-protocol';

/**
 * Below this a journal is walked on one thread. The worker is ready ~40–80 ms after it is
 * started on a quiet machine (its bundle holds zod and the schemas), and one thread walks
 * ~90 MB/s; since the worker takes chunks from the back as soon as it is ready, the split
 * pays once one thread would need more than that start (≈ 4–8 MB). On a loaded 2-core machine
 * (load 3–8) the second thread finds no free core and only pays on much larger journals
 * (bench/audit-verify.bench.ts, "by journal size"; 42 MB: 1.49× at load 3.5).
 */
export const SPLIT_MIN_BYTES = 8_000_000;
/** About this many bytes a chunk: small enough that the two threads finish close together. */
const CHUNK_BYTES = 500_000;

export interface WalkJournalFileOptions {
  /** The seqs of the recorded heads to look for. */
  readonly wanted: ReadonlySet<number>;
  /** The worker's script; null: one thread. */
  readonly workerScript: string | null;
  readonly splitMinBytes?: number;
}

export async function walkJournalFile(file: string, options: WalkJournalFileOptions): Promise<ChainWalk> {
  const { wanted, workerScript } = options;
  const judge = createFastLineJudge(sha256Hex);
  const walkWhole = (text: string) => walkChain(text, { judge, firstLine: 1, start: GENESIS_STATE, atEndOfFile: true, wanted });
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    // A missing file is an empty journal.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return walkWhole('');
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (workerScript === null || size < (options.splitMinBytes ?? SPLIT_MIN_BYTES)) return walkWhole(await handle.readFile('utf8'));
    const helper = startHelper(workerScript);
    try {
      const bytes = await readShared(handle, size);
      const starts = chunkStarts(bytes);
      const claims = new SharedArrayBuffer(4 * starts.length);
      if (starts.length > 1) helper.post({ bytes: bytes.buffer as SharedArrayBuffer, length: bytes.length, starts, claims, wanted: [...wanted] });
      const slots = new Int32Array(claims);
      const textOf = (index: number) => bytes.toString('utf8', starts[index], starts[index + 1] ?? bytes.length);
      const started = performance.now();
      let walk: ChainWalk | null = null;
      let next = 0;
      for (; next < starts.length && claimChunk(slots, next); next++) {
        walk = walkOn(walk, textOf(next), next === starts.length - 1);
      }
      if (next === starts.length) return walk ?? walkWhole('');
      // The worker holds chunks next… to the end. Waiting is bounded: a worker several times
      // slower than this thread was is given up on, and its chunks walked here.
      const perChunk = (performance.now() - started) / Math.max(1, next);
      const answer = await helper.answer(next, 1000 + 4 * perChunk * (starts.length - next));
      if (walk !== null && answer !== null) return joinWalks(walk, answer);
      for (; next < starts.length; next++) walk = walkOn(walk, textOf(next), next === starts.length - 1);
      return walk ?? walkWhole('');
    } finally {
      helper.stop();
    }
  } finally {
    await handle.close();
  }

  function walkOn(before: ChainWalk | null, text: string, atEndOfFile: boolean): ChainWalk {
    const chunk = walkChain(text, { judge, firstLine: (before?.lines ?? 0) + 1, start: before?.end ?? GENESIS_STATE, atEndOfFile, wanted });
    return before === null ? chunk : joinWalks(before, chunk);
  }
}

/** The file's first `size` bytes (fewer if it shrank meanwhile) in memory a worker can share. */
async function readShared(handle: FileHandle, size: number): Promise<Buffer> {
  const bytes = Buffer.from(new SharedArrayBuffer(size));
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return bytes.subarray(0, filled);
}

/** Chunk starts: 0, then right after the first newline past every CHUNK_BYTES (none at the very end). */
export function chunkStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (;;) {
    const newline = bytes.indexOf(0x0a, (starts.at(-1) ?? 0) + CHUNK_BYTES);
    if (newline === -1 || newline + 1 >= bytes.length) return starts;
    starts.push(newline + 1);
  }
}

interface Helper {
  post(job: VerifyWorkerJob): void;
  /** The worker's walk of the chunks `from`… to the end; null when it failed in any way or took over `withinMs`. */
  answer(from: number, withinMs: number): Promise<ChainWalk | null>;
  stop(): void;
}

function startHelper(script: string): Helper {
  let settle: (answer: VerifyWorkerAnswer | null) => void = () => undefined;
  const answered = new Promise<VerifyWorkerAnswer | null>((resolve) => (settle = resolve));
  let worker: Worker;
  try {
    // The worker needs no environment: nothing of the parent's (tokens included) is copied into it.
    worker = new Worker(script, { env: {}, stdout: false, stderr: false });
  } catch {
    return { post: () => undefined, answer: () => Promise.resolve(null), stop: () => undefined };
  }
  // Kept on for the worker's whole life: an 'error' event without a listener would throw.
  worker.on('error', () => settle(null));
  worker.once('messageerror', () => settle(null));
  worker.once('exit', () => settle(null));
  worker.once('message', (message: VerifyWorkerAnswer) => settle(message));
  return {
    post: (job) => {
      try {
        worker.postMessage(job);
      } catch {
        settle(null);
      }
    },
    answer: async (from, withinMs) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), withinMs)));
      const message = await Promise.race([answered, late]).finally(() => clearTimeout(timer));
      if (message?.kind !== 'walked' || message.from !== from || message.walk === null) return null;
      return looksLikeWalk(message.walk) ? message.walk : null;
    },
    stop: () => {
      worker.unref();
      void worker.terminate();
    },
  };
}

/** The worker is our own code, but its answer crossed a thread: refuse one that is not a walk's shape. */
function looksLikeWalk(walk: ChainWalk): boolean {
  return (
    Number.isSafeInteger(walk.lines) &&
    Number.isSafeInteger(walk.entries) &&
    Array.isArray(walk.problems) &&
    walk.environments instanceof Map &&
    walk.seqLines instanceof Map &&
    typeof walk.end === 'object' &&
    walk.end !== null
  );
}
