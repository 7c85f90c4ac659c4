/**
 * The outbox on disk: one append-only JSON-lines file (`outbox.jsonl`) of facts about
 * messages — enqueued, attempt started, retry scheduled, delivered, refused, skipped.
 *
 * Why append-only lines rather than an atomically rewritten file: an enqueue is then one
 * small write + fdatasync (no rewrite of every other message, no temp file, no rename and
 * directory fsync), so it stays in the low milliseconds however long the queue is; the app
 * and a CLI process can both append (O_APPEND writes of one line do not interleave on a
 * local disk); and a power loss can only tear the last line, which is terminated and
 * skipped on the next open instead of losing the file. The state of every message is a
 * fold of its lines. The price is growth: a release adds a few dozen lines, so the file is
 * not compacted yet (see docs/team-updates.md).
 *
 * All file work goes through one promise chain, so appends and reads never overlap inside
 * a process; nothing on that chain ever waits on the network.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const OUTBOX_FILE = 'outbox.jsonl';

const base = { v: z.literal(1), id: z.string().min(1), at: z.string() };
export const OutboxRecordSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('enqueued'), message: z.unknown() }),
  /** Written (fsync'ed) before a request is sent: a restart knows the message may have gone out. */
  z.object({ ...base, type: z.literal('attempt') }),
  z.object({ ...base, type: z.literal('retry'), reason: z.string(), nextAttemptAt: z.number(), rateLimited: z.boolean() }),
  z.object({ ...base, type: z.literal('delivered'), facts: z.record(z.string(), z.union([z.string(), z.number()])).optional() }),
  z.object({ ...base, type: z.literal('refused'), reason: z.string() }),
  z.object({ ...base, type: z.literal('skipped'), reason: z.string() }),
]);
export type OutboxRecord = z.infer<typeof OutboxRecordSchema>;

/** A record as written (the version is added here). */
export type NewOutboxRecord = OutboxRecord extends infer R ? (R extends { v: 1 } ? Omit<R, 'v'> : never) : never;

export class OutboxFile {
  readonly path: string;
  private handle: FileHandle | null = null;
  private offset = 0;
  private partial = '';
  private chain: Promise<unknown> = Promise.resolve();
  /** Lines that were not a valid record (a torn write, a hand edit): skipped, counted. */
  unreadableLines = 0;

  constructor(dir: string) {
    this.path = path.join(dir, OUTBOX_FILE);
  }

  /** Appends records as whole lines and waits until they are on disk (fdatasync). */
  append(records: readonly NewOutboxRecord[]): Promise<void> {
    const text = records.map((record) => `${JSON.stringify({ v: 1, ...record })}\n`).join('');
    return this.serial(async () => {
      const handle = await this.opened();
      await handle.appendFile(text, 'utf8');
      await handle.datasync();
    });
  }

  /** The whole records appended since the last call, by this process or any other. */
  readNew(): Promise<OutboxRecord[]> {
    return this.serial(async () => {
      const handle = await this.opened();
      return this.readFrom(handle);
    });
  }

  /** Waits for queued file work, then closes the file. */
  close(): Promise<void> {
    return this.serial(async () => {
      await this.handle?.close();
      this.handle = null;
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async opened(): Promise<FileHandle> {
    if (this.handle !== null) return this.handle;
    await mkdir(path.dirname(this.path), { recursive: true });
    const handle = await open(this.path, 'a+', 0o600);
    // A crash mid-append can leave a line without its newline; terminate it so the next
    // record starts on a line of its own (the torn line is then skipped as unreadable).
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) {
        await handle.appendFile('\n', 'utf8');
        await handle.datasync();
      }
    }
    this.handle = handle;
    return handle;
  }

  private async readFrom(handle: FileHandle): Promise<OutboxRecord[]> {
    const { size } = await handle.stat();
    if (size <= this.offset) return [];
    const buffer = Buffer.alloc(size - this.offset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
    this.offset += bytesRead;
    const text = this.partial + buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.lastIndexOf('\n');
    this.partial = text.slice(end + 1);
    const records: OutboxRecord[] = [];
    for (const line of text.slice(0, end + 1).split('\n')) {
      if (line.trim() === '') continue;
      const parsed = parseLine(line);
      if (parsed === null) this.unreadableLines += 1;
      else records.push(parsed);
    }
    return records;
  }
}

function parseLine(line: string): OutboxRecord | null {
  try {
    const result = OutboxRecordSchema.safeParse(JSON.parse(line));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
