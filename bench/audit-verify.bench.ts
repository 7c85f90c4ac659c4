/**
 * Audit verify (issue 10): events/s of `verifyJournalFile` on a journal of 100,000 events
 * (goal ≥ 200,000 events/s), on one thread and on two (a worker walks the second half;
 * alternating in the same runs), beside the floors in the same run: reading the file alone, and
 * reading + JSON.parse of every line; and beside the naive baseline (parse, canonical
 * encoding, SHA-256 per line) and the full reference judge (parse, zod, canonical encoding,
 * SHA-256 per line). Medians of 5 runs. Real files in a temp dir.
 *
 * The journal is varied the way a real one is: every release has its own branch, SHAs, log
 * files, durations and messages, so the fast judge's memo of `data` texts only helps where a
 * real journal repeats itself too (a sign-off by the same engineer, a healthy verdict).
 */
import { build } from 'esbuild';
import { createHash, hash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { judgeLineFully } from '../shared/audit/journal-line-facts';
import { verifyJournalText } from '../shared/audit/verify-journal';
import { sha256Hex, verifyJournalFile } from '../electron/services/audit/verify-journal-file';
import { SPLIT_MIN_BYTES } from '../electron/services/audit/verify-journal-split';
import { canonicalEncoding } from '../shared/releases/canonical-encoding';
import { GENESIS_HASH } from '../shared/releases/release-events';
import { MERGE_SHA, PREVIOUS_SHA, RELEASE_SHA, releaseStory } from '../tests/fixtures/release-events';

const EVENTS = 100_000;
const RUNS = 5;

const shaOf = (seed: string) => createHash('sha1').update(seed).digest('hex');

/** Medians of one thread vs two, run alternately so both see the same load. */
async function alternating(one: () => Promise<unknown>, two: () => Promise<unknown>, runs = RUNS): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  for (let run = 0; run < runs; run++) {
    for (const [index, work] of [one, two].entries()) {
      const started = performance.now();
      await work();
      times[index]?.push(performance.now() - started);
    }
  }
  const mid = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;
  return [mid(times[0]), mid(times[1])];
}

/** The story's releases over and over, each made its own (SHAs, branch, durations, messages), re-chained. */
function seedJournal(file: string): number {
  const story = releaseStory();
  while (story.events.length < EVENTS) story.plan().stage1().signOffAll().preflight().switchover().verdict('healthy').merge();
  let prev = GENESIS_HASH;
  const lines = story.events.slice(0, EVENTS).map((event) => {
    const release = event.releaseId ?? 'none';
    const data = JSON.stringify(event.data)
      .replaceAll(RELEASE_SHA, shaOf(`${release} release`))
      .replaceAll(PREVIOUS_SHA, shaOf(`${release} previous`))
      .replaceAll(MERGE_SHA, shaOf(`${release} merge`))
      .replaceAll('feature/x', `feature/change-${release}`)
      .replace(/"durationMs":\d+/, `"durationMs":${(event.seq * 7919) % 600_000}`)
      .replace(/"message":"([^"]*)"/, `"message":"$1 in ${(event.seq * 7919) % 600} s"`);
    const unsealed = { ...event, data: JSON.parse(data) as unknown, prev, hash: undefined };
    const hash = sha256Hex(canonicalEncoding(unsealed));
    prev = hash;
    return `${JSON.stringify({ ...unsealed, hash })}\n`;
  });
  const text = lines.join('');
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] ?? Number.NaN;
}

