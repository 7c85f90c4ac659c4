import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import type { JournalEvent } from '../../shared/releases/release-events';
import { releaseStory } from '../fixtures/release-events';
import { expect, test } from './harness';

// The journal banner for real: the app's own services verify a workspace's journal that was
// edited on disk, the Release view shows a red banner naming the first bad entry, an empty
// reason is refused (by the form and by the main process), and an acknowledgment with a
// reason is journaled as `audit-acknowledged` and hides the banner. At both window sizes.
const workspace = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-journal-banner-'));
const userData = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-journal-banner-data-'));
const journalFile = journalFileFor(workspaceDataDir(userData, workspace));
let intact = '';

test.use({ deskWorkspace: workspace, deskUserData: userData });

test.beforeAll(async () => {
  await promisify(execFile)('git', ['init', '--quiet', workspace]);
  // Who acknowledges: the clone's git identity (no GitHub connected).
  await promisify(execFile)('git', ['-C', workspace, 'config', 'user.email', 'alice@welkin.example']);
  await writeFile(
    path.join(workspace, 'release-desk.yml'),
    stringify({
      version: 1,
      name: 'Journal banner test',
      repository: { path: '.', github: 'octo/app' },
      ci: { provider: 'github-checks' },
      environments: { production: { commands: { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' } } },
      people: { coordinators: ['alice@welkin.example'], onCall: ['dave'], signOff: ['erin'] },
    }),
  );
  const journal = openReleaseJournal({ file: journalFile });
  for (const draft of releaseStory().plan().stage1().signOffAll().drafts) await journal.append(() => draft);
  intact = await readFile(journalFile, 'utf8');
});

test.afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
  await rm(userData, { recursive: true, force: true });
});

/** The journal with erin's sign-off (line 4, seq 4) rewritten as mallory's, its hash left as it was. */
async function tamper(): Promise<void> {
  const lines = intact.split('\n');
  expect(lines[3]).toContain('"signed-off"');
  lines[3] = (lines[3] ?? '').replaceAll('"erin"', '"mallory"');
  await writeFile(journalFile, lines.join('\n'));
}

const journalEvents = async () =>
  (await readFile(journalFile, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JournalEvent);

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  test(`at ${size.width}×${size.height}: a tampered journal shows a banner naming the entry until it is acknowledged with a reason`, async ({ deskPage, problems }) => {
    await tamper();
    await deskPage.setViewportSize(size);
    await deskPage.goto(`${new URL(deskPage.url()).origin}${new URL(deskPage.url()).search}#/release`);

    const banner = deskPage.getByRole('alert', { name: 'Release journal verification' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('The release journal failed verification.');
    await expect(banner).toContainText('First bad entry: line 4, seq 4');
    await expect(banner).toContainText('line 4 (seq 4) was edited');
    // The banner fits the window: no sideways scrolling at this size.
    const box = await banner.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(size.width);
    expect(await deskPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);

    await banner.getByRole('button', { name: 'Acknowledge…' }).click();
    const reason = banner.getByRole('textbox', { name: 'Reason (journaled)' });
    const submit = banner.getByRole('button', { name: 'Acknowledge', exact: true });
    // An empty (or blank) reason is refused: the form will not send it…
    await expect(submit).toBeDisabled();
    await reason.fill('   ');
    await expect(submit).toBeDisabled();
    // …and the main process refuses it too, writing nothing.
    const before = (await journalEvents()).length;
    const refused = await deskPage.evaluate(async () => {
      const result = await (window as unknown as { desk: { audit: { acknowledge(reason: string): Promise<{ ok: boolean; error?: { message: string } }> } } }).desk.audit.acknowledge('  ');
      return result;
    });
    expect(refused.ok).toBe(false);
    expect(refused.error?.message).toMatch(/reason/i);
    expect(await journalEvents()).toHaveLength(before);
    await expect(banner).toBeVisible();

    await reason.fill('restored erin\'s sign-off from the backup; the edit was a drill');
    await submit.click();
    await expect(banner).toBeHidden();
    const written = (await journalEvents()).at(-1);
    expect(written).toMatchObject({
      type: 'audit-acknowledged',
      actor: 'alice@welkin.example',
      releaseId: null,
      data: { reason: 'restored erin\'s sign-off from the backup; the edit was a drill', firstBadSeq: 4, firstBadLine: 4, problems: 1 },
    });
    // Verified again, the acknowledgment covers exactly what is found: the banner stays hidden.
    const again = await deskPage.evaluate(() =>
      (window as unknown as { desk: { audit: { verify(): Promise<{ ok: boolean; value?: { ok: boolean; acknowledged: { reason: string } | null } }> } } }).desk.audit.verify(),
    );
    expect(again.value).toMatchObject({ ok: false, acknowledged: { reason: 'restored erin\'s sign-off from the backup; the edit was a drill' } });
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
  });
}
