/**
 * The CLI rollback's snapshot of the journal: the rollback ledger (journal-ledger.ts) as of a
 * byte offset of the journal, with what identifies the line ending there. The next CLI rollback
 * reads it, has the journal checked at that point (release-journal.ts `resume`) and folds only
 * the lines added since, instead of parsing, checking and folding the whole journal before
 * its command can start.
 *
 * It is a cache, never a second truth: anything unsure about it (missing, unreadable, another
 * format version, a digest that does not match) reads as "no snapshot", and the journal is read
 * whole, exactly as without one. It holds what the journal holds (no token is ever journaled).
 *
 * Format: one header line of JSON (kind, version, the program that wrote it, the resume point, the byte count and SHA-256
 * of the rest), then the ledger as JSON. Written to a temporary file renamed over the old one,
 * so a reader sees a whole file or the previous one.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JournalEnd, JournalResumePoint } from '../journal/release-journal';
import { ledgerFromJson, ledgerToJson, type RollbackLedger } from './journal-ledger';

const KIND = 'release-desk.rollback-snapshot';
/** Bump whenever the ledger's shape or what it folds changes: an older snapshot is then not used. */
export const SNAPSHOT_VERSION = 1;
/**
 * The program that wrote it: this module's file (the CLI bundle) by path, size and time. A
 * snapshot from another build is not used, so a fold changed without a SNAPSHOT_VERSION bump
 * still cannot read an old ledger as its own (the first rollback after an upgrade reads whole).
 */
function programStamp(): string {
  const file = fileURLToPath(import.meta.url);
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats === undefined ? file : `${file}:${stats.size}:${stats.mtimeMs}`;
}

/** A journal line is at most 64 KiB (release-journal.ts MAX_LINE_BYTES), plus its newline. */
const MAX_LINE_WITH_NEWLINE = 64 * 1024 + 1;

export interface RollbackSnapshot {
  readonly point: JournalResumePoint;
  readonly ledger: RollbackLedger;
}

export function rollbackSnapshotFile(dataDir: string): string {
  return path.join(dataDir, 'rollback-ledger.snapshot');
}

/** The snapshot, or null when there is none or anything about it is unsure. Never throws. */
export async function readRollbackSnapshot(dataDir: string): Promise<RollbackSnapshot | null> {
  try {
    const bytes = await readFile(rollbackSnapshotFile(dataDir));
    const newline = bytes.indexOf(0x0a);
    if (newline < 0) return null;
    const header = JSON.parse(bytes.toString('utf8', 0, newline)) as { kind?: unknown; version?: unknown; program?: unknown; point?: unknown; bytes?: unknown; sha256?: unknown };
    if (header.kind !== KIND || header.version !== SNAPSHOT_VERSION || header.program !== programStamp() || !isResumePoint(header.point)) return null;
    const body = bytes.subarray(newline + 1);
    if (body.length !== header.bytes || createHash('sha256').update(body).digest('hex') !== header.sha256) return null;
    return { point: header.point, ledger: ledgerFromJson(JSON.parse(body.toString('utf8'))) };
  } catch {
    return null;
  }
}

/**
 * Saves the ledger of the journal's whole lines up to `end` (both from the same read). Skipped
 * (false) when there is nothing to resume from or the line ending at `end` is not the chain's tip
 * as read (the file changed since, or that line is damaged): the next rollback reads whole.
 */
export async function writeRollbackSnapshot(dataDir: string, journalFile: string, end: JournalEnd, ledger: RollbackLedger): Promise<boolean> {
  if (end.tip === null || end.offset === 0) return false;
  const lastLine = lastLineBefore(journalFile, end.offset);
  if (lastLine === null) return false;
  try {
    const parsed = JSON.parse(lastLine.bytes.toString('utf8')) as { seq?: unknown; hash?: unknown };
    if (parsed.seq !== end.tip.seq || parsed.hash !== end.tip.hash) return false;
  } catch {
    return false;
  }
  const point: JournalResumePoint = {
    offset: end.offset,
    lines: end.lines,
    tip: end.tip,
    ino: end.ino,
    lastLineStart: lastLine.start,
    lastLineSha256: createHash('sha256').update(lastLine.bytes).digest('hex'),
  };
  const body = Buffer.from(JSON.stringify(ledgerToJson(ledger)));
  const header = JSON.stringify({ kind: KIND, version: SNAPSHOT_VERSION, program: programStamp(), point, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
  const file = rollbackSnapshotFile(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, Buffer.concat([Buffer.from(`${header}\n`), body]));
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return true;
}

/** The journal's line that ends at `offset` (its bytes, newline included), or null. */
function lastLineBefore(journalFile: string, offset: number): { start: number; bytes: Buffer } | null {
  const windowStart = Math.max(0, offset - MAX_LINE_WITH_NEWLINE);
  const window = Buffer.alloc(offset - windowStart);
  const fd = openSync(journalFile, 'r');
  try {
    if (readSync(fd, window, 0, window.length, windowStart) !== window.length) return null;
  } finally {
    closeSync(fd);
  }
  if (window[window.length - 1] !== 0x0a) return null;
  // (lastIndexOf counts a negative start from the end: a one-byte window has no earlier newline.)
  const previousNewline = window.length < 2 ? -1 : window.lastIndexOf(0x0a, window.length - 2);
  if (previousNewline < 0 && windowStart > 0) return null;
  const start = previousNewline + 1;
  return { start: windowStart + start, bytes: window.subarray(start) };
}

function isResumePoint(value: unknown): value is JournalResumePoint {
  if (typeof value !== 'object' || value === null) return false;
  const point = value as Record<string, unknown>;
  const tip = point.tip as Record<string, unknown> | null | undefined;
  const count = (field: unknown) => typeof field === 'number' && Number.isSafeInteger(field) && field >= 0;
  return (
    count(point.offset) &&
    count(point.lines) &&
    count(point.lastLineStart) &&
    typeof point.ino === 'number' &&
    typeof point.lastLineSha256 === 'string' &&
    typeof tip === 'object' &&
    tip !== null &&
    count(tip.seq) &&
    typeof tip.hash === 'string'
  );
}