const dir = mkdtempSync(path.join(tmpdir(), 'audit-verify-bench-'));
try {
  const file = path.join(dir, 'releases.jsonl');
  const bytes = seedJournal(file);
  // The worker as scripts/build.mjs builds it, from the current sources.
  const workerScript = path.join(dir, 'audit-verify-worker.mjs');
  await build({ entryPoints: ['electron/services/audit/verify-worker.ts'], outfile: workerScript, bundle: true, minify: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  const read = await median(() => readFile(file, 'utf8'));
  const parse = await median(async () => {
    for (const line of (await readFile(file, 'utf8')).split('\n')) if (line !== '') JSON.parse(line);
  });
  const hashing = await median(async () => {
    for (const line of (await readFile(file, 'utf8')).split('\n')) if (line !== '') hash('sha256', line, 'hex');
  });
  const naive = await median(async () => {
    for (const line of (await readFile(file, 'utf8')).split('\n')) if (line !== '') createHash('sha256').update(canonicalEncoding(JSON.parse(line) as Record<string, unknown>)).digest('hex');
  });
  const full = await median(async () => {
    const result = verifyJournalText(await readFile(file, 'utf8'), { sha256: sha256Hex, judge: (raw) => judgeLineFully(raw, sha256Hex) });
    if (!result.ok) throw new Error(`the bench journal does not verify: ${JSON.stringify(result.problems[0])}`);
  });
  let entries = 0;
  const verifyWith = (script: string | null, onFile = file, splitMinBytes = SPLIT_MIN_BYTES) => async () => {
    const result = await verifyJournalFile(onFile, { workerScript: script, splitMinBytes });
    if (!result.ok) throw new Error(`the bench journal does not verify: ${JSON.stringify(result.problems[0])}`);
    if (onFile === file) entries = result.entries;
  };
  const [verify, twoThreads] = await alternating(verifyWith(null), verifyWith(workerScript));
  // Where a worker starts to pay: prefixes of the journal, each walked both ways with no threshold.
  const whole = readFileSync(file);
  const sizes: string[] = [];
  for (const megabytes of [2, 4, 8, 16]) {
    const prefix = path.join(dir, `prefix-${megabytes}.jsonl`);
    writeFileSync(prefix, whole.subarray(0, whole.indexOf(0x0a, megabytes * 1e6) + 1));
    const [one, two] = await alternating(verifyWith(null, prefix, 0), verifyWith(workerScript, prefix, 0), 7);
    sizes.push(`${megabytes} MB ${one.toFixed(0)} / ${two.toFixed(0)} ms`);
  }
  const rate = (ms: number) => `${Math.round(EVENTS / (ms / 1000)).toLocaleString('en')} events/s`;
  console.log(`journal: ${EVENTS.toLocaleString('en')} events, ${(bytes / 1e6).toFixed(1)} MB, varied (medians of ${RUNS})`);
  console.log(`  read the file alone (floor):                                   ${read.toFixed(0)} ms`);
  console.log(`  read + JSON.parse every line:                                  ${parse.toFixed(0)} ms (${rate(parse)})`);
  console.log(`  read + one SHA-256 of every line (the hashing floor):          ${hashing.toFixed(0)} ms (${rate(hashing)})`);
  console.log(`  naive: parse + canonicalEncoding + SHA-256 per line (no schema): ${naive.toFixed(0)} ms (${rate(naive)})`);
  console.log(`  full judge: parse, zod, canonical, SHA-256 per line + the walk:  ${full.toFixed(0)} ms (${rate(full)})`);
  console.log(`  verifyJournalFile, one thread (fast judge + the walk):        ${verify.toFixed(0)} ms (${rate(verify)}) — ${entries} entries`);
  console.log(`  verifyJournalFile, two threads (a worker walks from the end):  ${twoThreads.toFixed(0)} ms (${rate(twoThreads)}; goal ≥ 200,000 events/s)`);
  console.log(`  ratio: ${(naive / twoThreads).toFixed(1)}× the naive baseline, ${(full / twoThreads).toFixed(1)}× the full judge, ${(verify / twoThreads).toFixed(2)}× one thread`);
  console.log(`  one / two threads by journal size (split from ${(SPLIT_MIN_BYTES / 1e6).toFixed(0)} MB): ${sizes.join(', ')}`);
  if (EVENTS / (twoThreads / 1000) < 200_000) console.log('  BELOW GOAL');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
