/**
 * An exclusive lock across processes (two app windows, the app and the CLI) for the release
 * journal: a lock file created with O_EXCL holding who took it. Held only for one read +
 * append (milliseconds), so waiters poll with a short backoff.
 *
 * A lock is stale when its owner is a dead process on this host, or when it is older than
 * `staleMs` (an owner on another host sharing the folder, or a frozen one). A stale lock is
 * renamed aside (rename is atomic: of two processes judging the same lock stale, one wins)
 * and its content checked again, so a fresh lock taken in between is put back, not stolen.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { link, readFile, rename, stat, unlink } from 'node:fs/promises';
import { isProcessAlive } from '../runner/process-group';

export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly at: string;
}

export interface LockOptions {
  /** Give up after this long, naming who holds the lock. */
  readonly timeoutMs: number;
  readonly staleMs: number;
  readonly now: () => Date;
}

export class JournalLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly owner: LockOwner | null,
    waitedMs: number,
  ) {
    super(
      `The release journal is locked by ${owner === null ? 'an unknown process' : `process ${owner.pid} on ${owner.hostname} since ${owner.at}`} ` +
        `(waited ${waitedMs} ms; lock file ${lockFile}). If that process is gone, delete the lock file.`,
    );
    this.name = 'JournalLockedError';
  }
}

/** Takes the lock, runs `work`, releases the lock whatever `work` did. */
export async function withFileLock<T>(lockFile: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const token = await acquire(lockFile, options);
  const taken = Date.now();
  try {
    return await work();
  } finally {
    release(lockFile, token, Date.now() - taken < Math.min(options.staleMs, OWNERLESS_LOCK_STALE_MS) / 2);
  }
}

async function acquire(lockFile: string, options: LockOptions): Promise<string> {
  const started = Date.now();
  let delay = 1;
  for (;;) {
    const owner: LockOwner = { pid: process.pid, hostname: hostname(), at: options.now().toISOString() };
    const token = JSON.stringify(owner);
    // Synchronous on purpose: a tiny file, no fsync (the lock need not survive a power loss),
    // microseconds here against a thread-pool round trip per call on a loaded machine.
    if (tryCreate(lockFile, token)) return token;
    const held = await readOwner(lockFile);
    if (held !== undefined && (await isStale(lockFile, held.owner, options))) {
      await breakStaleLock(lockFile, held.text);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) throw new JournalLockedError(lockFile, held?.owner ?? null, waited);
    await sleep(Math.min(delay, options.timeoutMs - waited));
    delay = Math.min(delay * 2, 25);
  }
}

function tryCreate(lockFile: string, token: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, token);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Only our own lock is removed. A lock is broken by others only when its owner is dead or it
 * is older than the stale time (an empty one: 2 s), so one held for less than half of that
 * is still ours without reading it back; a longer hold checks that it was not broken meanwhile.
 */
function release(lockFile: string, token: string, brief: boolean): void {
  try {
    if (brief || readFileSync(lockFile, 'utf8') === token) unlinkSync(lockFile);
  } catch (error) {
    ignoreMissing(error);
  }
}

/** The lock's owner; undefined when the lock vanished; owner null when unreadable (being written). */
async function readOwner(lockFile: string): Promise<{ text: string; owner: LockOwner | null } | undefined> {
  let text: string;
  try {
    text = await readFile(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string' && typeof parsed.at === 'string') {
      return { text, owner: { pid: parsed.pid, hostname: parsed.hostname, at: parsed.at } };
    }
  } catch {
    // Being written right now (created, content not yet there), or garbage: judged by age below.
  }
  return { text, owner: null };
}

/** How long a lock file may stay without its owner's name before it is judged abandoned. */
const OWNERLESS_LOCK_STALE_MS = 2_000;

async function isStale(lockFile: string, owner: LockOwner | null, options: LockOptions): Promise<boolean> {
  if (owner === null) {
    // Empty (its owner is writing it, or died right after creating it) or garbage: by age. An
    // owner writes its name microseconds after creating the file, so an empty lock this old is
    // a process killed in between — it must not hold a rollback back for the full stale time.
    const modified = await stat(lockFile).then((stats) => stats.mtimeMs, () => null);
    return modified !== null && options.now().getTime() - modified > Math.min(options.staleMs, OWNERLESS_LOCK_STALE_MS);
  }
  if (owner.hostname === hostname() && owner.pid !== process.pid && !isProcessAlive(owner.pid)) return true;
  const age = options.now().getTime() - Date.parse(owner.at);
  return Number.isFinite(age) && age > options.staleMs;
}

async function breakStaleLock(lockFile: string, staleText: string): Promise<void> {
  const aside = `${lockFile}.stale-${process.pid}-${Date.now()}`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else broke it
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  if (moved !== staleText) {
    // A fresh lock was taken between our read and the rename: hand it back unless the slot
    // was taken again meanwhile (link, unlike rename, never replaces an existing file).
    await link(aside, lockFile).catch(() => undefined);
    await unlink(aside).catch(ignoreMissing);
    return;
  }
  await unlink(aside).catch(ignoreMissing);
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
