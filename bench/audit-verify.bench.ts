/**
 * Audit verify (issue 10): events/s of `verifyJournalFile` on a journal of 100,000 events
 * (goal ≥ 200,000 events/s), beside the floors in the same run: reading the file alone, and
 * reading + JSON.parse of every line. Medians of 5 runs. Real files in a temp dir.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha256Hex, verifyJournalFile } from '../electron/services/audit/verify-journal-file';
import { canonicalEncoding } from '../shared/releases/canonical-encoding';
import { releaseStory } from '../tests/fixtures/release-events';

const EVENTS = 100_000;
const RUNS = 5;

function seedJournal(file: string): number {
  const story = releaseStory();
  while (story.events.length < EVENTS) story.plan().stage1().signOffAll().preflight().switchover().verdict('healthy').merge();
  const text = story.events.slice(0, EVENTS).map((event) => `${JSON.stringify(event)}\n`).join('');
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
  const read = await median(() => readFile(file, 'utf8'));
  const parse = await median(async () => {
    for (const line of (await readFile(file, 'utf8')).split('\n')) if (line !== '') JSON.parse(line);
  });
  const hashOnly = await median(async () => {
    for (const line of (await readFile(file, 'utf8')).split('\n')) if (line !== '') sha256Hex(canonicalEncoding(JSON.parse(line) as Record<string, unknown>));
  });
  let entries = 0;
  const verify = await median(async () => {
    const result = await verifyJournalFile(file);
    if (!result.ok) throw new Error(`the bench journal does not verify: ${JSON.stringify(result.problems[0])}`);
    entries = result.entries;
  });
  const rate = (ms: number) => `${Math.round(EVENTS / (ms / 1000)).toLocaleString('en')} events/s`;
  console.log(`journal: ${EVENTS.toLocaleString('en')} events, ${(bytes / 1e6).toFixed(1)} MB (medians of ${RUNS})`);
  console.log(`  read the file alone (floor):               ${read.toFixed(0)} ms`);
  console.log(`  read + JSON.parse every line:              ${parse.toFixed(0)} ms (${rate(parse)})`);
  console.log(`  naive: parse + shared canonicalEncoding + SHA-256 per line (no schema check): ${hashOnly.toFixed(0)} ms (${rate(hashOnly)})`);
  console.log(`  verifyJournalFile (parse, zod schema, seq, prev, hash): ${verify.toFixed(0)} ms (${rate(verify)}; goal ≥ 200,000 events/s) — ${entries} entries`);
  if (EVENTS / (verify / 1000) < 200_000) console.log('  BELOW GOAL');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
