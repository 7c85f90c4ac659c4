/**
 * Audit export (issue 10): the time to export one release's evidence (HTML and JSON) from a
 * journal of 100,000 events, beside the floors in the same run — reading the file alone, and
 * verifying the whole chain (which every export does, since the report carries the verify
 * result) — and against a naive export that schema-parses every line before picking the
 * release's events. Medians of 5 rounds, each running every variant in rotated order. Real files in a temp dir.
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

/**
 * Medians of RUNS rounds; each round runs every variant once, in a rotated order, so a burst of
 * load on this shared machine falls on all of them rather than on whichever ran then.
 */
async function medians(variants: Record<string, () => Promise<unknown>>): Promise<Record<string, number>> {
  const names = Object.keys(variants);
  const times = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (let index = 0; index < names.length; index++) {
      const name = names[(index + run) % names.length] as string;
      const started = performance.now();
      await (variants[name] as () => Promise<unknown>)();
      times.get(name)?.push(performance.now() - started);
    }
  }
  return Object.fromEntries(names.map((name) => [name, [...(times.get(name) ?? [])].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? Number.NaN]));
}

const dir = mkdtempSync(path.join(tmpdir(), 'audit-export-bench-'));
try {
  const file = path.join(dir, 'releases.jsonl');
  const { bytes, target } = seedJournal(file);
  const request = { journalFile: file, dataDir: dir, releaseId: target, now: () => new Date() };

  let htmlBytes = 0;
  let ownEvents = 0;
  const exported = async (format: 'html' | 'json') => {
    const outcome = await exportEvidence(request);
    if (outcome.kind !== 'exported') throw new Error(`release ${target} not found`);
    htmlBytes = format === 'html' ? renderEvidence(outcome.report, 'html').length : htmlBytes;
    ownEvents = outcome.report.events.length;
    if (format === 'json') renderEvidence(outcome.report, 'json');
  };
  const { read, verify, exportHtml, exportJson, naive } = await medians({
    read: () => readFile(file, 'utf8'),
    verify: () => verifyJournalFile(file),
    exportHtml: () => exported('html'),
    exportJson: () => exported('json'),
    // Naive: every line schema-parsed (as the journal's own read does), then the release picked out.
    naive: async () => {
      const text = await readFile(file, 'utf8');
      const verification = verifyJournalText(text, { sha256: sha256Hex });
      const events = text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JournalEventSchema.parse(JSON.parse(line)) as JournalEvent);
      const report = buildEvidence({ releaseId: target, events, verification, samples: { recorded: false, why: 'none' }, journalFile: file, exportedAt: new Date().toISOString() });
      if (report === null) throw new Error('not found');
      renderEvidenceHtml(report);
    },
  }) as Record<'read' | 'verify' | 'exportHtml' | 'exportJson' | 'naive', number>;
  console.log(`journal: ${EVENTS.toLocaleString('en')} events, ${(bytes / 1e6).toFixed(1)} MB; release ${target} (${ownEvents} events); HTML ${(htmlBytes / 1024).toFixed(0)} KiB (medians of ${RUNS})`);
  console.log(`  read the file alone (floor):                          ${read.toFixed(0)} ms`);
  console.log(`  verifyJournalFile (every export verifies the chain):  ${verify.toFixed(0)} ms`);
  console.log(`  exportEvidence + HTML:                                ${exportHtml.toFixed(0)} ms (${(exportHtml - verify).toFixed(0)} ms beyond verify)`);
  console.log(`  exportEvidence + JSON:                                ${exportJson.toFixed(0)} ms`);
  console.log(`  naive (schema-parse every line, then pick) + HTML:    ${naive.toFixed(0)} ms — ${(naive / exportHtml).toFixed(2)}× ours`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
