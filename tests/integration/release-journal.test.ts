/**
 * The release journal on real files, with real child processes contending for its lock.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import type * as FsModule from 'node:fs';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { JournalLockedError, JournalWriteError, MAX_LINE_BYTES, journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { canonicalEncoding } from '../../shared/releases/canonical-encoding';
import { verifyJournalFile } from '../../electron/services/audit/verify-journal-file';
import { GENESIS_HASH, type EventDraft, type JournalEvent } from '../../shared/releases/release-events';
import { releaseStory, storyAt } from '../fixtures/release-events';
import { buildChildScript } from './support/build-child';

// The journal's fsync, observed: what the file holds when it completes (durability before resolve).
const fsyncWatch = vi.hoisted(() => ({ after: null as (() => void) | null }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof FsModule>();
  const fsync = (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) =>
    fs.fsync(fd, (error) => {
      fsyncWatch.after?.();
      callback(error);
    });
  return { ...fs, fsync, default: { ...fs, fsync } };
});

const root = path.resolve(import.meta.dirname, '../..');
let childScript: string;
let dir: string;

beforeAll(async () => {
  childScript = await buildChildScript('journal-appender');
});

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'release-journal-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

let counter = 0;
const freshFile = (): string => journalFileFor(path.join(dir, `workspace-${++counter}`));

/** Every line parses, seq runs 1..n with no gap, each prev is the previous hash and each hash is right. */
function expectIntactChain(file: string): JournalEvent[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  expect(lines.pop()).toBe('');
  const events = lines.map((line) => JSON.parse(line) as JournalEvent);
  let prev = GENESIS_HASH;
  events.forEach((event, index) => {
    expect(event.seq).toBe(index + 1);
    expect(event.prev).toBe(prev);
    expect(event.hash).toBe(createHash('sha256').update(canonicalEncoding(event)).digest('hex'));
    prev = event.hash;
  });
  return events;
}

function startChild(args: readonly string[]): { child: ChildProcess; ready: Promise<void>; result: Promise<unknown> } {
  const child = spawn(process.execPath, [childScript, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const result = new Promise<unknown>((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.split('\n')[1] ?? 'null')) : reject(new Error(`child exited ${String(code)}: ${err}`)))),
  );
  return { child, ready, result };
}

/** Starts the children, waits until each is ready, then says go to all at once. */
async function race(argsList: readonly (readonly string[])[]): Promise<unknown[]> {
  const children = argsList.map((args) => startChild(args));
  await Promise.all(children.map((entry) => entry.ready));
  for (const entry of children) entry.child.stdin?.end('go\n');
  return Promise.all(children.map((entry) => entry.result));
}

const lockDraft = (reason: string): EventDraft => ({ at: '2026-11-20T14:00:00.000Z', actor: 'alice', type: 'lock-taken', releaseId: null, environment: 'production', data: { reason } });

describe('release journal across processes', () => {
  it('two processes appending 200 events each at once: 400 events, seq 1..400, chain intact', async () => {
    const file = freshFile();
    const results = await race([
      ['append', file, 'one', '200'],
      ['append', file, 'two', '200'],
    ]);
    expect(results).toEqual([{ appended: 200 }, { appended: 200 }]);
    const events = expectIntactChain(file);
    expect(events).toHaveLength(400);
    for (const name of ['one', 'two']) {
      const reasons = events.filter((event) => event.actor === name).map((event) => (event.data as { reason: string }).reason);
      expect(reasons).toEqual(Array.from({ length: 200 }, (_, index) => `${name} #${index}`));
    }
    // Whether the two interleave is up to the scheduler (one may hold the lock in a row); without
    // the lock this test loses and duplicates seqs (seen failing with the lock bypassed).
    expect(existsSync(`${file}.lock`)).toBe(false);
  }, 120_000);

  it('two processes planning at once: exactly one planned event, the other refused naming it', async () => {
    const file = freshFile();
    const results = (await race([
      ['plan', file, 'alice'],
      ['plan', file, 'bob'],
    ])) as { kind: string; reason?: string; event?: JournalEvent }[];
    expect(results.map((result) => result.kind).sort()).toEqual(['appended', 'refused']);
    const events = expectIntactChain(file);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'planned', releaseId: 'r1' });
    expect(results.find((result) => result.kind === 'refused')?.reason).toBe(`production already has release r1 by ${events[0]?.actor}`);
  }, 60_000);
});

