/**
 * A verify worker that fails AFTER it has claimed chunks (verify-journal-split.ts): the main
 * thread walks those chunks itself and the answer is the one-thread answer. Real worker
 * threads running stand-in scripts that claim the last chunks as the real worker does, then
 * throw, exit, answer a malformed walk, or never answer (given up on after a bounded wait).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyJournalFile } from '../../electron/services/audit/verify-journal-file';
import { releaseStory } from '../fixtures/release-events';

let dir: string;
let file: string;

/** A worker that claims the last three chunks (writing how many it got to `marker`), then does `then`. */
const claimingWorker = (marker: string, then: string) => `import { parentPort } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
parentPort.once('message', (job) => {
  const claims = new Int32Array(job.claims);
  let claimed = 0;
  for (let index = job.starts.length - 1; index >= job.starts.length - 3 && Atomics.compareExchange(claims, index, 0, 1) === 0; index--) claimed++;
  writeFileSync(${JSON.stringify(marker)}, String(claimed));
  ${then}
});
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'verify-worker-faults-'));
  file = path.join(dir, 'releases.jsonl');
  const story = releaseStory();
  while (story.events.length < 12_000) {
    story.plan({ branch: `feature/change-${story.events.length}` }).stage1().signOffAll().preflight().switchover().verdict('healthy').merge();
    story.releaseId = `r${story.events.length}`;
  }
  const lines = story.events.map((event) => JSON.stringify(event));
  // Tampering in the chunks the worker claims, so a lost chunk would change the answer.
  lines.splice(lines.length - 100, 1);
  lines[lines.length - 1000] = (lines[lines.length - 1000] ?? '').replace('"at":"2026', '"at":"2025');
  await writeFile(file, lines.map((line) => `${line}\n`).join(''));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a verify worker that fails after claiming chunks', () => {
  it.each([
    ['throws', "throw new Error('broken');"],
    ['exits', 'process.exit(3);'],
    ['answers a malformed walk', "parentPort.postMessage({ kind: 'walked', from: job.starts.length - 3, walk: { lines: 'many' } });"],
    ['answers for other chunks', "parentPort.postMessage({ kind: 'walked', from: 1, walk: null });"],
    ['never answers', 'setInterval(() => undefined, 1000);'],
  ])('%s: the one-thread answer', async (name, then) => {
    const script = path.join(dir, `${name.replaceAll(' ', '-')}.mjs`);
    const marker = `${script}.claimed`;
    await writeFile(script, claimingWorker(marker, then));
    const reference = await verifyJournalFile(file, { workerScript: null });
    expect(reference.problems.map((problem) => problem.kind)).toEqual(['hash-mismatch', 'out-of-sequence']);
    // Only a worker that got chunks before this thread walked them all tests the fallback:
    // on a loaded machine it may start too late, so try again (a few times at most).
    for (let attempt = 0; attempt < 5; attempt++) {
      await rm(marker, { force: true });
      const split = await verifyJournalFile(file, { workerScript: script, splitMinBytes: 0 });
      expect(split).toEqual(reference);
      if (Number(await readFile(marker, 'utf8').catch(() => '0')) > 0) return;
    }
    throw new Error('the stand-in worker never claimed a chunk: the fallback was not exercised');
  }, 60_000);
});
