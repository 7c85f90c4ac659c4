/**
 * The CLI rollback's snapshot of the journal (rollback-snapshot.ts): the journal is read from
 * the snapshot's point on only when it is surely the same journal there, and every unsure case
 * reads it whole, with the same facts either way. Then the built CLI: the snapshot is written
 * after the command was spawned (never before), the next rollback starts from it and restores
 * production, and it holds no token. Real files, a real journal and real CLI processes.
 * The CLI part needs `npm run build`.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, copyFile, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { foldLedger, ledgerFromJson } from '../../electron/services/rollback/journal-ledger';
import { LedgerCache } from '../../electron/services/rollback/ledger-cache';
import { journalFacts } from '../../electron/services/rollback/rollback-plan';
import { readRollbackSnapshot, rollbackSnapshotFile, SNAPSHOT_VERSION, writeRollbackSnapshot } from '../../electron/services/rollback/rollback-snapshot';
import type { EventDraft } from '../../shared/releases/release-events';
import { CAST, PREVIOUS_SHA, RELEASE_SHA, releaseStory } from '../fixtures/release-events';
import { createRollbackWorld, switchedStory, type RollbackWorld } from '../fixtures/rollback-world';

const execFileAsync = promisify(execFile);
let world: RollbackWorld;
beforeEach(async () => {
  world = await createRollbackWorld();
});
afterEach(async () => {
  await world.close();
});

const journalFile = () => journalFileFor(world.dataDir);

/** Released and rolled back `count` times, then one release being watched: a journal with a history. */
async function history(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await world.appendStory(switchedStory().verdict('faulty').rollback().unlock());
  }
  await world.appendStory(switchedStory());
}

/** Saves the snapshot of the journal as it is now, as the CLI does after a rollback. */
async function saveSnapshot(): Promise<number> {
  const read = await openReleaseJournal({ file: journalFile() }).read();
  expect(await writeRollbackSnapshot(world.dataDir, journalFile(), read.end, foldLedger(read.events))).toBe(true);
  return read.end.offset;
}

/** A new process's read: from the snapshot when there is one that fits, and the facts it gives. */
async function readAsTheCli() {
  const snapshot = await readRollbackSnapshot(world.dataDir);
  const journal = openReleaseJournal({ file: journalFile(), check: 'structure', ...(snapshot === null ? {} : { resume: snapshot.point }) });
  const read = await journal.read();
  const ledger = new LedgerCache(snapshot === null ? null : { from: snapshot.point.offset, ledger: snapshot.ledger }).of(read);
  const whole = await openReleaseJournal({ file: journalFile() }).read();
  return { snapshot, read, facts: journalFacts(ledger, 'production', undefined), wholeFacts: journalFacts(foldLedger(whole.events), 'production', undefined) };
}

const unlockDraft = (): EventDraft => ({ at: new Date().toISOString(), actor: CAST.onCall, type: 'lock-released', releaseId: null, environment: 'production', data: { reason: 'the cause is fixed' } }) as EventDraft;

