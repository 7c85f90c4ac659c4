/**
 * `release-desk audit conformance` on a real repository (a bare origin and a clone) whose
 * master holds: the initial commit, a release's merge, a direct push, a pull request merged
 * outside Release Desk, and a second release's merge. Releases are recorded in a real journal;
 * GitHub is the fake on 127.0.0.1, asked through the same client and token binding as the app.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { userDataDir } from '../../electron/services/settings/settings-location';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { releaseStory } from '../fixtures/release-events';
import { writeStoryWorkspaceFile } from '../fixtures/story-workspace';

const exec = promisify(execFile);
const TOKEN = 'ghp_conformanceToken';
let repo: TestRepo;
let github: FakeGitHub;
let configDir: string;
const sha: Record<string, string> = {};

/** git with a fixed committer date (conformance's --since reads it). */
async function gitAt(date: string, ...args: string[]): Promise<string> {
  const env = { ...process.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date };
  const { stdout } = await exec('git', ['-c', 'user.name=T', '-c', 'user.email=t@welkin.example', '-c', 'commit.gpgsign=false', ...args], { cwd: repo.clone, env });
  return stdout.trim();
}
async function commitAt(date: string, file: string, message: string): Promise<string> {
  await writeFile(path.join(repo.clone, file), message);
  await repo.git('add', '--all');
  await gitAt(date, 'commit', '--quiet', '-m', message);
  return repo.git('rev-parse', 'HEAD');
}
async function mergeAt(date: string, branch: string, message: string): Promise<string> {
  await repo.git('checkout', '--quiet', 'master');
  await gitAt(date, 'merge', '--quiet', '--no-ff', '-m', message, branch);
  return repo.git('rev-parse', 'HEAD');
}

beforeAll(async () => {
  [repo, github] = await Promise.all([createTestRepo(), startFakeGitHub()]);
  github.addToken(TOKEN, { login: 'alice', id: 7, name: 'Alice' });
  configDir = await mkdtemp(path.join(os.tmpdir(), 'cli-audit-conformance-'));

  sha.initial = await commitAt('2026-11-01T09:00:00Z', 'README', 'initial');
  await repo.git('checkout', '--quiet', '-b', 'feature/a');
  sha.a = await commitAt('2026-11-02T09:00:00Z', 'a.txt', 'feature a');
  sha.releaseA = await mergeAt('2026-11-02T12:00:00Z', 'feature/a', 'Merge feature/a (release r1)');
  sha.direct = await commitAt('2026-11-03T09:00:00Z', 'direct.txt', 'quick fix straight on master');
  await repo.git('checkout', '--quiet', '-b', 'hotfix/x');
  sha.hotfix = await commitAt('2026-11-04T09:00:00Z', 'hotfix.txt', 'hotfix');
  sha.outsidePull = await mergeAt('2026-11-04T10:00:00Z', 'hotfix/x', 'Merge pull request #500 from welkin/hotfix/x');
  await repo.git('checkout', '--quiet', '-b', 'feature/b');
  sha.b = await commitAt('2026-11-05T09:00:00Z', 'b.txt', 'feature b');
  sha.releaseB = await mergeAt('2026-11-05T12:00:00Z', 'feature/b', 'Merge feature/b (release r2)');
  await repo.git('push', '--quiet', 'origin', 'master');
  github.commitPulls.add({ title: 'Hotfix outside Release Desk', headRef: 'hotfix/x', commits: [sha.hotfix], merged: { mergeCommitSha: sha.outsidePull, mergedAt: '2026-11-04T10:00:00Z' } });

  // Two releases recorded in the journal, each with the merge commit it wrote.
  const story = releaseStory({ start: '2026-11-02T09:00:00.000Z' });
  for (const [branch, head, merge] of [['feature/a', sha.a, sha.releaseA], ['feature/b', sha.b, sha.releaseB]] as const) {
    story.plan({ branch, sha: head }).stage1().signOffAll().preflight().switchover().verdict('healthy');
    story.startStep('merge').finishStep('merge', 'succeeded', { mergeCommit: merge, mergeMethod: 'git' }).add('merged', { method: 'git', mergeCommit: merge });
  }
  const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userDataDir({ RELEASE_DESK_CONFIG_DIR: configDir }), repo.root)) });
  for (const draft of story.drafts) await journal.append(() => draft);

  await writeStoryWorkspaceFile(repo.root, { repoPath: './clone', github: 'welkin/web' });
});

afterAll(async () => {
  await Promise.all([repo.cleanup(), github.close(), rm(configDir, { recursive: true, force: true })]);
});

async function cli(args: string[], withGitHub = true) {
  let stdout = '';
  let stderr = '';
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, RELEASE_DESK_CONFIG_DIR: configDir, RELEASE_DESK_GITHUB_API_URL: github.url, ...(withGitHub ? { GITHUB_TOKEN: TOKEN } : {}) };
  const code = await runCli(['--workspace', repo.root, ...args], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env, cwd: repo.root }, 'test');
  return { code, stdout, stderr };
}

