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

// The Roll back button on the Monitor view, for real: production (a stand-in on 127.0.0.1
// serving the SHA in a file) is red after release r1; one confirmation names what will
// happen; a double click starts one rollback; the result is said in words; the lock shows
// and is lifted with a written reason.
const workspace = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-rollback-'));
const userData = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-rollback-data-'));
const liveFile = path.join(workspace, 'live-version');
let production: ProductionStandIn;

test.use({ deskWorkspace: workspace, deskUserData: userData });

test.beforeAll(async () => {
  production = await startProductionStandIn(versionInFile(liveFile, (version) => version !== RELEASE_SHA));
  await promisify(execFile)('git', ['init', '--quiet', workspace]);
  await promisify(execFile)('git', ['-C', workspace, 'config', 'user.email', 'dave']);
  await writeFile(liveFile, RELEASE_SHA);
  await writeProductionWorkspace(workspace, {
    name: 'Rollback test',
    production: {
      commands: { stage1: 'true', switchover: 'true', rollback: 'sleep 1; printf %s "$PREVIOUS_SHA" > live-version; echo "switched back to $PREVIOUS_SHA"', currentVersion: 'cat live-version' },
      health: [{ name: 'web', url: production.url(), expectBody: '"status":"ok"', versionField: 'version', intervalSeconds: 1, timeoutSeconds: 1 }],
    },
    people: { coordinators: ['alice@welkin.example'], onCall: ['dave'] },
  });
  const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userData, workspace)) });
  for (const draft of releaseStory().plan().stage1().signOffAll().preflight().switchover().drafts) {
    await journal.append(() => draft as EventDraft);
  }
});

test.afterAll(async () => {
  await production.close();
  await rm(workspace, { recursive: true, force: true });
  await rm(userData, { recursive: true, force: true });
});

test('Roll back on the Monitor view restores the previous version, once, and the lock shows until unlocked', async ({ deskPage, problems }) => {
  await deskPage.goto(`${new URL(deskPage.url()).origin}${new URL(deskPage.url()).search}#/monitor`);
  await expect(deskPage.getByTestId('probe-state-web')).toHaveText('Alert', { timeout: 20_000 });
  const open = deskPage.getByTestId('rollback-open-production');
  await expect(open).toHaveClass(/rollback-primary/);
  await expect(open).toHaveAttribute('title', /Alt\+Shift\+R/);

  // The keyboard shortcut opens the one confirmation.
  await deskPage.keyboard.press('Alt+Shift+KeyR');
  await expect(deskPage.getByTestId('rollback-confirmation')).toHaveText(
    `Production goes back to ${PREVIOUS_SHA.slice(0, 7)} (not released through Release Desk); now running ${RELEASE_SHA.slice(0, 7)}.`,
  );
  await deskPage.getByTestId('rollback-confirm').dblclick();
  await expect(deskPage.getByTestId('rollback-result')).toContainText('Rolled back and healthy', { timeout: 20_000 });
  await expect(deskPage.getByTestId('rollback-output')).toContainText(`switched back to ${PREVIOUS_SHA}`);
  expect((await readFile(liveFile, 'utf8')).trim()).toBe(PREVIOUS_SHA);
  const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userData, workspace)) });
  const rollbacks = (await journal.read()).events.filter((event) => event.type === 'step-started' && event.data.step === 'rollback');
  expect(rollbacks).toHaveLength(1);

  // The lock shows on every view's status strip, the board's included.
  await deskPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Branches' }).click();
  await expect(deskPage.getByTestId('status-production')).toContainText(`locked: rolled back ${RELEASE_SHA.slice(0, 7)} at`, { timeout: 15_000 });
  await deskPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitor' }).click();
  const lock = deskPage.getByTestId('lock-production');
  await expect(lock).toContainText(`Locked for new releases`);
  await expect(lock).toContainText(`rolled back ${RELEASE_SHA.slice(0, 7)} at`);
  await lock.getByRole('textbox').fill('the cause is reverted');
  await lock.getByRole('button', { name: 'Unlock production' }).click();
  await expect(lock).toHaveCount(0);
  await expect(deskPage.getByTestId('probe-state-web')).toHaveText('Healthy', { timeout: 20_000 });
  expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
});
