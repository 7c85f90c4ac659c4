/**
 * History → Export evidence, through the browser bridge on real app services: a workspace
 * whose journal holds a whole release (tests/fixtures/evidence-story.ts). The bridge has no
 * save dialog, so the report comes back and the page downloads it; the downloaded HTML holds
 * every section, the JSON is the evidence model, and the page says what it did.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import { EVIDENCE_SECTIONS } from '../../shared/audit/evidence-html';
import { EvidenceReportSchema } from '../../shared/audit/evidence-model';
import { fullEvidenceStory } from '../fixtures/evidence-story';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { expect, test } from './harness';
import { writeStoryWorkspaceFile } from '../fixtures/story-workspace';

let repo: TestRepo;
let userData: string;

test.beforeAll(async () => {
  repo = await createTestRepo();
  userData = await mkdtemp(path.join(os.tmpdir(), 'export-evidence-e2e-'));
  await writeStoryWorkspaceFile(repo.root, { repoPath: './clone' });
  const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userData, repo.root)) });
  for (const draft of fullEvidenceStory().drafts) await journal.append(() => draft);
});

test.afterAll(async () => {
  await repo.cleanup();
  await rm(userData, { recursive: true, force: true });
});

// The folders exist only after beforeAll: handed over lazily.
test.use({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  deskWorkspace: async ({}, use) => use(repo.root),
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  deskUserData: async ({}, use) => use(userData),
});

test('History → Export evidence downloads the HTML report and the JSON model of the open release', async ({ deskPage, problems }, testInfo) => {
  await deskPage.getByRole('link', { name: 'History' }).click();
  await deskPage.getByRole('button', { name: 'Open release r2 of feat/checkout' }).click();
  const record = deskPage.getByRole('region', { name: 'Recorded release' });
  const group = record.getByRole('group', { name: 'Export evidence of r2' });

  const [html] = await Promise.all([deskPage.waitForEvent('download'), group.getByRole('button', { name: 'Export evidence' }).click()]);
  expect(html.suggestedFilename()).toBe('release-r2-production-evidence.html');
  const htmlPath = testInfo.outputPath('evidence.html');
  await html.saveAs(htmlPath);
  const content = await readFile(htmlPath, 'utf8');
  for (const [id] of EVIDENCE_SECTIONS) expect(content, id).toContain(`<section id="${id}"`);
  expect(content).toContain('Rolled back and healthy');
  await expect(group.getByRole('status')).toHaveText('Downloaded release-r2-production-evidence.html.');

  const [json] = await Promise.all([deskPage.waitForEvent('download'), group.getByRole('button', { name: 'as JSON' }).click()]);
  expect(json.suggestedFilename()).toBe('release-r2-production-evidence.json');
  const jsonPath = testInfo.outputPath('evidence.json');
  await json.saveAs(jsonPath);
  const report = EvidenceReportSchema.parse(JSON.parse(await readFile(jsonPath, 'utf8')));
  expect(report.release).toMatchObject({ id: 'r2', phase: 'rolled-back' });
  expect(report.journal.verify.ok).toBe(true);
  await expect(group.getByRole('status')).toHaveText('Downloaded release-r2-production-evidence.json.');

  expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
});
