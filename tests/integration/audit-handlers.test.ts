/**
 * audit.verify and audit.acknowledge through the real handlers, on a real workspace and a
 * journal written through openReleaseJournal: a tampered journal is reported, the
 * acknowledgment is journaled (and ignored by the folds), it hides the banner only for what
 * was acknowledged, and new tampering shows it again.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditHandlers } from '../../electron/services/audit/audit-handlers';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { createWorkspaceSessions } from '../../electron/services/workspace/workspace-session';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import { foldEnvironment, foldReleases } from '../../shared/releases/fold-release';
import type { JournalEvent } from '../../shared/releases/release-events';
import { DeskError } from '../../shared/ipc/result';
import { releaseStory } from '../fixtures/release-events';
import { writeStoryWorkspaceFile } from '../fixtures/story-workspace';

let folder: string;
let userDataDir: string;
let file: string;
let intact: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'audit-handlers-ws-'));
  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'audit-handlers-data-'));
  await writeStoryWorkspaceFile(folder, { repoPath: '.' });
  file = journalFileFor(workspaceDataDir(userDataDir, folder));
  const journal = openReleaseJournal({ file });
  for (const draft of releaseStory().plan().stage1().signOffAll().preflight().drafts) await journal.append(() => draft);
  intact = await readFile(file, 'utf8');
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await rm(userDataDir, { recursive: true, force: true });
});

const handlers = (actor: string | null = 'alice@welkin.example') =>
  createAuditHandlers(() => folder, createWorkspaceSessions(), { userDataDir, actor: async () => actor, now: () => new Date('2026-11-21T09:00:00.000Z') });

const events = async () => (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as JournalEvent);

describe('audit.verify / audit.acknowledge', () => {
  it('an intact journal verifies; acknowledging it is refused', async () => {
    await writeFile(file, intact);
    const report = await handlers()['audit.verify']();
    expect(report).toMatchObject({ ok: true, file, entries: 7, problems: [], acknowledged: null });
    await expect(handlers()['audit.acknowledge']('nothing wrong')).rejects.toThrow(DeskError);
  });

  it('a tampered journal is reported; the acknowledgment is journaled and hides it until something else is found', async () => {
    const lines = intact.split('\n');
    lines[3] = (lines[3] ?? '').replace('"erin"', '"mallory"');
    await writeFile(file, lines.join('\n'));
    const report = await handlers()['audit.verify']();
    expect(report).toMatchObject({ ok: false, acknowledged: null, problems: [{ kind: 'hash-mismatch', line: 4, seq: 4, tampering: true }] });

    await expect(handlers(null)['audit.acknowledge']('I edited it by mistake')).rejects.toThrow(/who you are/);
    const after = await handlers()['audit.acknowledge']('  restored from the backup; the edit was a test  ');
    expect(after).toMatchObject({ ok: false, acknowledged: { by: 'alice@welkin.example', reason: 'restored from the backup; the edit was a test', seq: 8 } });
    const written = (await events()).at(-1);
    expect(written).toMatchObject({
      seq: 8,
      type: 'audit-acknowledged',
      actor: 'alice@welkin.example',
      releaseId: null,
      environment: 'production',
      data: { firstBadSeq: 4, firstBadLine: 4, problems: 1, reason: 'restored from the backup; the edit was a test' },
    });

    // The folds ignore it: the release is where it was.
    const all = await events();
    expect(foldReleases(all)).toEqual(foldReleases(all.slice(0, -1)));
    expect(foldEnvironment(all, 'production')).toEqual(foldEnvironment(all.slice(0, -1), 'production'));

    // Releases go on: an append after it still works and the banner stays hidden.
    await openReleaseJournal({ file }).append(() => ({ at: '2026-11-21T09:01:00.000Z', actor: 'dave', type: 'lock-taken', releaseId: null, environment: 'production', data: { reason: 'still releasing' } }));
    expect((await handlers()['audit.verify']()).acknowledged).not.toBeNull();

    // New tampering: the banner is back.
    const again = (await readFile(file, 'utf8')).split('\n');
    again[5] = (again[5] ?? '').replace('"dave"', '"eve"').replace('alice@welkin.example', 'eve@welkin.example');
    await writeFile(file, again.join('\n'));
    const reported = await handlers()['audit.verify']();
    expect(reported.ok).toBe(false);
    expect(reported.acknowledged).toBeNull();
  });

  it('a journal with an unparsable middle line can be acknowledged, and releases go on after it', async () => {
    const lines = intact.split('\n');
    lines[2] = '{"seq":3,"at":"2026-11-20T14:02:00.000Z","act';
    const damaged = lines.join('\n');
    await writeFile(file, damaged);
    const report = await handlers()['audit.verify']();
    expect(report).toMatchObject({ ok: false, acknowledged: null });
    expect(report.problems[0]).toMatchObject({ kind: 'not-json', line: 3, seq: null, tampering: true });

    const after = await handlers()['audit.acknowledge']('line 3 was cut by a disk error; the backup has it whole');
    expect(after).toMatchObject({ ok: false, acknowledged: { by: 'alice@welkin.example', seq: 8 } });
    // Nothing before the acknowledgment was rewritten.
    expect((await readFile(file, 'utf8')).startsWith(damaged)).toBe(true);

    await openReleaseJournal({ file }).append(() => ({ at: '2026-11-21T09:01:00.000Z', actor: 'dave', type: 'lock-taken', releaseId: null, environment: 'production', data: { reason: 'releases go on' } }));
    const later = await handlers()['audit.verify']();
    expect(later.acknowledged).not.toBeNull();
    expect(later.problems.map((problem) => problem.line)).toEqual(report.problems.map((problem) => problem.line));
  });
});
