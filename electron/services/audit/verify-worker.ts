/**
 * The verify worker's entry (built alone into dist/audit-verify-worker.mjs by
 * scripts/build.mjs): walks a journal's chunks from the last one back, as long as the main
 * thread has not taken them (verify-worker-protocol.ts), each from an unknown starting state,
 * and posts the joined walk (verify-journal-split.ts joins it to the main thread's).
 */
import { parentPort } from 'node:worker_threads';
import { joinWalks, UNKNOWN_STATE, walkChain, type ChainWalk } from '../../../shared/audit/chain-walk';
import { createFastLineJudge } from '../../../shared/audit/fast-line-judge';
import { sha256Hex } from './sha256-hex';
import { claimChunk, type VerifyWorkerAnswer, type VerifyWorkerJob } from './verify-worker-protocol';

const port = parentPort;
if (port === null) throw new Error('audit-verify-worker runs as a worker thread only');
port.once('message', (job: VerifyWorkerJob) => {
  let answer: VerifyWorkerAnswer;
  try {
    answer = walkFromTheBack(job);
  } catch (error) {
    answer = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});

function walkFromTheBack(job: VerifyWorkerJob): VerifyWorkerAnswer {
  const bytes = Buffer.from(job.bytes, 0, job.length);
  const claims = new Int32Array(job.claims);
  const { starts } = job;
  const count = starts.length;
  // Chunk 0 is the main thread's always: only it starts from the genesis state. The last
  // chunk is claimed before anything else, so the main thread stops short of it early.
  let from = count;
  if (from <= 1 || !claimChunk(claims, from - 1)) return { kind: 'walked', from, walk: null };
  // Line numbers: the newlines before each chunk, counted here while the main thread walks.
  const linesBefore: number[] = [0];
  let lines = 0;
  for (let index = 1; index < count; index++) {
    const end = starts[index] ?? 0;
    for (let at = bytes.indexOf(0x0a, starts[index - 1]); at !== -1 && at < end; at = bytes.indexOf(0x0a, at + 1)) lines++;
    linesBefore.push(lines);
  }
  const judge = createFastLineJudge(sha256Hex);
  const wanted = new Set(job.wanted);
  let walk: ChainWalk | null = null;
  do {
    from--;
    const text = bytes.toString('utf8', starts[from], from + 1 < count ? starts[from + 1] : job.length);
    const chunk = walkChain(text, { judge, firstLine: (linesBefore[from] ?? 0) + 1, start: UNKNOWN_STATE, atEndOfFile: from === count - 1, wanted });
    walk = walk === null ? chunk : joinWalks(chunk, walk);
  } while (from > 1 && claimChunk(claims, from - 1));
  return { kind: 'walked', from, walk };
}
