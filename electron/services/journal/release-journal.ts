/**
 * The release journal: one append-only file of hash-chained JSON lines per workspace, the
 * only store of release state (shared/releases/fold-release.ts folds it).
 *
 * Every read and append happens under an exclusive cross-process lock (journal-lock.ts), so
 * the append is the arbiter of races: two windows, or the app and the CLI, planning at once ->
 * one appends, the other's `build` sees the first's event and refuses.
 *
 * The hot path (a rollback's intent must hit the disk fast) keeps the parsed events and the
 * file's size/mtime, and on later appends reads only what other processes added since.
 * Everything on that path is synchronous (stat, the tail's read, open, write) except the
 * fsync: on a loaded machine each thread-pool round trip costs milliseconds, the syscalls
 * themselves microseconds (a whole 1 MB journal is read in about one).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsync, mkdirSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { open, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalEncoding } from '../../../shared/releases/canonical-encoding';
import { GENESIS_HASH } from '../../../shared/releases/release-constants';
import type { EventDraft, JournalEvent } from '../../../shared/releases/release-events';
import { checkIntentDraft, checkStructure } from './journal-fast-check';
import type * as SchemaCheckModule from './journal-schema-check';
import { withFileLock } from './journal-lock';
import { parseJournalBytes, type ChainTip, type DamagedLine, type EventCheck, type TornLine } from './journal-lines';

export type { DamagedLine } from './journal-lines';
export { JournalLockedError } from './journal-lock';

/** How long the journal stays open after an append (appends come in bursts: override, intent, outcome…). */
const APPEND_HANDLE_IDLE_MS = 5_000;

/** A line longer than this is refused: a service bug (an unredacted log?), not a fact. */
export const MAX_LINE_BYTES = 64 * 1024;

export interface ReleaseJournal {
  readonly file: string;
  /**
   * Every whole event in file order; a torn last line (power loss) is reported, not returned;
   * damaged lines before it (not JSON, not an event) are reported and skipped.
   */
  read(): Promise<{ events: readonly JournalEvent[]; torn: { line: number; text: string } | null; damaged: readonly DamagedLine[]; from: number; end: JournalEnd }>;
  /**
   * The one way to write. Under an exclusive cross-process lock: reads the journal, calls
   * `build` with the next seq and every event so far; `build` returns a draft (written:
   * hash-chained, appended, fsync'ed before this resolves) or `{ refused: reason }` (nothing
   * written). A torn last line is first moved aside into `<file>.quarantine-<time>` (never
   * deleted), so the new event follows the last whole one. A damaged line before it is left
   * as it is: the new event chains on the last line's seq and hash as verify reads them.
   */
  append(
    build: (context: { seq: number; events: readonly JournalEvent[]; from: number }) => EventDraft | { refused: string },
  ): Promise<{ kind: 'appended'; event: JournalEvent } | { kind: 'refused'; reason: string }>;
}

export interface ReleaseJournalOptions {
  readonly file: string;
  readonly now?: () => Date;
  /** How long an append waits for another process's lock before failing (default 10 s). */
  readonly lockTimeoutMs?: number;
  /** A lock older than this is stale whoever holds it (default 30 s; appends take ms). */
  readonly staleLockMs?: number;
  /**
   * How lines read are checked: `schema` (default) by the event schemas; `structure` by a
   * hand check of what the folds read (journal-fast-check.ts), so zod is not loaded to read —
   * for the rollback CLI, whose command must start fast. Writes are checked by the schema in
   * both (the `step-started` intent by the hand check in `structure`).
   */
  readonly check?: 'schema' | 'structure';
  /**
   * Start reading at a known point instead of the file's first byte (the rollback CLI's
   * snapshot): `events` (in reads and appends) are then only those after `from` (their `from`
   * says so). Used only when the file is still the same file (inode), at least that long, its
   * line ending at `offset` is byte for byte the one recorded, the next line chains on `tip`
   * and no line after it is damaged; otherwise the file is read whole (`from` 0).
   */
  readonly resume?: JournalResumePoint;
}

