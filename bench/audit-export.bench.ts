/**
 * Audit export (issue 10): the time to export one release's evidence (HTML and JSON) from a
 * journal of 100,000 events, beside the floors in the same run — reading the file alone, and
 * verifying the whole chain (which every export does, since the report carries the verify
 * result) — and against a naive export that schema-parses every line before picking the
 * release's events. Medians of 5 runs. Real files in a temp dir.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildEvidence } from '../shared/audit/build-evidence';
import { renderEvidenceHtml } from '../shared/audit/evidence-html';
import { verifyJournalText } from '../shared/audit/verify-journal';
import { JournalEventSchema, type JournalEvent } from '../shared/releases/release-events';
import { exportEvidence, renderEvidence } from '../electron/services/audit/evidence-export';
import { sha256Hex, verifyJournalFile } from '../electron/services/audit/verify-journal-file';
import { releaseStory } from '../tests/fixtures/release-events';

const EVENTS = 100_000;
const RUNS = 5;

function seedJournal(file: string): { bytes: number; target: string } {
  const story = releaseStory();
  let target = '';
  while (story.events.length < EVENTS) {
    story.plan();
    if (target === '' && story.events.length >= EVENTS / 2) target = story.releaseId;
    story.stage1().signOffAll().preflight().switchover().verdict('healthy').merge();
  }
  const text = story.events.slice(0, EVENTS).map((event) => `${JSON.stringify(event)}\n`).join('');
  writeFileSync(file, text);
  return { bytes: Buffer.byteLength(text), target };
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

const dir = mkdtempSync(path.join(tmpdir(), 'audit-export-bench-'));
try {
  const file = path.join(dir, 'releases.jsonl');
  const { bytes, target } = seedJournal(file);
  const request = { journalFile: file, dataDir: dir, releaseId: target, now: () => new Date() };

  const read = await median(() => readFile(file, 'utf8'));
  const verify = await median(() => verifyJournalFile(file));
  let htmlBytes = 0;
  let ownEvents = 0;
  const exportHtml = await median(async () => {
    const outcome = await exportEvidence(request);
    if (outcome.kind !== 'exported') throw new Error(`release ${target} not found`);
    htmlBytes = renderEvidence(outcome.report, 'html').length;
    ownEvents = outcome.report.events.length;
  });
  const exportJson = await median(async () => {
    const outcome = await exportEvidence(request);
    if (outcome.kind !== 'exported') throw new Error(`release ${target} not found`);
    renderEvidence(outcome.report, 'json');
  });
  // Naive: every line schema-parsed (as the journal's own read does), then the release picked out.
  const naive = await median(async () => {
    const text = await readFile(file, 'utf8');
    const verification = verifyJournalText(text, { sha256: sha256Hex });
    const events = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JournalEventSchema.parse(JSON.parse(line)) as JournalEvent);
    const report = buildEvidence({ releaseId: target, events, verification, samples: { recorded: false, why: 'none' }, journalFile: file, exportedAt: new Date().toISOString() });
    if (report === null) throw new Error('not found');
    renderEvidenceHtml(report);
  });
  console.log(`journal: ${EVENTS.toLocaleString('en')} events, ${(bytes / 1e6).toFixed(1)} MB; release ${target} (${ownEvents} events); HTML ${(htmlBytes / 1024).toFixed(0)} KiB (medians of ${RUNS})`);
  console.log(`  read the file alone (floor):                          ${read.toFixed(0)} ms`);
  console.log(`  verifyJournalFile (every export verifies the chain):  ${verify.toFixed(0)} ms`);
  console.log(`  exportEvidence + HTML:                                ${exportHtml.toFixed(0)} ms (${(exportHtml - verify).toFixed(0)} ms beyond verify)`);
  console.log(`  exportEvidence + JSON:                                ${exportJson.toFixed(0)} ms`);
  console.log(`  naive (schema-parse every line, then pick) + HTML:    ${naive.toFixed(0)} ms — ${(naive / exportHtml).toFixed(2)}× ours`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
