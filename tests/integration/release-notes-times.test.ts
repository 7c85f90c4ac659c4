/**
 * The release notes record each commit's committer time (for the change lead time), read from
 * a real repository whose commits have known committer dates.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseCommits } from '../../electron/services/releases/release-notes';
import { EVENT_DATA } from '../../shared/releases/release-events';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';

const exec = promisify(execFile);
let repo: TestRepo;
const shas: string[] = [];

/** A commit whose committer date is `date` (git takes it only from the environment). */
async function commitAt(message: string, date: string): Promise<string> {
  await writeFile(path.join(repo.clone, `${shas.length}.txt`), message);
  await repo.git('add', '--all');
  const env = { ...process.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z' };
  await exec('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', message], { cwd: repo.clone, env });
  return repo.git('rev-parse', 'HEAD');
}

beforeAll(async () => {
  repo = await createTestRepo();
  shas.push(await commitAt('base', '2026-11-01T08:00:00Z'));
  await repo.git('checkout', '--quiet', '-b', 'feature/x');
  shas.push(await commitAt('first of the branch', '2026-11-02T10:15:30+02:00'));
  shas.push(await commitAt('second\x1fwith a separator in the subject', '2026-11-03T09:00:00Z'));
});
afterAll(() => repo.cleanup());

describe('releaseCommits', () => {
  it('gives every commit its committer time in UTC, oldest first, and the notes event accepts them', async () => {
    const commits = await releaseCommits(repo.clone, shas[0] ?? null, 'master', shas[2] ?? '');
    expect(commits.map((commit) => [commit.sha, commit.subject, commit.committedAt])).toEqual([
      [shas[1], 'first of the branch', '2026-11-02T08:15:30.000Z'],
      [shas[2], 'second\x1fwith a separator in the subject', '2026-11-03T09:00:00.000Z'],
    ]);
    expect(EVENT_DATA['release-notes'].safeParse({ commits }).success).toBe(true);
  });
});