const short = (name: string) => (sha[name] ?? '').slice(0, 7);

describe('release-desk audit conformance', () => {
  it('with GitHub: each commit classified, exit 1 naming every exception', async () => {
    const before = github.commitPulls.lookups.length;
    const result = await cli(['--json', 'audit', 'conformance']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ref: string; conformant: boolean; counts: unknown; commits: { sha: string; verdict: Record<string, unknown> }[] };
    expect(report.ref).toBe('refs/remotes/origin/master');
    expect(report.conformant).toBe(false);
    expect(report.counts).toEqual({ released: 2, pullRequest: 1, direct: 2, unknown: 0 });
    expect(report.commits.map((commit) => [commit.sha, commit.verdict])).toEqual([
      [sha.releaseB, { kind: 'released', releaseId: 'r14', environment: 'production', branch: 'feature/b' }],
      [sha.outsidePull, { kind: 'pull-request', number: 500, url: 'https://github.com/welkin/web/pull/500', title: 'Hotfix outside Release Desk' }],
      [sha.direct, { kind: 'direct', note: null }],
      [sha.releaseA, { kind: 'released', releaseId: 'r1', environment: 'production', branch: 'feature/a' }],
      [sha.initial, { kind: 'direct', note: null }],
    ]);
    // One look-up per commit that is not a release's merge; the branch commits are not walked.
    expect(github.commitPulls.lookups.slice(before)).toEqual([sha.outsidePull, sha.direct, sha.initial]);
    expect(result.stderr).toContain('refs/remotes/origin/master is NOT conformant: 3 commits did not come through a release');
  });

  it('text: the counts and one line per exception, with the pull request\'s link', async () => {
    const result = await cli(['audit', 'conformance']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('merged by a release: 2; through a pull request outside Release Desk: 1; pushed directly: 2; cannot tell: 0');
    expect(result.stdout).toContain(`${short('outsidePull')} "Merge pull request #500 from welkin/hotfix/x" (t@welkin.example, 2026-11-04): merged through pull request #500 outside Release Desk: https://github.com/welkin/web/pull/500`);
    expect(result.stdout).toContain(`${short('direct')} "quick fix straight on master" (t@welkin.example, 2026-11-03): pushed directly (no pull request, no release)`);
    expect(result.stdout).not.toContain(short('releaseA'));
  });

  it('without GitHub: says a pull request and a direct push cannot be told apart, never guesses', async () => {
    const before = github.commitPulls.lookups.length;
    const result = await cli(['--json', 'audit', 'conformance'], false);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { counts: unknown; githubUnavailable: string; commits: { verdict: { kind: string } }[] };
    expect(report.counts).toEqual({ released: 2, pullRequest: 0, direct: 0, unknown: 3 });
    expect(report.githubUnavailable).toMatch(/^GitHub is not connected/);
    expect(github.commitPulls.lookups.length).toBe(before);
    const text = await cli(['audit', 'conformance'], false);
    expect(text.stdout).toContain('GitHub was not asked (GitHub is not connected');
    expect(text.stdout).toContain('a pull request outside Release Desk and a direct push cannot be told apart');
    // Said once above the list, not again on every line.
    expect(text.stdout).toContain(`${short('direct')} "quick fix straight on master" (t@welkin.example, 2026-11-03): not merged by a release; a pull request outside Release Desk or a direct push cannot be told apart\n`);
  });

  it('GitHub failing: the exceptions are unknown, in GitHub\'s words', async () => {
    github.server.faults.answer({ status: 502, body: { message: 'Server Error' } });
    try {
      const result = await cli(['--json', 'audit', 'conformance']);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as { counts: unknown; commits: { verdict: { kind: string; reason?: string } }[] };
      expect(report.counts).toEqual({ released: 2, pullRequest: 0, direct: 0, unknown: 3 });
      expect(report.commits[1]?.verdict.reason).toBe('GitHub is unavailable (HTTP 502).');
    } finally {
      await github.server.faults.recover();
    }
  });

  it('--since: only commits since; all released gives exit 0', async () => {
    const since = JSON.parse((await cli(['--json', 'audit', 'conformance', '--since', '2026-11-02'])).stdout) as { counts: unknown };
    expect(since.counts).toEqual({ released: 2, pullRequest: 1, direct: 1, unknown: 0 });
    const conformant = await cli(['audit', 'conformance', '--since', '2026-11-05T10:00:00Z']);
    expect(conformant).toMatchObject({ code: 0, stderr: '' });
    expect(conformant.stdout).toContain('conformant: every commit came through a release');
  });

  it('usage: a bad DATE is exit 2, saying what it takes', async () => {
    const result = await cli(['audit', 'conformance', '--since', 'last week']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('--since "last week" is not a date');
  });
});
