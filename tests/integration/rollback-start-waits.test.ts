/**
 * What a rollback waits for before its command is spawned. On a loaded machine every trip
 * through libuv's thread pool (an async open, read, realpath, stat…) costs milliseconds, the
 * same syscall made synchronously microseconds; the one wait a rollback must make is the
 * intent's fsync. So between the rollback() call and the spawn, every asynchronous file
 * system call of the service, the journal, the trust and the runner is recorded here (through
 * node:fs and node:fs/promises, and FileHandle's methods), with a real journal that another
 * writer grew since this one last read it (the app: the release service appends, the
 * rollback service reads the tail), a real trust check and a real spawned command.
 */
import * as realFs from 'node:fs';
import * as realFsPromises from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const recorded: string[] = [];
let recording = false;
const note = (name: string) => {
  if (recording) recorded.push(name);
};

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof realFs>();
  const names = ['access', 'open', 'close', 'read', 'write', 'stat', 'lstat', 'fstat', 'fsync', 'fdatasync', 'readFile', 'writeFile', 'appendFile', 'mkdir', 'realpath', 'readdir', 'rename', 'unlink', 'rm', 'truncate', 'ftruncate', 'copyFile'] as const;
  const wrapped: Record<string, unknown> = {};
  for (const name of names) {
    const original = fs[name] as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      note(`fs.${name}`);
      return original(...args);
    };
  }
  return { ...fs, ...wrapped, default: { ...fs, ...wrapped } };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fsp = await importOriginal<typeof realFsPromises>();
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fsp)) {
    if (typeof value !== 'function' || name === 'constants') continue;
    wrapped[name] = (...args: unknown[]) => {
      note(`fs/promises.${name}`);
      return (value as (...args: unknown[]) => unknown)(...args);
    };
  }
  return { ...fsp, ...wrapped, default: { ...fsp, ...wrapped } };
});

const { journalFileFor, openReleaseJournal } = await import('../../electron/services/journal/release-journal');
const { RollbackService } = await import('../../electron/services/rollback/rollback-service');
const { RunningDeploys } = await import('../../electron/services/rollback/running-deploys');
const { trustNamedFolder } = await import('../../electron/services/trust/workspace-trust');
const { CAST } = await import('../fixtures/release-events');
const { createRollbackWorld, switchedStory } = await import('../fixtures/rollback-world');
type RollbackWorld = Awaited<ReturnType<typeof createRollbackWorld>>;

let world: RollbackWorld;
let restoreFileHandle = () => undefined as void;

beforeEach(async () => {
  world = await createRollbackWorld();
  // FileHandle's methods are reached through objects, not the module: recorded on its prototype.
  const probe = await realFsPromises.open(path.join(world.dir, 'release-desk.yml'), 'r');
  const prototype = Object.getPrototypeOf(probe) as Record<string, (...args: unknown[]) => unknown>;
  await probe.close();
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const name of ['read', 'write', 'sync', 'datasync', 'close', 'stat', 'readFile', 'writeFile', 'appendFile', 'truncate']) {
    const original = prototype[name];
    if (typeof original !== 'function') continue;
    originals.set(name, original);
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      note(`FileHandle.${name}`);
      return original.apply(this, args);
    };
  }
  restoreFileHandle = () => {
    for (const [name, original] of originals) prototype[name] = original;
  };
});
afterEach(async () => {
  recording = false;
  restoreFileHandle();
  await world.close();
});

describe('a rollback before its command is spawned', () => {
  it('waits on the thread pool for the intent\'s fsync only: the journal\'s new tail, the trust and the log are read and opened synchronously', async () => {
    await world.appendStory(switchedStory());
    const config = await world.config();
    // The rollback service's own journal, as in the app: it read the file before…
    const journal = openReleaseJournal({ file: journalFileFor(world.dataDir) });
    await journal.read();
    // …and another writer (the release service, a CLI) appended since.
    const grown = await world.journal.append(() => ({ at: new Date().toISOString(), actor: CAST.coordinator, type: 'lock-taken', releaseId: null, environment: 'staging', data: { reason: 'another writer' } }));
    expect(grown.kind).toBe('appended');

    const service = new RollbackService({
      journal,
      config: () => config,
      workspaceDir: world.dir,
      dataDir: world.dataDir,
      identity: async () => CAST.onCall,
      running: new RunningDeploys(path.join(world.dataDir, 'releases', 'running')),
      trust: () => trustNamedFolder(world.dir),
      onSpawned: () => {
        recording = false;
      },
    });
    recorded.length = 0;
    recording = true;
    const outcome = await service.rollback({ environment: 'production' });
    expect(outcome.kind).toBe('rolled-back');
    expect(recording).toBe(false);
    expect(recorded).toEqual(['fs.fsync']);
    // The recorder sees what it should: the same journal's next append is seen too.
    recording = true;
    await journal.append(() => ({ at: new Date().toISOString(), actor: CAST.onCall, type: 'lock-released', releaseId: null, environment: 'staging', data: { reason: 'recorder check' } }));
    recording = false;
    expect(recorded).toEqual(['fs.fsync', 'fs.fsync']);
    expect(realFs.existsSync(journal.file)).toBe(true);
  });
});
