/**
 * `release-desk audit conformance` on a real repository (a bare origin and a clone) whose
 * master holds: the initial commit, a release's merge, a direct push, a pull request merged
 * outside Release Desk, and a second release's merge. Releases are recorded in a real journal;
 * GitHub is the fake on 127.0.0.1, asked through the same client and token binding as the app.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { userDataDir } from '../../electron/services/settings/settings-location';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { createConformanceRepo, type ConformanceCommit } from '../fixtures/conformance-repo';
import type { TestRepo } from '../fixtures/git-repo';
import { writeStoryWorkspaceFile } from '../fixtures/story-workspace';

const TOKEN = 'ghp_conformanceToken';
let repo: TestRepo;
let github: FakeGitHub;
let configDir: string;
let sha: Readonly<Record<ConformanceCommit, string>>;

beforeAll(async () => {
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'alice', id: 7, name: 'Alice' });
  configDir = await mkdtemp(path.join(os.tmpdir(), 'cli-audit-conformance-'));
  const world = await createConformanceRepo(github);
  ({ repo, sha } = world);
  // The two releases recorded in the journal, each with the merge commit it wrote.
  const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userDataDir({ RELEASE_DESK_CONFIG_DIR: configDir }), repo.root)) });
  for (const draft of world.story.drafts) await journal.append(() => draft);

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

const short = (name: ConformanceCommit) => sha[name].slice(0, 7);

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
