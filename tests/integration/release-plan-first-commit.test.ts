/**
 * A plan records when the branch's work began (its oldest commit not on the main branch), through
 * the real release service on a real repository whose commits carry set committer times, so the
 * change lead time of a release rolled back before its merge (no release notes) is known. The
 * main branch's own commits, before and after the branch left it, do not count.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyJournalFile } from '../../electron/services/audit/verify-journal-file';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { deliveryMetrics } from '../../shared/audit/delivery-metrics';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import type { EventOf } from '../../shared/releases/release-events';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { releaseStory } from '../fixtures/release-events';
import { writeLocalCiWorkspace } from '../fixtures/local-ci-workspace';
import { testReleaseService } from '../fixtures/test-release-service';

const exec = promisify(execFile);
const CAROL = 'carol@example.com';
let repo: TestRepo;
let config: WorkspaceConfig;
let head: string;
let dataDir: string;

/** A commit with a set committer time (what git's %ct reports). */
async function commitAt(file: string, committedAt: string): Promise<string> {
  await writeFile(path.join(repo.clone, file), `${file}\n`);
  await repo.git('add', '--all');
  const env = { ...process.env, GIT_COMMITTER_DATE: committedAt, GIT_AUTHOR_DATE: committedAt };
  await exec('git', ['-c', 'user.name=Erin', '-c', 'user.email=erin@example.com', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', file], { cwd: repo.clone, env });
  return repo.git('rev-parse', 'HEAD');
}

beforeAll(async () => {
  repo = await createTestRepo();
  await commitAt('base.txt', '2026-11-01T09:00:00Z');
  await repo.git('push', '--quiet', 'origin', 'master');
  await repo.git('checkout', '--quiet', '-b', 'feat/slow', 'master');
  await commitAt('first.txt', '2026-11-18T08:30:00Z');
  await commitAt('second.txt', '2026-11-19T10:00:00Z');
  head = await commitAt('third.txt', '2026-11-20T07:00:00Z');
  await repo.git('push', '--quiet', 'origin', 'feat/slow');
  // Master moves on after the branch left it: not the branch's work.
  await repo.git('checkout', '--quiet', 'master');
  await commitAt('later-on-master.txt', '2026-11-17T00:00:00Z');
  await repo.git('push', '--quiet', 'origin', 'master');
  await repo.git('fetch', '--quiet', 'origin');
  await repo.git('config', 'user.email', CAROL);
  config = await writeLocalCiWorkspace(repo.root, {
    environments: { production: { commands: { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' } } },
    people: { coordinators: [CAROL], onCall: [CAROL], signOff: [CAROL] },
  });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'plan-first-commit-'));
});

afterAll(async () => {
  await repo.cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a plan records the branch\'s first commit time', () => {
  it('the planned event carries the oldest commit of the branch, and the journal verifies', async () => {
    const journal = openReleaseJournal({ file: journalFileFor(dataDir) });
    const releases = testReleaseService({
      journal,
      config,
      workspaceDir: repo.root,
      dataDir,
      actor: CAROL,
      eligibility: async (branch) => (branch === 'feat/slow' ? { headSha: head, eligible: true, summary: 'eligible for release', pullRequest: null, snapshot: undefined } : null),
    });
    await releases.plan({ environment: 'production', branch: 'feat/slow' });
    const events = (await journal.read()).events;
    const planned = events.find((event): event is EventOf<'planned'> => event.type === 'planned');
    expect(planned?.data.sha).toBe(head);
    expect(planned?.data.firstCommitAt).toBe('2026-11-18T08:30:00.000Z');
    // Erin wrote the branch: the same read still finds its authors.
    expect(planned?.data.engineers).toEqual([CAROL]);
    const verified = await verifyJournalFile(journalFileFor(dataDir));
    expect(verified).toMatchObject({ ok: true, entries: 1, problems: [] });

    // The lead time needs no release notes: its first commit as recorded, live and rolled back before its merge, still has one.
    const story = releaseStory({ start: '2026-11-20T14:00:00.000Z' }).plan({ firstCommitAt: planned?.data.firstCommitAt ?? '' }).stage1().signOffAll().preflight().switchover().verdict('faulty').rollback();
    const [release] = deliveryMetrics(story.events, { until: '2026-11-21T00:00:00.000Z' }).releases;
    expect(release).toMatchObject({ failed: true, leadTimeMs: Date.parse(release?.liveAt ?? '') - Date.parse('2026-11-18T08:30:00.000Z') });
  });
});
