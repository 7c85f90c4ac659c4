/**
 * history.timeline, history.metrics and history.conformance through the real handlers, on a
 * real workspace (a clone with a released merge and a direct push) and a journal written through
 * openReleaseJournal. Results are checked against the contract's schemas.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHistoryHandlers } from '../../electron/services/audit/history-handlers';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { createWorkspaceSessions } from '../../electron/services/workspace/workspace-session';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import { contract } from '../../shared/ipc/contract';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { CAST, releaseStory } from '../fixtures/release-events';
import { writeStoryWorkspaceFile } from '../fixtures/story-workspace';

let repo: TestRepo;
let userDataDir: string;
let mergeCommit: string;

beforeAll(async () => {
  repo = await createTestRepo();
  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'history-handlers-data-'));
  await repo.commit('initial', { README: 'hello' });
  await repo.git('checkout', '--quiet', '-b', 'feature/x');
  await repo.commit('feature x', { 'x.txt': 'x' });
  await repo.git('checkout', '--quiet', 'master');
  await repo.git('merge', '--quiet', '--no-ff', '-m', 'Merge feature/x (release r1)', 'feature/x');
  mergeCommit = await repo.git('rev-parse', 'HEAD');
  await repo.commit('straight on master', { 'y.txt': 'y' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await writeStoryWorkspaceFile(repo.root, { repoPath: './clone' });
  const story = releaseStory({ start: '2026-11-02T09:00:00.000Z' })
    .plan()
    .stage1()
    .signOff('erin', '<img src=x onerror=alert(1)> looks fine')
    .override('switchover', 'frank is on holiday', CAST.coordinator, 'frank@welkin.example has not signed off')
    .preflight()
    .switchover()
    .verdict('healthy');
  story.startStep('merge').finishStep('merge', 'succeeded', { mergeCommit, mergeMethod: 'git' }).add('merged', { method: 'git', mergeCommit });
  const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userDataDir, repo.root)) });
  for (const draft of story.drafts) await journal.append(() => draft);
});
afterAll(async () => {
  await repo.cleanup();
  await rm(userDataDir, { recursive: true, force: true });
});

const handlers = () =>
  createHistoryHandlers(() => repo.root, createWorkspaceSessions(), {
    userDataDir,
    githubUrl: () => 'http://127.0.0.1:9',
    githubToken: async () => null,
    now: () => new Date('2026-11-09T00:00:00.000Z'),
  });

describe('the History view\'s audit calls', () => {
  it('history.timeline: every event of the release in words; the override with its refusal and reason', async () => {
    const timeline = contract.calls['history.timeline'].result.parse(await handlers()['history.timeline']('r1'));
    expect(timeline.entries.map((entry) => entry.title)).toEqual([
      'Planned feature/x',
      'Stage 1 started',
      'Stage 1 succeeded',
      'Preview signed off by erin',
      'Override: switchover',
      'Preflight started',
      'Preflight succeeded',
      'Switchover (Stage 2) started',
      'Switchover (Stage 2) succeeded',
      'Marked healthy',
      'Merge started',
      'Merge succeeded',
      'Merged into the main branch',
    ]);
    const override = timeline.entries.find((entry) => entry.type === 'override');
    expect(override).toMatchObject({ actor: CAST.coordinator, override: { action: 'switchover', refusal: 'frank@welkin.example has not signed off', reason: 'frank is on holiday' } });
    expect(timeline.entries[3]?.details).toEqual(['note: <img src=x onerror=alert(1)> looks fine']);
    expect(timeline.entries.at(-1)?.details).toEqual([`merge commit ${mergeCommit.slice(0, 7)}, by git merge`]);
    await expect(handlers()['history.timeline']('r99')).rejects.toThrow('The release journal has no release r99.');
  });

  it('history.metrics: the figures up to now, and clear refusals', async () => {
    const metrics = contract.calls['history.metrics'].result.parse(await handlers()['history.metrics']({ since: '2026-11-02' }));
    expect(metrics).toMatchObject({ period: { from: '2026-11-02T00:00:00.000Z', until: '2026-11-09T00:00:00.000Z', days: 7 }, counts: { planned: 1, live: 1 }, changeFailureRate: { rate: 0 } });
    await expect(handlers()['history.metrics']({ environment: 'staging' })).rejects.toThrow('staging is not an environment of release-desk.yml (it has: production).');
    await expect(handlers()['history.metrics']({ since: '2026-02-30' })).rejects.toThrow('A date of the period is not a real day');
    // An end before now bounds the period; one after now is now.
    const early = await handlers()['history.metrics']({ since: '2026-11-01', until: '2026-11-02' });
    expect(early).toMatchObject({ period: { until: '2026-11-02T00:00:00.000Z', days: 1 }, counts: { planned: 0, live: 0 } });
    expect((await handlers()['history.metrics']({ until: '2027-01-01' })).period.until).toBe('2026-11-09T00:00:00.000Z');
  });

  it('history.conformance: the release\'s merge, and the rest "cannot tell" without GitHub', async () => {
    const view = contract.calls['history.conformance'].result.parse(await handlers()['history.conformance']({}));
    expect(view.report.conformant).toBe(false);
    expect(view.report.counts).toEqual({ released: 1, pullRequest: 0, direct: 0, unknown: 2 });
    expect(view.report.commits[1]).toMatchObject({ sha: mergeCommit, verdict: { kind: 'released', releaseId: 'r1' } });
    expect(view.report.githubUnavailable).toBe('release-desk.yml names no repository.github, so GitHub cannot be asked');
    expect(view.notes).toEqual([]);
  });

  it('without a workspace the calls say so', async () => {
    const none = createHistoryHandlers(() => null, createWorkspaceSessions(), { userDataDir, githubUrl: () => '', githubToken: async () => null });
    await expect(none['history.metrics']({})).rejects.toThrow(/demo/);
  });
});