describe('resuming the journal at the snapshot', () => {
  it('reads only the lines added after the snapshot, with the facts of the whole journal', async () => {
    await history(5);
    const offset = await saveSnapshot();
    const unchanged = await readAsTheCli();
    expect(unchanged.read.from).toBe(offset);
    expect(unchanged.read.events).toEqual([]);
    expect(unchanged.facts).toEqual(unchanged.wholeFacts);

    const watched = unchanged.facts.environment.activeReleaseId;
    expect(watched).not.toBeNull();
    await world.journal.append(() => ({ at: new Date().toISOString(), actor: CAST.coordinator, type: 'verdict', releaseId: watched, environment: 'production', data: { verdict: 'faulty' } }) as EventDraft);
    await world.journal.append(unlockDraft);
    const grown = await readAsTheCli();
    expect(grown.read.from).toBe(offset);
    expect(grown.read.events.map((event) => event.type)).toEqual(['verdict', 'lock-released']);
    expect(grown.facts).toEqual(grown.wholeFacts);
    expect(grown.facts.active?.id).toBe(watched);
    expect(grown.facts.target.target?.sha).toBe(PREVIOUS_SHA);
  });

  it('has no snapshot to use when there is none, it is damaged, or of another format version', async () => {
    await history(2);
    expect(await readRollbackSnapshot(world.dataDir)).toBeNull();
    await saveSnapshot();
    const file = rollbackSnapshotFile(world.dataDir);
    const good = await readFile(file);
    expect(await readRollbackSnapshot(world.dataDir)).not.toBeNull();

    const flipped = Buffer.from(good);
    flipped[flipped.length - 20] = flipped[flipped.length - 20] === 0x61 ? 0x62 : 0x61;
    await writeFile(file, flipped);
    expect(await readRollbackSnapshot(world.dataDir)).toBeNull();

    await writeFile(file, good.subarray(0, good.length - 100));
    expect(await readRollbackSnapshot(world.dataDir)).toBeNull();

    const newline = good.indexOf(0x0a);
    const header = JSON.parse(good.toString('utf8', 0, newline)) as { version: number };
    await writeFile(file, Buffer.concat([Buffer.from(JSON.stringify({ ...header, version: SNAPSHOT_VERSION + 1 })), good.subarray(newline)]));
    expect(await readRollbackSnapshot(world.dataDir)).toBeNull();
    // Written by another build of the program.
    await writeFile(file, Buffer.concat([Buffer.from(JSON.stringify({ ...header, program: 'another build' })), good.subarray(newline)]));
    expect(await readRollbackSnapshot(world.dataDir)).toBeNull();
    // The same header as written is used (so the two refusals above are the header's doing).
    await writeFile(file, Buffer.concat([Buffer.from(JSON.stringify(header)), good.subarray(newline)]));
    expect(await readRollbackSnapshot(world.dataDir)).not.toBeNull();

    await writeFile(file, 'not a snapshot');
    expect(await readRollbackSnapshot(world.dataDir)).toBeNull();
    // Without a usable snapshot the CLI reads the journal whole.
    const read = await readAsTheCli();
    expect(read.read.from).toBe(0);
    expect(read.facts).toEqual(read.wholeFacts);
  });

  const unsure: ReadonlyArray<[string, (offset: number) => Promise<void>]> = [
    ['the journal is shorter than the snapshot', async (offset) => truncate(journalFile(), offset - 10)],
    [
      'the line at the snapshot point differs (same length)',
      async (offset) => {
        const bytes = await readFile(journalFile());
        const at = bytes.lastIndexOf('"actor":"', offset) + 9;
        bytes[at] = bytes[at] === 0x64 ? 0x65 : 0x64;
        await writeFile(journalFile(), bytes);
      },
    ],
    [
      'the journal is another file (replaced, same bytes)',
      async () => {
        await copyFile(journalFile(), `${journalFile()}.copy`);
        await rename(`${journalFile()}.copy`, journalFile());
      },
    ],
    [
      'a damaged line follows the snapshot point',
      async () => {
        await appendFile(journalFile(), '{"this is": "not an event"}\n');
        await world.journal.append(unlockDraft);
      },
    ],
    [
      'the next line does not chain on the snapshot point',
      async () => {
        const events = (await openReleaseJournal({ file: journalFile() }).read()).events;
        const last = events.at(-1);
        if (last === undefined) throw new Error('empty journal');
        await appendFile(journalFile(), `${JSON.stringify({ ...last, seq: last.seq + 1, type: 'lock-released', releaseId: null, data: { reason: 'chained on nothing' }, prev: 'f'.repeat(64) })}\n`);
      },
    ],
  ];
  for (const [what, change] of unsure) {
    it(`reads the whole journal when ${what}`, async () => {
      await history(3);
      const offset = await saveSnapshot();
      await change(offset);
      const read = await readAsTheCli();
      expect(read.snapshot).not.toBeNull();
      expect(read.read.from).toBe(0);
      expect(read.facts).toEqual(read.wholeFacts);
    });
  }
});

