/**
 * Builds one release's evidence report from a workspace's journal file: reads the file once,
 * verifies the whole chain (the result goes into the report), schema-parses only the lines
 * of this release (and plans, unlocks and overrides, which may carry no release id), and reads the watch's
 * samples file when it is still in the data folder. The CLI (`audit export`) and the app
 * (`audit.exportEvidence`) both call this, then render HTML or JSON from the same model.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { buildEvidence, type SampleLine } from '../../../shared/audit/build-evidence';
import type { EvidenceFormat, EvidenceReport, Recorded } from '../../../shared/audit/evidence-model';
import { renderEvidenceHtml } from '../../../shared/audit/evidence-html';
import { verifyJournalText } from '../../../shared/audit/verify-journal';
import { JournalEventSchema, type JournalEvent } from '../../../shared/releases/release-events';
import { sha256Hex } from './verify-journal-file';

export type EvidenceOutcome =
  | { readonly kind: 'exported'; readonly report: EvidenceReport }
  | { readonly kind: 'unknown-release'; readonly releaseId: string; readonly known: readonly string[] }
  | { readonly kind: 'other-environment'; readonly releaseId: string; readonly environment: string; readonly asked: string };

export interface EvidenceExportRequest {
  readonly journalFile: string;
  /** The workspace's data folder: the samples file is relative to it. */
  readonly dataDir: string;
  readonly releaseId: string;
  /** When given, the release must belong to this environment. */
  readonly environment?: string;
  readonly now: () => Date;
  /** The main branch's conformance around the release, when the caller checked it. */
  readonly conformance?: EvidenceReport['conformance'];
}

const SampleLineSchema = z.object({
  probe: z.string(),
  at: z.number(),
  ok: z.boolean(),
  status: z.number().nullable(),
  latencyMs: z.number(),
  version: z.string().nullable(),
  problem: z.string().optional(),
});

export async function exportEvidence(request: EvidenceExportRequest): Promise<EvidenceOutcome> {
  const text = await readFile(request.journalFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const verification = verifyJournalText(text, { sha256: sha256Hex });
  const { events, known } = releaseLines(text, request.releaseId);
  const planned = events.find((event) => event.type === 'planned' && event.releaseId === request.releaseId);
  if (planned === undefined) return { kind: 'unknown-release', releaseId: request.releaseId, known };
  if (request.environment !== undefined && planned.environment !== request.environment) {
    return { kind: 'other-environment', releaseId: request.releaseId, environment: planned.environment, asked: request.environment };
  }
  const watch = events.findLast((event) => event.type === 'watch-summary' && event.releaseId === request.releaseId);
  const samples = watch?.type === 'watch-summary' ? await readSamples(request.dataDir, watch.data.samplesFile) : ({ recorded: false, why: 'no samples file' } as const);
  const report = buildEvidence({
    releaseId: request.releaseId,
    events,
    verification,
    samples,
    journalFile: request.journalFile,
    exportedAt: request.now().toISOString(),
    ...(request.conformance === undefined ? {} : { conformance: request.conformance }),
  });
  if (report === null) return { kind: 'unknown-release', releaseId: request.releaseId, known };
  return { kind: 'exported', report };
}

export function renderEvidence(report: EvidenceReport, format: EvidenceFormat): string {
  return format === 'html' ? renderEvidenceHtml(report) : `${JSON.stringify(report, null, 2)}\n`;
}

/** The file name a save dialog or download suggests: `release-r12-production-evidence.html`. */
export function evidenceFileName(report: EvidenceReport, format: EvidenceFormat): string {
  return `release-${report.release.id}-${report.release.environment}-evidence.${format}`;
}

/**
 * The release's events, and the unlocks and overrides that may carry no release id,
 * schema-checked; and the release ids the journal plans (for "did you mean"). Only lines that
 * can be one of those are parsed — the text test is a cheap filter, the parsed event decides.
 * Other releases' plans are parsed only where they bound this plan's override (build-evidence).
 */
function releaseLines(text: string, releaseId: string): { events: JournalEvent[]; known: string[] } {
  const marker = `"releaseId":${JSON.stringify(releaseId)}`;
  const events: JournalEvent[] = [];
  const otherPlans: { seq: number; line: string; id: string | null }[] = [];
  // Whole-text searches, not a walk over every line: the journal is tens of MB, the release a few lines.
  const ownLines = linesContaining(text, marker);
  const candidates = new Map(ownLines);
  for (const needle of ['"type":"planned"', '"type":"lock-released"', '"type":"override"']) {
    for (const [at, line] of linesContaining(text, needle)) if (!candidates.has(at)) candidates.set(at, line);
  }
  for (const [at, line] of [...candidates].sort(([a], [b]) => a - b)) {
    const own = ownLines.has(at);
    if (!own && line.includes('"type":"planned"')) {
      otherPlans.push({ seq: Number(SEQ.exec(line)?.[1] ?? 0), line, id: RELEASE_ID.exec(line)?.[1] ?? null });
      continue;
    }
    const event = parseEvent(line);
    if (event !== null && (event.releaseId === releaseId || event.type === 'lock-released' || (event.type === 'override' && event.releaseId === null))) events.push(event);
  }
  const plan = events.find((event) => event.type === 'planned');
  const known = [...otherPlans.flatMap((other) => (other.id === null ? [] : [other.id])), ...(plan === undefined ? [] : [releaseId])];
  const firstOverride = events.find((event) => event.type === 'override' && event.releaseId === null);
  if (plan === undefined || firstOverride === undefined) return { events, known };
  for (const other of otherPlans) {
    if (other.seq <= firstOverride.seq || other.seq >= plan.seq) continue;
    const event = parseEvent(other.line);
    if (event !== null) events.push(event);
  }
  return { events: events.sort((a, b) => a.seq - b.seq), known };
}

/** Each whole line (ended by a newline: a torn last line is not part of the journal) holding `needle`, by its start offset. */
function linesContaining(text: string, needle: string): Map<number, string> {
  const lines = new Map<number, string>();
  let at = text.indexOf(needle);
  while (at !== -1) {
    const start = text.lastIndexOf('\n', at) + 1;
    const end = text.indexOf('\n', at);
    if (end === -1) break;
    if (!lines.has(start)) lines.set(start, text.slice(start, end));
    at = text.indexOf(needle, end);
  }
  return lines;
}

const SEQ = /^\{"seq":(\d+),/;
const RELEASE_ID = /"releaseId":"(r\d+)"/;

function parseEvent(line: string): JournalEvent | null {
  try {
    const parsed = JournalEventSchema.safeParse(JSON.parse(line));
    return parsed.success ? (parsed.data as JournalEvent) : null; // verify reports the others
  } catch {
    return null;
  }
}

async function readSamples(dataDir: string, relative: string): Promise<Recorded<readonly SampleLine[]>> {
  const root = path.resolve(dataDir);
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return { recorded: false, why: `not read: the samples file ${relative} is outside the workspace's data folder` };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { recorded: false, why: code === 'ENOENT' ? `not recorded: the samples file ${relative} is no longer in the data folder` : `not read: ${relative}: ${code ?? String(error)}` };
  }
  const samples: SampleLine[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = SampleLineSchema.safeParse(JSON.parse(line));
      if (parsed.success) samples.push(parsed.data);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  if (samples.length === 0) return { recorded: false, why: `not recorded: the samples file ${relative} holds no readable sample${skipped > 0 ? ` (${skipped} unreadable lines)` : ''}` };
  return { recorded: true, value: samples };
}