/** Where a read of whole lines ended: a point to resume from later. */
export interface JournalEnd {
  /** Bytes of whole lines. */
  readonly offset: number;
  readonly lines: number;
  /** The chain's end (null: an empty journal). */
  readonly tip: ChainTip | null;
  readonly ino: number;
}

export interface JournalResumePoint extends JournalEnd {
  readonly tip: ChainTip;
  /** Where the line ending at `offset` starts, and the SHA-256 (hex) of its bytes, newline included. */
  readonly lastLineStart: number;
  readonly lastLineSha256: string;
}

type SchemaCheck = typeof SchemaCheckModule;
let schemaCheck: Promise<SchemaCheck> | null = null;
/** The zod schemas, loaded on first use only. */
function loadSchemaCheck(): Promise<SchemaCheck> {
  return (schemaCheck ??= import('./journal-schema-check'));
}

/** A service handed the journal something that is not a valid event: nothing was written. */
export class JournalWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalWriteError';
  }
}

export function journalFileFor(workspaceDataDir: string): string {
  return path.join(workspaceDataDir, 'releases.jsonl');
}

interface Snapshot {
  readonly events: JournalEvent[];
  readonly damaged: DamagedLine[];
  /** Where the next append chains on (null: an empty journal). */
  readonly tip: ChainTip | null;
  readonly torn: TornLine | null;
  /** Bytes of whole lines (== size when nothing is torn). */
  readonly wholeBytes: number;
  readonly lines: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  /** The byte offset `events` start at (0, or the resume point's). */
  readonly from: number;
}

const EMPTY: Snapshot = { events: [], damaged: [], tip: null, torn: null, wholeBytes: 0, lines: 0, size: 0, mtimeMs: 0, ino: -1, from: 0 };

