/**
 * audit.exportEvidence through the real handlers and dispatch, on a real workspace whose
 * journal (with a samples file in the data folder) was written through openReleaseJournal:
 * the bridge's answer is the content to download; the app's goes through the save dialog
 * adapter (Electron's dialog stubbed, the file really written where "the user" chose) and
 * the page learns only that path; cancelling writes nothing; an unknown release or a bad
 * format is refused with a clear error, never a path or a file.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserWindow, Dialog, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { createEvidenceSaveDialog } from '../../electron/evidence-save-dialog';
import { dispatch } from '../../electron/ipc/dispatch';
import { exportEvidence } from '../../electron/services/audit/evidence-export';
import { createEvidenceHandlers } from '../../electron/services/audit/evidence-handlers';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { createWorkspaceSessions } from '../../electron/services/workspace/workspace-session';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import type { Handlers } from '../../electron/ipc/dispatch';
import type { EvidenceExportResult } from '../../shared/audit/evidence-ipc';
import { EvidenceReportSchema } from '../../shared/audit/evidence-model';
import type { Result } from '../../shared/ipc/result';
import { fullEvidenceStory } from '../fixtures/evidence-story';
import { releaseStory } from '../fixtures/release-events';
import { writeStoryWorkspaceFile } from '../fixtures/story-workspace';

let folder: string;
let userDataDir: string;
let saveDir: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'evidence-handlers-ws-'));
  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'evidence-handlers-data-'));
  saveDir = await mkdtemp(path.join(os.tmpdir(), 'evidence-handlers-save-'));
  await writeStoryWorkspaceFile(folder, { repoPath: '.' });
  const dataDir = workspaceDataDir(userDataDir, folder);
  const journal = openReleaseJournal({ file: journalFileFor(dataDir) });
  for (const draft of fullEvidenceStory().drafts) await journal.append(() => draft);
  // The watch's samples, as the monitor appends them.
  await mkdir(path.join(dataDir, 'releases', 'r2'), { recursive: true });
  const at = Date.parse('2026-11-20T14:10:00Z');
  await writeFile(
    path.join(dataDir, 'releases', 'r2', 'samples.jsonl'),
    [0, 1, 2].map((index) => `${JSON.stringify({ probe: 'web', at: at + index * 1000, ok: true, status: 200, latencyMs: 10 + index, version: null })}\n`).join(''),
  );
});
afterAll(async () => {
  for (const dir of [folder, userDataDir, saveDir]) await rm(dir, { recursive: true, force: true });
});

function stubDialog(answer: (options: SaveDialogOptions) => SaveDialogReturnValue) {
  const asked: SaveDialogOptions[] = [];
  const dialog: Pick<Dialog, 'showSaveDialog'> = {
    showSaveDialog: (async (...args: unknown[]) => {
      const options = args.at(-1) as SaveDialogOptions;
      asked.push(options);
      return answer(options);
    }) as Dialog['showSaveDialog'],
  };
  return { dialog, asked };
}

const call = (handlers: Pick<Handlers, 'audit.exportEvidence'>, args: readonly unknown[]) =>
  dispatch(handlers as Handlers, 'audit.exportEvidence', args, () => undefined, () => []) as Promise<Result<EvidenceExportResult>>;

describe('audit.exportEvidence', () => {
  it('the browser bridge (no dialog) answers the content to download, named after the release', async () => {
    // The story's release is r2: its plan override is seq 1, without a release id.
    const handlers = createEvidenceHandlers(() => folder, createWorkspaceSessions(), { userDataDir, now: () => new Date('2026-11-21T09:00:00Z') });
    const json = await call(handlers, ['r2', 'json']);
    expect(json).toMatchObject({ ok: true, value: { kind: 'download', fileName: 'release-r2-production-evidence.json', mimeType: 'application/json', journalIntact: true } });
    const report = EvidenceReportSchema.parse(JSON.parse(json.ok && json.value.kind === 'download' ? json.value.content : '{}'));
    expect(report.exportedAt).toBe('2026-11-21T09:00:00.000Z');
    // Exactly the release's own entries, each once, in journal order.
    expect(report.events.map((event) => event.seq)).toEqual(fullEvidenceStory().events.filter((event) => event.releaseId === 'r2').map((event) => event.seq));
    // The samples file in the data folder was read and summarised.
    expect(report.monitor).toMatchObject({ recorded: true, value: { samples: { recorded: true, value: [{ probe: 'web', samples: 3, uptime: 1, latencyP50Ms: 11 }] } } });
    const html = await call(handlers, ['r2', 'html']);
    expect(html).toMatchObject({ ok: true, value: { kind: 'download', fileName: 'release-r2-production-evidence.html', mimeType: 'text/html;charset=utf-8' } });
    expect(html.ok && html.value.kind === 'download' ? html.value.content : '').toContain('<section id="journal"');
  });

  it('the app saves through the main process\'s dialog: the file is written where the user chose, the page gets only that path', async () => {
    const chosen = path.join(saveDir, 'evidence of r2.html');
    const { dialog, asked } = stubDialog(() => ({ canceled: false, filePath: chosen }));
    const saveEvidence = createEvidenceSaveDialog(dialog, () => null as BrowserWindow | null, () => saveDir);
    const handlers = createEvidenceHandlers(() => folder, createWorkspaceSessions(), { userDataDir, saveEvidence });
    const result = await call(handlers, ['r2', 'html']);
    expect(result).toEqual({ ok: true, value: { kind: 'saved', file: chosen, journalIntact: true } });
    expect(asked).toEqual([expect.objectContaining({ defaultPath: path.join(saveDir, 'release-r2-production-evidence.html'), filters: [{ name: 'HTML report', extensions: ['html'] }] })]);
    expect(await readFile(chosen, 'utf8')).toMatch(/^<!doctype html>/);
    expect(await readdir(saveDir)).toEqual(['evidence of r2.html']);
  });

  it('a known secret in the journal never reaches the saved file or the download', async () => {
    // The story's sign-off note stands in for a token that should never have been journaled.
    const secret = 'paid with a test card';
    const chosen = path.join(saveDir, 'scrubbed.json');
    const { dialog } = stubDialog(() => ({ canceled: false, filePath: chosen }));
    const saved = createEvidenceHandlers(() => folder, createWorkspaceSessions(), { userDataDir, secrets: () => [secret], saveEvidence: createEvidenceSaveDialog(dialog, () => null, () => saveDir) });
    expect(await call(saved, ['r2', 'json'])).toMatchObject({ ok: true, value: { kind: 'saved' } });
    const file = await readFile(chosen, 'utf8');
    expect(file).not.toContain(secret);
    expect(file).toContain('"note": "***"');
    await rm(chosen);
    const downloaded = await createEvidenceHandlers(() => folder, createWorkspaceSessions(), { userDataDir, secrets: () => [secret] })['audit.exportEvidence']('r2', 'html');
    expect(downloaded.kind === 'download' ? downloaded.content : secret).not.toContain(secret);
  });

  it('cancelling the dialog writes nothing', async () => {
    const { dialog } = stubDialog(() => ({ canceled: true, filePath: '' }));
    const handlers = createEvidenceHandlers(() => folder, createWorkspaceSessions(), { userDataDir, saveEvidence: createEvidenceSaveDialog(dialog, () => null, () => saveDir) });
    const before = await readdir(saveDir);
    expect(await call(handlers, ['r2', 'json'])).toEqual({ ok: true, value: { kind: 'cancelled' } });
    expect(await readdir(saveDir)).toEqual(before);
  });

  it('an unknown release, a malformed id or format, or an extra argument are refused, naming what was wrong', async () => {
    const handlers = createEvidenceHandlers(() => folder, createWorkspaceSessions(), { userDataDir });
    expect(await call(handlers, ['r99', 'html'])).toEqual({ ok: false, error: { code: 'not-found', message: "Release r99 is not in this workspace's release journal." } });
    const badId = await call(handlers, ['../../etc/passwd', 'html']);
    expect(badId).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(badId.ok ? '' : badId.error.message).toContain('release id');
    const badFormat = await call(handlers, ['r2', 'pdf']);
    expect(badFormat).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await call(handlers, ['r2', 'html', '/tmp/chosen-by-the-page.html'])).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});

describe('exportEvidence reads only what it needs, and still finds a plan\'s override', () => {
  it('the override before a plan is that plan\'s, not a later one\'s; unknown ids name the known ones', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'evidence-export-'));
    try {
      const story = releaseStory();
      story.add('override', { action: 'plan', refusal: 'refused', reason: 'only the first plan was refused' }, { releaseId: null });
      story.plan().abort();
      const first = story.releaseId;
      story.plan().stage1();
      const second = story.releaseId;
      const file = journalFileFor(dir);
      const journal = openReleaseJournal({ file });
      for (const draft of story.drafts) await journal.append(() => draft);
      const exported = async (releaseId: string) => {
        const outcome = await exportEvidence({ journalFile: file, dataDir: dir, releaseId, now: () => new Date() });
        return outcome.kind === 'exported' ? outcome.report : outcome;
      };
      expect(await exported(first)).toMatchObject({ overrides: [{ action: 'plan', reason: 'only the first plan was refused' }], abort: { recorded: true } });
      expect(await exported(second)).toMatchObject({ overrides: [], stage1: { recorded: true } });
      expect(await exported('r99')).toEqual({ kind: 'unknown-release', releaseId: 'r99', known: [first, second] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
