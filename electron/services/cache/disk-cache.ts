/**
 * A small key → value cache in one file of the workspace's data folder, shared by every
 * process that opens the workspace (the app, any number of CLI runs).
 *
 * The file: a header line `{"format":"release-desk-cache","kind":K,"version":V,"bytes":N,"sha256":H}`
 * then one JSON line per entry `[key, writtenAt, usedAt, value]`. N and H cover the entry lines.
 *  - Readers never see half a file: a writer writes a temp file beside it and renames it over
 *    (rename is atomic on one file system).
 *  - Never trusted blindly: garbage, another kind or version, a length or digest that does not
 *    match (a truncated or edited file), or one entry that fails the value schema discards the
 *    whole file; `discarded` says why, and the next flush writes a good one.
 *  - Concurrent writers: `flush()` re-reads the file and merges it (per key, the later write
 *    wins) before renaming, so two processes flushing at once lose at most the entries one of
 *    them added in that instant, never the file.
 *  - Bounded: entries least recently used are dropped until the file is at most `maxBytes`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

const FORMAT = 'release-desk-cache';

export interface DiskCacheOptions<V> {
  readonly file: string;
  /** What the file holds; a file of another kind is foreign and discarded. */
  readonly kind: string;
  /** The version of the value format; a file of another version is discarded. */
  readonly version: number;
  /** Every value read from disk must pass it, or the file is discarded. */
  readonly schema: z.ZodType<V>;
  /** The most the entry lines may take; least recently used entries go first. */
  readonly maxBytes: number;
  readonly now?: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly writtenAt: number;
  usedAt: number;
}

type FileRead<V> = { readonly kind: 'ok'; readonly entries: Map<string, Entry<V>> } | { readonly kind: 'absent' } | { readonly kind: 'discarded'; readonly reason: string };

export class DiskCache<V> {
  private entries = new Map<string, Entry<V>>();
  /** Keys deleted since the last flush, with when: an older copy on disk must not bring them back. */
  private readonly deleted = new Map<string, number>();
  private dirty = false;
  private discardedReason: string | null = null;
  private readonly now: () => number;

  private constructor(private readonly options: DiskCacheOptions<V>) {
    this.now = options.now ?? Date.now;
  }

  /** Opens the cache: what the file holds, or an empty cache when it is absent or cannot be trusted. */
  static async open<V>(options: DiskCacheOptions<V>): Promise<DiskCache<V>> {
    const cache = new DiskCache(options);
    const read = await cache.readFileEntries();
    if (read.kind === 'ok') cache.entries = read.entries;
    if (read.kind === 'discarded') {
      cache.discardedReason = read.reason;
      cache.dirty = true; // replace it with a good file at the next flush
    }
    return cache;
  }

  /** Why the file on disk was not used when opened; null when it was (or there was none). */
  get discarded(): string | null {
    return this.discardedReason;
  }

  get size(): number {
    return this.entries.size;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) entry.usedAt = this.now();
    return entry?.value;
  }

  set(key: string, value: V): void {
    const at = this.now();
    this.entries.set(key, { value, writtenAt: at, usedAt: at });
    this.deleted.delete(key);
    this.dirty = true;
  }

  delete(key: string): void {
    if (!this.entries.delete(key)) return;
    this.deleted.set(key, this.now());
    this.dirty = true;
  }

  /** Writes what changed since opening (merged with what other processes wrote meanwhile). */
  async flush(): Promise<void> {
    if (!this.dirty) return;
    const onDisk = await this.readFileEntries();
    if (onDisk.kind === 'ok') {
      for (const [key, theirs] of onDisk.entries) {
        const ours = this.entries.get(key);
        const deletedAt = this.deleted.get(key);
        if (deletedAt !== undefined && theirs.writtenAt <= deletedAt) continue;
        if (ours === undefined || theirs.writtenAt > ours.writtenAt) this.entries.set(key, { ...theirs, usedAt: Math.max(theirs.usedAt, ours?.usedAt ?? 0) });
      }
    }
    const lines = this.boundedLines();
    const body = lines.join('');
    const header = { format: FORMAT, kind: this.options.kind, version: this.options.version, bytes: Buffer.byteLength(body), sha256: sha256(body) };
    const { file } = this.options;
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(header)}\n${body}`);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    this.deleted.clear();
    this.dirty = false;
  }

  /** The entry lines, most recently used first, without those that do not fit in maxBytes (dropped here too). */
  private boundedLines(): string[] {
    const byUse = [...this.entries].sort(([, a], [, b]) => b.usedAt - a.usedAt);
    const lines: string[] = [];
    let bytes = 0;
    for (const [key, entry] of byUse) {
      const line = `${JSON.stringify([key, entry.writtenAt, entry.usedAt, entry.value])}\n`;
      const size = Buffer.byteLength(line);
      if (bytes + size > this.options.maxBytes) {
        this.entries.delete(key);
        continue;
      }
      bytes += size;
      lines.push(line);
    }
    return lines;
  }

  private async readFileEntries(): Promise<FileRead<V>> {
    let text: string;
    try {
      text = await readFile(this.options.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
      return { kind: 'discarded', reason: `cannot read ${this.options.file}: ${(error as Error).message}` };
    }
    return this.parse(text);
  }

  private parse(text: string): FileRead<V> {
    const { kind, version, file, schema } = this.options;
    const discarded = (why: string): FileRead<V> => ({ kind: 'discarded', reason: `${file}: ${why}` });
    const newline = text.indexOf('\n');
    if (newline < 0) return discarded('no header line');
    let header: unknown;
    try {
      header = JSON.parse(text.slice(0, newline));
    } catch {
      return discarded('the header is not JSON');
    }
    const h = header as Partial<Record<'format' | 'kind' | 'version' | 'bytes' | 'sha256', unknown>> | null;
    if (typeof h !== 'object' || h === null || h.format !== FORMAT) return discarded('not a Release Desk cache file');
    if (h.kind !== kind || h.version !== version) return discarded(`holds ${String(h.kind)} version ${String(h.version)}, expected ${kind} version ${version}`);
    const body = text.slice(newline + 1);
    if (h.bytes !== Buffer.byteLength(body)) return discarded(`${Buffer.byteLength(body)} bytes of entries, the header says ${String(h.bytes)} (truncated or appended to)`);
    if (h.sha256 !== sha256(body)) return discarded('the entries do not match the header\'s digest');
    const entries = new Map<string, Entry<V>>();
    for (const line of body.split('\n')) {
      if (line === '') continue;
      const parsed = parseEntry(line, schema);
      if (parsed === null) return discarded(`an entry is not what ${kind} version ${version} holds`);
      entries.set(parsed[0], parsed[1]);
    }
    return { kind: 'ok', entries };
  }
}

function parseEntry<V>(line: string, schema: z.ZodType<V>): [string, Entry<V>] | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || raw.length !== 4) return null;
  const [key, writtenAt, usedAt, value] = raw as unknown[];
  if (typeof key !== 'string' || typeof writtenAt !== 'number' || typeof usedAt !== 'number') return null;
  const checked = schema.safeParse(value);
  return checked.success ? [key, { value: checked.data, writtenAt, usedAt }] : null;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