export function openReleaseJournal(options: ReleaseJournalOptions): ReleaseJournal {
  const { file } = options;
  const now = options.now ?? (() => new Date());
  const lockOptions = { timeoutMs: options.lockTimeoutMs ?? 10_000, staleMs: options.staleLockMs ?? 30_000, now };
  const lockFile = `${file}.lock`;
  const structural = options.check === 'structure';
  const lineCheck = async (): Promise<EventCheck> => (structural ? checkStructure : (await loadSchemaCheck()).checkWithSchema);
  let cache: Snapshot | null = null;
  // Tried once, on the first read of the file.
  let resume = options.resume ?? null;
  let folderReady = false;
  // In-process queue: callers of one journal wait for each other here instead of polling the lock.
  let queue: Promise<unknown> = Promise.resolve();

  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      if (!folderReady) {
        mkdirSync(path.dirname(file), { recursive: true });
        folderReady = true;
      }
      return withFileLock(lockFile, lockOptions, work);
    });
    queue = run.catch(() => undefined);
    return run;
  };

  /** The file as it is now, from the cache when unchanged, reading only the tail when grown. */
  const load = async (): Promise<Snapshot> => {
    // Synchronous: one stat decides whether the cached fold is still the file (the hot path).
    const stats = statSync(file, { throwIfNoEntry: false }) ?? null;
    if (stats === null) return (cache = EMPTY);
    const known = cache;
    if (known !== null && known.ino === stats.ino && known.size === stats.size && known.mtimeMs === stats.mtimeMs) return known;
    if (resume !== null) {
      const point = resume;
      resume = null;
      const resumed = resumeAt(file, point, stats, await lineCheck());
      if (resumed !== null) return (cache = resumed);
    }
    if (known !== null && known.ino === stats.ino && known.torn === null && stats.size > known.size) {
      const tail = readRange(file, known.size, stats.size - known.size);
      const chunk = parseJournalBytes(tail, known.size, known.lines, known.tip, await lineCheck());
      if (chunk.damaged.length === 0 && continues(known.tip, chunk.events)) {
        return (cache = {
          events: [...known.events, ...chunk.events],
          damaged: known.damaged,
          tip: chunk.tip,
          torn: chunk.torn,
          wholeBytes: chunk.torn?.offset ?? stats.size,
          lines: known.lines + chunk.lines,
          size: stats.size,
          mtimeMs: stats.mtimeMs,
          ino: stats.ino,
          from: known.from,
        });
      }
    }
    const bytes = readFileSync(file);
    const chunk = parseJournalBytes(bytes, 0, 0, null, await lineCheck());
    return (cache = {
      events: chunk.events,
      damaged: chunk.damaged,
      tip: chunk.tip,
      torn: chunk.torn,
      wholeBytes: chunk.torn?.offset ?? bytes.length,
      lines: chunk.lines,
      size: bytes.length,
      mtimeMs: stats.mtimeMs,
      ino: stats.ino,
      from: 0,
    });
  };

  // The file stays open between appends that follow each other closely (a rollback's intent
  // right after its override, or the warm read). Reused only while it is still the file's
  // inode; closed when idle.
  let kept: { readonly fd: number; readonly ino: number; idle: NodeJS.Timeout } | null = null;
  const dropAppendHandle = () => {
    if (kept === null) return;
    clearTimeout(kept.idle);
    closeQuietly(kept.fd);
    kept = null;
  };
  const appendHandle = (ino: number): number => {
    if (kept !== null && kept.ino === ino) {
      clearTimeout(kept.idle);
      return kept.fd;
    }
    dropAppendHandle();
    return openSync(file, 'a');
  };
  const keepAppendHandle = (fd: number, ino: number) => {
    if (kept !== null && kept.fd !== fd) dropAppendHandle();
    const idle = setTimeout(dropAppendHandle, APPEND_HANDLE_IDLE_MS);
    idle.unref();
    kept = { fd, ino, idle };
  };

  /** Moves a torn last line aside (kept for the audit) so appends continue after the last whole event. */
  const quarantine = async (snapshot: Snapshot, torn: TornLine): Promise<Snapshot> => {
    const aside = `${file}.quarantine-${now().toISOString().replace(/[:.]/g, '-')}`;
    await writeFile(aside, `line ${torn.line} of ${path.basename(file)}, torn (moved aside before appending):\n${torn.text}\n`, { flag: 'wx' });
    await syncFile(aside);
    await truncate(file, torn.offset);
    await syncFile(file);
    const stats = statSync(file);
    return (cache = { ...snapshot, torn: null, wholeBytes: torn.offset, size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino });
  };

  return {
    file,
    read: () =>
      exclusive(async () => {
        const snapshot = await load();
        return {
          events: snapshot.events.slice(),
          torn: snapshot.torn === null ? null : { line: snapshot.torn.line, text: snapshot.torn.text },
          damaged: snapshot.damaged.slice(),
          from: snapshot.from,
          end: { offset: snapshot.wholeBytes, lines: snapshot.lines, tip: snapshot.tip, ino: snapshot.ino },
        };
      }),
    append: (build) =>
      exclusive(async () => {
        let snapshot = await load();
        const seq = (snapshot.tip?.seq ?? 0) + 1;
        const draft = build({ seq, events: snapshot.events.slice(), from: snapshot.from });
        if ('refused' in draft) return { kind: 'refused' as const, reason: draft.refused };
        const event = await seal(draft, seq, snapshot.tip?.hash ?? GENESIS_HASH, structural);
        const line = `${JSON.stringify(event)}\n`;
        const bytes = Buffer.byteLength(line);
        if (bytes > MAX_LINE_BYTES) {
          throw new JournalWriteError(`A ${event.type} event of ${bytes} bytes is longer than the journal's ${MAX_LINE_BYTES}-byte limit; nothing was written.`);
        }
        if (snapshot.torn !== null) snapshot = await quarantine(snapshot, snapshot.torn);
        const created = snapshot.ino === -1;
        // The write itself is synchronous (into the page cache, microseconds); only the fsync,
        // the one wait that makes the intent durable, leaves the thread.
        const fd = appendHandle(snapshot.ino);
        let stats;
        try {
          writeSync(fd, line);
          await fsyncFd(fd);
          stats = fstatSync(fd);
        } catch (error) {
          if (kept?.fd === fd) dropAppendHandle();
          else closeQuietly(fd);
          throw error;
        }
        keepAppendHandle(fd, stats.ino);
        // A new file's name must survive a power loss too: its folder's entry is fsync'ed once.
        if (created) await syncFile(path.dirname(file));
        cache = {
          events: [...snapshot.events, event],
          damaged: snapshot.damaged,
          tip: { seq: event.seq, hash: event.hash },
          torn: null,
          wholeBytes: snapshot.wholeBytes + bytes,
          lines: snapshot.lines + 1,
          size: stats.size,
          mtimeMs: stats.mtimeMs,
          ino: stats.ino,
          from: snapshot.from,
        };
        // Another process may have grown the file between our snapshot and now only if the lock failed.
        if (stats.size !== snapshot.wholeBytes + bytes) cache = null;
        return { kind: 'appended' as const, event };
      }),
  };
}