describe('release journal: append', () => {
  it('chains, numbers and hashes what build returns, and build sees every event so far', async () => {
    const journal = openReleaseJournal({ file: freshFile() });
    const seen: number[] = [];
    for (const draft of storyAt('done').drafts) {
      const result = await journal.append(({ seq, events }) => {
        seen.push(events.length);
        expect(seq).toBe(events.length + 1);
        return draft;
      });
      expect(result.kind).toBe('appended');
    }
    const events = expectIntactChain(journal.file);
    expect(events.map((event) => event.type)).toEqual(storyAt('done').events.map((event) => event.type));
    // Same content as the fixture's own chain: the fixture is a faithful journal.
    expect(events).toEqual(storyAt('done').events);
    expect(seen).toEqual(events.map((_, index) => index));
    expect((await journal.read()).events).toEqual(events);
  });

  it('a refusal writes nothing', async () => {
    const journal = openReleaseJournal({ file: freshFile() });
    expect(await journal.append(() => ({ refused: 'no' }))).toEqual({ kind: 'refused', reason: 'no' });
    expect(existsSync(journal.file)).toBe(false);
  });

  it('refuses an invalid draft, a planned id that is not r<seq>, and a line over 64 KiB, writing nothing', async () => {
    const journal = openReleaseJournal({ file: freshFile() });
    await journal.append(() => lockDraft('first'));
    const before = readFileSync(journal.file, 'utf8');
    await expect(journal.append(() => ({ ...lockDraft('xyz'), data: { reason: ' ' } }) as EventDraft)).rejects.toThrow(/invalid lock-taken event \(data\.reason: a written reason is required/);
    const planned = releaseStory().plan().drafts[0] as EventDraft;
    await expect(journal.append(() => planned)).rejects.toThrow(/releaseId r2 \(its seq\), not r1/);
    const huge = { ...lockDraft('xyz'), type: 'release-notes', releaseId: 'r1', data: { commits: Array.from({ length: 200 }, () => ({ sha: 'a'.repeat(40), subject: 's'.repeat(400), author: 'alice' })) } } as EventDraft;
    await expect(journal.append(() => huge)).rejects.toThrow(new RegExp(`longer than the journal's ${MAX_LINE_BYTES}-byte limit`));
    await expect(journal.append(() => lockDraft('xyz'))).resolves.toMatchObject({ kind: 'appended', event: { seq: 2 } });
    expect(readFileSync(journal.file, 'utf8').startsWith(before)).toBe(true);
    expect(JournalWriteError.name).toBe('JournalWriteError');
  });

  it('the line is fsync-ed before append resolves', async () => {
    const file = freshFile();
    const journal = openReleaseJournal({ file });
    await journal.append(() => lockDraft('creates the file'));
    const order: string[] = [];
    fsyncWatch.after = () => order.push(readFileSync(file, 'utf8').includes('"durable"') ? 'sync after write' : 'sync before write');
    try {
      await journal.append(() => lockDraft('durable'));
    } finally {
      fsyncWatch.after = null;
    }
    order.push('resolved');
    expect(order).toEqual(['sync after write', 'resolved']);
  });

  it('sees what another journal instance (another window) appended, reading only the tail', async () => {
    const file = freshFile();
    const first = openReleaseJournal({ file });
    const second = openReleaseJournal({ file });
    await first.append(() => lockDraft('one'));
    await second.append(() => lockDraft('two'));
    const result = await first.append(({ events }) => lockDraft(`after ${events.length}`));
    expect(result).toMatchObject({ kind: 'appended', event: { seq: 3, data: { reason: 'after 2' } } });
    expectIntactChain(file);
  });
});

describe('release journal: a torn last line', () => {
  async function journalWithTornTail(tail: string) {
    const file = freshFile();
    const journal = openReleaseJournal({ file, now: () => new Date('2026-11-20T15:00:00.000Z') });
    for (const draft of storyAt('exercising').drafts.slice(0, 3)) await journal.append(() => draft);
    appendFileSync(file, tail);
    return { file, reopened: openReleaseJournal({ file, now: () => new Date('2026-11-20T15:00:00.000Z') }) };
  }

  it('is reported and excluded; the next append moves it aside and continues after the last whole event', async () => {
    const tail = '{"seq":4,"at":"2026-11-20T14:03:00.000Z","actor":"al';
    const { file, reopened } = await journalWithTornTail(tail);
    const read = await reopened.read();
    expect(read.events).toHaveLength(3);
    expect(read.torn).toEqual({ line: 4, text: tail });
    const result = await reopened.append(() => lockDraft('after the power loss'));
    expect(result).toMatchObject({ kind: 'appended', event: { seq: 4, prev: read.events[2]?.hash } });
    expect(expectIntactChain(file)).toHaveLength(4);
    const quarantined = readdirSync(path.dirname(file)).filter((name) => name.startsWith('releases.jsonl.quarantine-'));
    expect(quarantined).toEqual(['releases.jsonl.quarantine-2026-11-20T15-00-00-000Z']);
    expect(readFileSync(path.join(path.dirname(file), quarantined[0] ?? ''), 'utf8')).toContain(tail);
    expect((await reopened.read()).torn).toBeNull();
  });

  it('a last line that is whole but not JSON is torn too', async () => {
    const { reopened } = await journalWithTornTail('{"seq":4,"at":\n');
    expect((await reopened.read()).torn).toEqual({ line: 4, text: '{"seq":4,"at":' });
  });

  it('an unparsable line in the middle is reported and skipped; appends go on after the last line; nothing is rewritten', async () => {
    const { file } = await journalWithTornTail('garbage\n');
    const fourth = storyAt('exercising').events[3];
    appendFileSync(file, `${JSON.stringify(fourth)}\n`);
    const before = readFileSync(file, 'utf8');
    const journal = openReleaseJournal({ file });
    const read = await journal.read();
    expect(read.events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(read.damaged).toEqual([{ line: 4, detail: 'not JSON ("garbage")' }]);
    expect(read.torn).toBeNull();
    const result = await journal.append(() => lockDraft('releases go on'));
    expect(result).toMatchObject({ kind: 'appended', event: { seq: 5, prev: fourth?.hash } });
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    // Verify names the damaged line and nothing else: the append chained where verify resumes.
    const verified = await verifyJournalFile(file);
    expect(verified.problems).toEqual([expect.objectContaining({ kind: 'not-json', line: 4 })]);
    expect(verified.head).toMatchObject({ seq: 5 });
  });

  it('a line that is JSON but not an event (a newer app may have written it) is skipped; the next append chains on its seq and hash', async () => {
    const foreign = { seq: 4, type: 'deployed', hash: 'a'.repeat(64) };
    const { file } = await journalWithTornTail(`${JSON.stringify(foreign)}\n`);
    const journal = openReleaseJournal({ file });
    const read = await journal.read();
    expect(read.events).toHaveLength(3);
    expect(read.damaged).toEqual([{ line: 4, detail: expect.stringMatching(/^not a journal event \(type: /) }]);
    const result = await journal.append(() => lockDraft('after a foreign line'));
    expect(result).toMatchObject({ kind: 'appended', event: { seq: 5, prev: foreign.hash } });
    const verified = await verifyJournalFile(file);
    expect(verified.problems).toEqual([expect.objectContaining({ kind: 'not-an-event', line: 4, seq: 4 })]);
  });

  it('a damaged line appended by another process is seen on the next read (the tail read does not skip it)', async () => {
    const file = freshFile();
    const journal = openReleaseJournal({ file });
    for (const draft of storyAt('exercising').drafts.slice(0, 2)) await journal.append(() => draft);
    appendFileSync(file, 'garbage\n');
    appendFileSync(file, `${JSON.stringify(storyAt('exercising').events[2])}\n`);
    const read = await journal.read();
    expect(read.damaged).toEqual([{ line: 3, detail: 'not JSON ("garbage")' }]);
    expect(read.events.map((event) => event.seq)).toEqual([1, 2, 3]);
    await expect(journal.append(() => lockDraft('still releasing'))).resolves.toMatchObject({ kind: 'appended', event: { seq: 4 } });
  });
});

describe('release journal: the lock', () => {
  it('breaks a stale lock left by a dead process on this host', async () => {
    const file = freshFile();
    mkdirSync(path.dirname(file), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: Number(dead.stdout), hostname: hostname(), at: new Date().toISOString() }));
    const journal = openReleaseJournal({ file, lockTimeoutMs: 2000 });
    await expect(journal.append(() => lockDraft('after a crash'))).resolves.toMatchObject({ kind: 'appended' });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('breaks an empty lock (its creator killed before writing its name) within seconds, not the full stale time', async () => {
    const file = freshFile();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.lock`, '');
    const journal = openReleaseJournal({ file, lockTimeoutMs: 6000, staleLockMs: 30_000 });
    const started = Date.now();
    await expect(journal.append(() => lockDraft('after a kill mid-lock'))).resolves.toMatchObject({ kind: 'appended' });
    // A live creator writes its name in microseconds: an empty lock over 2 s old is abandoned.
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('breaks a lock older than the bound whoever holds it', async () => {
    const file = freshFile();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 1, hostname: 'laptop-of-bob', at: '2026-11-20T13:00:00.000Z' }));
    const journal = openReleaseJournal({ file, lockTimeoutMs: 2000, staleLockMs: 30_000 });
    await expect(journal.append(() => lockDraft('an hour later'))).resolves.toMatchObject({ kind: 'appended' });
  });

  it('waits for a live holder, then fails naming who holds it', async () => {
    const file = freshFile();
    mkdirSync(path.dirname(file), { recursive: true });
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(`${file}.lock`, JSON.stringify({ pid: holder.pid, hostname: hostname(), at: new Date().toISOString() }));
      const journal = openReleaseJournal({ file, lockTimeoutMs: 300 });
      const attempt = journal.append(() => lockDraft('blocked'));
      await expect(attempt).rejects.toThrow(JournalLockedError);
      await expect(attempt).rejects.toThrow(new RegExp(`locked by process ${String(holder.pid)} on ${hostname()} since`));
      expect(existsSync(file)).toBe(false);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
