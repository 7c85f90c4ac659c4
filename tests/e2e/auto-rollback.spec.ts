import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import type { EventDraft } from '../../shared/releases/release-events';
import { PREVIOUS_SHA, RELEASE_SHA, releaseStory } from '../fixtures/release-events';
import { expect, test } from './harness';
import { startProductionStandIn, versionInFile, writeProductionWorkspace, type ProductionStandIn } from '../fixtures/production-stand-in';

// Auto-rollback in the app, for real: release r1 has just been switched over and is watched;
// release-desk.yml sets autoRollback.afterSeconds. The Monitor view says it is armed; the
// production stand-in (127.0.0.1, serving the SHA in a file) starts failing; the view counts
// down; the app runs the rollback command by itself, journaled as release-desk; the watch's
// summary then shows in History.
const workspace = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-auto-rollback-'));
const userData = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-auto-rollback-data-'));
const liveFile = path.join(workspace, 'live-version');
const production = { broken: false };
let standIn: ProductionStandIn;

test.use({ deskWorkspace: workspace, deskUserData: userData });

test.beforeAll(async () => {
  standIn = await startProductionStandIn(versionInFile(liveFile, (version) => !(production.broken && version === RELEASE_SHA)));
  await promisify(execFile)('git', ['init', '--quiet', workspace]);
  await promisify(execFile)('git', ['-C', workspace, 'config', 'user.email', 'dave']);
  await writeFile(liveFile, RELEASE_SHA);
  await writeProductionWorkspace(workspace, {
    name: 'Auto-rollback test',
    production: {
      commands: { stage1: 'true', switchover: 'true', rollback: 'printf %s "$PREVIOUS_SHA" > live-version; echo "switched back to $PREVIOUS_SHA"', currentVersion: 'cat live-version' },
      health: [{ name: 'web', url: standIn.url(), expectBody: '"status":"ok"', versionField: 'version', intervalSeconds: 1, timeoutSeconds: 1 }],
      autoRollback: { afterSeconds: 4 },
    },
    people: { coordinators: ['alice@welkin.example'], onCall: ['dave'] },
  });
  // The story's events are a minute apart: it starts early enough for the switchover to finish now.
  const shape = releaseStory().plan().stage1().signOffAll().preflight().switchover().events;
  const span = Date.parse(shape.at(-1)?.at ?? '') - Date.parse(shape[0]?.at ?? '');
  const story = releaseStory({ start: new Date(Date.now() - span).toISOString() }).plan().stage1().signOffAll().preflight().switchover();
  const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userData, workspace)) });
  for (const draft of story.drafts) await journal.append(() => draft as EventDraft);
});

test.afterAll(async () => {
  await standIn.close();
  await rm(workspace, { recursive: true, force: true });
  await rm(userData, { recursive: true, force: true });
});

test('auto-rollback: armed during the watch, counts down while production fails, rolls back by itself once as release-desk', async ({ deskPage, problems }) => {
  await deskPage.goto(`${new URL(deskPage.url()).origin}${new URL(deskPage.url()).search}#/monitor`);
  await expect(deskPage.getByTestId('probe-state-web')).toHaveText('Healthy', { timeout: 20_000 });
  const notice = deskPage.getByTestId('auto-rollback-production');
  await expect(notice).toContainText('Auto-rollback is armed until', { timeout: 20_000 });
  await expect(notice).toContainText('if an alert lasts 4 s, Release Desk rolls production back by itself (r1, on behalf of the on-call dave)');

  production.broken = true;
  await expect(notice).toContainText(/rolls production back by itself at \d\d:\d\d:\d\d \(in \d+ s\) unless the alert recovers first/, { timeout: 20_000 });
  await expect(deskPage.getByTestId('status-production')).toContainText(`locked: rolled back ${RELEASE_SHA.slice(0, 7)} at`, { timeout: 30_000 });
  expect((await readFile(liveFile, 'utf8')).trim()).toBe(PREVIOUS_SHA);
  await expect(deskPage.getByTestId('probe-state-web')).toHaveText('Healthy', { timeout: 20_000 });
  await expect(notice).toHaveCount(0);

  const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userData, workspace)) });
  const events = (await journal.read()).events;
  const rollbacks = events.filter((event) => event.type === 'step-started' && event.data.step === 'rollback');
  expect(rollbacks.map((event) => event.actor)).toEqual(['release-desk']);
  const override = events.find((event) => event.type === 'override');
  expect(override?.type === 'override' ? override.data.reason : '').toMatch(/^release-desk on behalf of the on-call dave: production alerted for \d+ s during the watch of r1/);

  // The rollback ended the watch: its summary is in the journal and in History.
  await expect.poll(async () => (await journal.read()).events.filter((event) => event.type === 'watch-summary').length, { timeout: 15_000 }).toBe(1);
  await deskPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
  await deskPage.getByRole('button', { name: /Open release r1 of/ }).click();
  const summary = deskPage.getByRole('region', { name: 'Watch summary' });
  await expect(summary).toContainText('releases/r1/samples.jsonl');
  await expect(summary.getByRole('row', { name: /^web / })).toContainText(/\d+/);
  expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
});