/** Fills seq, prev and hash, and refuses anything the schema refuses (a service bug must not corrupt the journal). */
async function seal(draft: EventDraft, seq: number, prev: string, structural: boolean): Promise<JournalEvent> {
  if (draft.type === 'planned' && draft.releaseId !== `r${seq}`) {
    throw new JournalWriteError(`A planned event must have releaseId r${seq} (its seq), not ${String(draft.releaseId)}; nothing was written.`);
  }
  // Validated first (with a placeholder hash), then hashed as parsed: what the schema
  // normalises (a trimmed reason) is what the hash covers and what is written.
  const candidate = { ...draft, seq, prev, hash: GENESIS_HASH };
  const checked = (structural ? checkIntentDraft(candidate) : null) ?? (await loadSchemaCheck()).validateDraft(candidate);
  if (!checked.ok) throw new JournalWriteError(`Refused to write an invalid ${String(draft.type)} event (${checked.problems}); nothing was written.`);
  const valid = checked.event;
  // A readable key order in the file; the hash does not depend on key order.
  const unsealed = { seq, at: valid.at, actor: valid.actor, type: valid.type, releaseId: valid.releaseId, environment: valid.environment, data: valid.data, prev };
  const hash = createHash('sha256').update(canonicalEncoding(unsealed)).digest('hex');
  return { ...unsealed, hash } as JournalEvent;
}

function continues(tip: ChainTip | null, added: readonly JournalEvent[]): boolean {
  const first = added[0];
  if (first === undefined) return true;
  return tip === null ? first.seq === 1 : first.seq === tip.seq + 1 && first.prev === tip.hash;
}

/**
 * The journal from a resume point, or null when anything is unsure (another file, shorter, the
 * line at the point changed, the next line not chained on it, a damaged line after it): then
 * the caller reads the file whole.
 */
function resumeAt(file: string, point: JournalResumePoint, stats: { ino: number; size: number; mtimeMs: number }, check: EventCheck): Snapshot | null {
  const lastLineBytes = point.offset - point.lastLineStart;
  if (stats.ino !== point.ino || stats.size < point.offset || point.lastLineStart < 0 || lastLineBytes < 1 || lastLineBytes > MAX_LINE_BYTES + 1) return null;
  const bytes = readRange(file, point.lastLineStart, stats.size - point.lastLineStart);
  if (bytes.length !== stats.size - point.lastLineStart || bytes[lastLineBytes - 1] !== 0x0a) return null;
  if (createHash('sha256').update(bytes.subarray(0, lastLineBytes)).digest('hex') !== point.lastLineSha256) return null;
  const chunk = parseJournalBytes(bytes.subarray(lastLineBytes), point.offset, point.lines, point.tip, check);
  if (chunk.damaged.length > 0 || !continues(point.tip, chunk.events)) return null;
  return {
    events: chunk.events,
    damaged: [],
    tip: chunk.tip,
    torn: chunk.torn,
    wholeBytes: chunk.torn?.offset ?? stats.size,
    lines: point.lines + chunk.lines,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    ino: stats.ino,
    from: point.offset,
  };
}

function readRange(file: string, position: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const bytesRead = readSync(fd, buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    closeSync(fd);
  }
}

/** The one wait of an append, off the thread: the line is on the disk when it resolves. */
function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error === null ? resolve() : reject(error))));
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to release.
  }
}

async function syncFile(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
