/**
 * Journal append (issue 8): p50/p95 of an fsync'ed append to a release journal already holding
 * 10,000 events — the floor for a step's start, and the hot path of a rollback's intent —
 * beside the naive approach in the same run (re-read and re-parse the whole file on every
 * append, then write and fsync the same way). Real files in a temp dir.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openReleaseJournal } from '../electron/services/journal/release-journal';
import { canonicalEncoding } from '../shared/releases/canonical-encoding';
import { JournalEventSchema, type EventDraft, type JournalEvent } from '../shared/releases/release-events';
import { releaseStory } from '../tests/fixtures/release-events';

const EVENTS = 10_000;
const APPENDS = 200;
const NAIVE_APPENDS = 40;

/** A journal of EVENTS events: whole releases one after another (plan, steps, sign-offs, merge). */
function seedJournal(file: string): void {
  const story = releaseStory();
  while (story.events.length < EVENTS) {
    story.plan().stage1().signOffAll().preflight().switchover().verdict('healthy').merge();
  }
  writeFileSync(file, story.events.slice(0, EVENTS).map((event) => `${JSON.stringify(event)}\n`).join(''));
}

const intent = (index: number): EventDraft => ({
  at: new Date().toISOString(),
  actor: 'dave',
  type: 'lock-taken',
  releaseId: null,
  environment: 'production',
  data: { reason: `bench append ${index}` },
});

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(times: readonly number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** The naive append: read and parse every line, chain onto the last, write, fsync. */
async function naiveAppend(file: string, draft: EventDraft): Promise<void> {
  const events = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JournalEventSchema.parse(JSON.parse(line)) as JournalEvent);
  const last = events.at(-1);
  const unsealed = { ...draft, seq: (last?.seq ?? 0) + 1, prev: last?.hash ?? '0'.repeat(64) };
  const event = { ...unsealed, hash: createHash('sha256').update(canonicalEncoding(unsealed)).digest('hex') };
  const handle = await open(file, 'a');
  try {
    await handle.write(`${JSON.stringify(event)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'journal-bench-'));
try {
  const file = path.join(dir, 'releases.jsonl');
  seedJournal(file);
  const sizeMb = (readFileSync(file).length / 1024 / 1024).toFixed(1);

  const journal = openReleaseJournal({ file });
  let started = performance.now();
  await journal.append(() => intent(-1));
  const cold = performance.now() - started;
  const times: number[] = [];
  for (let index = 0; index < APPENDS; index++) {
    started = performance.now();
    const result = await journal.append(({ events }) => (events.length > 0 ? intent(index) : { refused: 'empty journal' }));
    times.push(performance.now() - started);
    if (result.kind !== 'appended') throw new Error('the bench append was refused');
  }

  const naiveFile = path.join(dir, 'naive.jsonl');
  seedJournal(naiveFile);
  const naiveTimes: number[] = [];
  for (let index = 0; index < NAIVE_APPENDS; index++) {
    started = performance.now();
    await naiveAppend(naiveFile, intent(index));
    naiveTimes.push(performance.now() - started);
  }

  const ours = summary(times);
  const naive = summary(naiveTimes);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`journal of ${EVENTS} events (${sizeMb} MB); ${APPENDS} appends, ${NAIVE_APPENDS} naive appends`);
  console.log('| fsync\'ed append | p50 | p95 |');
  console.log('|---|---|---|');
  console.log(`| Release Desk (lock, cached events, tail read) | ${ms(ours.p50)} | ${ms(ours.p95)} |`);
  console.log(`| naive (re-read + re-parse the whole file) | ${ms(naive.p50)} | ${ms(naive.p95)} |`);
  console.log(`first append after opening (full read of the file): ${ms(cold)}; naive p50 is ${(naive.p50 / ours.p50).toFixed(1)}x ours`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