describe('the CLI rollback with its snapshot (built CLI)', () => {
  const GITHUB_TOKEN = 'ghp_snapshotCanaryToken1234567890abcdef';
  const SLACK_TOKEN = 'xoxb-3333-4444-snapshotCanarySlack';
  const bin = path.resolve(import.meta.dirname, '../../bin/release-desk.js');
  const cli = (args: readonly string[] = ['rollback', '--yes']) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      // GitHub and Slack point nowhere that answers; the tokens are there to be leaked, and must not be.
      const env: NodeJS.ProcessEnv = { ...process.env, RELEASE_DESK_CONFIG_DIR: world.configDir, GITHUB_TOKEN, SLACK_TOKEN, GITHUB_API_URL: 'http://127.0.0.1:9', SLACK_API_URL: 'http://127.0.0.1:9' };
      delete env.RELEASE_DESK_WORKSPACE;
      const child = spawn(process.execPath, [bin, ...args, '--workspace', world.dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  /** The snapshot as the CLI wrote it (read here by hand: the module refuses another program's snapshot, and this test is one). */
  const written = (bytes: Buffer) => {
    const newline = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.toString('utf8', 0, newline)) as { point: { offset: number } };
    return { offset: header.point.offset, ledger: ledgerFromJson(JSON.parse(bytes.toString('utf8', newline + 1))) };
  };

  it('writes the snapshot after the command ran, starts the next rollback from it, and keeps no token in it', async () => {
    await history(4);
    const snapshotFile = rollbackSnapshotFile(world.dataDir);
    // The command records the snapshot as it is when the command runs, and says the tokens
    // (a failing command's last lines are journaled, redacted, and folded into the ledger).
    const atSpawn = path.join(world.dir, 'snapshot-at-spawn');
    await world.writeConfig(`(sha256sum ${JSON.stringify(snapshotFile)} 2>/dev/null || echo none) > snapshot-at-spawn; echo "$GITHUB_TOKEN ${GITHUB_TOKEN} ${SLACK_TOKEN}"; exit 1`);
    const failed = await cli();
    expect(failed.code, failed.stderr).toBe(1);
    expect((await readFile(atSpawn, 'utf8')).trim()).toBe('none');
    const first = await readFile(snapshotFile);
    const journalNow = await readFile(journalFile());
    expect(first.toString()).not.toContain(GITHUB_TOKEN);
    expect(first.toString()).not.toContain(SLACK_TOKEN);
    expect(journalNow.toString()).not.toContain(GITHUB_TOKEN);
    // The snapshot holds journal text (the lock's reason), so a token journaled would be in it.
    expect(first.toString()).toContain('failed: production may still run');
    expect(written(first).offset).toBe(journalNow.length);

    // A new release after the lock is lifted, then the CLI rolls it back, starting from the snapshot.
    await world.journal.append(unlockDraft);
    await world.appendStory(releaseStory().plan().stage1().signOffAll().preflight().switchover());
    await world.setLive(RELEASE_SHA);
    await world.writeConfig(`(sha256sum ${JSON.stringify(snapshotFile)} 2>/dev/null || echo none) > snapshot-at-spawn; printf %s "$PREVIOUS_SHA" > live-version`);
    const second = await cli();
    expect(second.code, second.stderr).toBe(0);
    expect(await world.live()).toBe(PREVIOUS_SHA);
    // At the spawn the snapshot was still the first one: it is rewritten only afterwards.
    expect((await readFile(atSpawn, 'utf8')).split(' ')[0]).toBe(sha256(first));
    const after = await readFile(snapshotFile);
    expect(sha256(after)).not.toBe(sha256(first));
    expect(written(after).offset).toBe((await readFile(journalFile())).length);

    // What the CLI journaled from the snapshot is what a whole read decides.
    const whole = await openReleaseJournal({ file: journalFile() }).read();
    const lastRelease = whole.events.filter((event) => event.type === 'planned').at(-1)?.releaseId;
    expect(whole.events.slice(-3).map((event) => [event.type, event.releaseId])).toEqual([
      ['step-finished', lastRelease],
      ['rolled-back', lastRelease],
      ['lock-taken', lastRelease],
    ]);
    expect(journalFacts(written(after).ledger, 'production', undefined)).toEqual(journalFacts(foldLedger(whole.events), 'production', undefined));
    expect(after.toString()).not.toContain(GITHUB_TOKEN);
  });
  it('reads only the lines after the snapshot: an edit in place before its point is not read again (the documented limit)', async () => {
    // The watched release names mallory its on-call: mallory may roll it back, as the release's on-call.
    await history(2);
    await world.appendStory(releaseStory().plan({ onCall: CAST.stranger }).stage1().signOffAll().preflight().switchover());
    // `unlock` of an environment that is not locked is refused, and saves the snapshot all the same.
    expect((await cli(['unlock', '--reason', 'nothing to unlock'])).code).toBe(1);
    const snapshotFile = rollbackSnapshotFile(world.dataDir);
    const saved = await readFile(snapshotFile);
    await execFileAsync('git', ['-C', world.dir, 'config', 'user.email', CAST.stranger]);
    // The same bytes, but the release's on-call is now someone else, before the snapshot's point.
    const bytes = await readFile(journalFile());
    const at = bytes.lastIndexOf(`"onCall":"${CAST.stranger}"`);
    expect(at).toBeGreaterThan(0);
    bytes.write(`"onCall":"${CAST.stranger.slice(0, -1)}z"`, at);
    await writeFile(journalFile(), bytes);

    // Read whole (no snapshot), the journal says mallory is nobody here: refused without a reason.
    await rm(snapshotFile);
    const whole = await cli();
    expect(whole.code, whole.stderr).toBe(2);
    expect(whole.stderr).toContain('Only the on-call and the coordinators');
    // Resumed at the saved point, the release's on-call is what was folded then: mallory rolls back.
    await writeFile(snapshotFile, saved);
    const resumed = await cli();
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await world.live()).toBe(PREVIOUS_SHA);
  });
});
