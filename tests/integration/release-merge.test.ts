/**
 * The merge step for real: through the pull request on a fake GitHub (127.0.0.1) that
 * merges into the bare origin as GitHub would, and with git alone — where a conflict and a
 * push the origin rejects are reported as they are, and nothing is forced.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReleaseGitHub } from '../../electron/services/releases/release-github';
import type { ReleaseService } from '../../electron/services/releases/release-service';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import { startFakeHttpServer, type FakeHttpServer, type FakeReply } from '../fakes/fake-http-server';
import { writeLocalCiWorkspace } from '../fixtures/local-ci-workspace';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { testReleaseService } from '../fixtures/test-release-service';

const exec = promisify(execFile);
const TOKEN = 'ghp_mergetesttoken0123456789abcdefabcdef';
const CAROL = 'carol@example.com';
let repo: TestRepo;
let dataDir: string;
let config: WorkspaceConfig;
let github: FakeHttpServer;
let preview: http.Server;
let previewUrl: string;
const heads: Record<string, string> = {};

const originGit = (...args: string[]) => exec('git', ['--git-dir', repo.origin, ...args], { encoding: 'utf8' }).then((run) => run.stdout.trim());
const originContains = (sha: string) => originGit('merge-base', '--is-ancestor', sha, 'refs/heads/master').then(() => true, () => false);

async function branch(name: string, files: Record<string, string>): Promise<string> {
  await repo.git('checkout', '--quiet', '-b', name, 'master');
  const sha = await repo.commit(name, files);
  await repo.git('push', '--quiet', 'origin', name);
  await repo.git('checkout', '--quiet', 'master');
  heads[name] = sha;
  return sha;
}

beforeAll(async () => {
  repo = await createTestRepo();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'release-merge-data-'));
  await repo.commit('master', { 'page.txt': 'heading\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await branch('feat/via-pr', { 'pr.txt': 'from a pull request\n' });
  await branch('feat/via-git', { 'git.txt': 'merged by git\n' });
  await branch('feat/conflicting', { 'page.txt': 'beta heading\n' });
  await branch('feat/rejected', { 'rejected.txt': 'the origin refuses this\n' });
  await repo.git('config', 'user.email', CAROL);
  await repo.git('config', 'user.name', 'Carol');
  // master moves on: the conflicting branch now conflicts with it.
  await repo.commit('master', { 'page.txt': 'appointments heading\n' });
  await repo.git('push', '--quiet', 'origin', 'master');

  preview = http.createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => preview.listen(0, '127.0.0.1', resolve));
  const address = preview.address();
  previewUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const script = async (name: string, body: string) => {
    await writeFile(path.join(repo.root, name), `#!/bin/sh\n${body}\n`);
    await chmod(path.join(repo.root, name), 0o755);
  };
  await script('stage1.sh', 'echo "PREVIEW_URL=$TEST_PREVIEW_URL"');
  await script('switchover.sh', 'printf "%s\\n" "$RELEASE_SHA" > live.txt');
  await script('current-version.sh', 'cat live.txt 2>/dev/null || git -C "$REPO_PATH" rev-parse master');
  config = await writeLocalCiWorkspace(repo.root, {
    repository: { github: 'welkin/web' },
    environments: {
      production: { commands: { stage1: './stage1.sh', switchover: './switchover.sh', rollback: 'true', currentVersion: './current-version.sh' } },
      staging: { commands: { stage1: './stage1.sh', switchover: './switchover.sh', rollback: 'true', currentVersion: './current-version.sh' } },
    },
    people: { coordinators: [CAROL], onCall: [CAROL], signOff: [CAROL] },
  });

  // The fake GitHub merges pull request 7 (feat/via-pr) into the origin with a merge commit, as GitHub does.
  github = await startFakeHttpServer();
  const mergeInOrigin = async (body: { sha?: string; commit_title?: string }): Promise<FakeReply> => {
    if (body.sha === undefined || body.sha !== heads['feat/via-pr']) return { status: 409, body: { message: 'Head branch was modified. Review and try the merge again.' } };
    const work = await mkdtemp(path.join(os.tmpdir(), 'fake-github-merge-'));
    try {
      await exec('git', ['clone', '--quiet', repo.origin, work]);
      const git = (...args: string[]) => exec('git', ['-C', work, '-c', 'user.name=GitHub', '-c', 'user.email=noreply@github.com', ...args], { encoding: 'utf8' });
      await git('merge', '--no-ff', '-m', body.commit_title ?? 'Merge pull request #7', body.sha);
      await git('push', '--quiet', 'origin', 'HEAD:refs/heads/master');
      const merged = (await git('rev-parse', 'HEAD')).stdout.trim();
      return { status: 200, body: { sha: merged, merged: true, message: 'Pull Request successfully merged' } };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  };
  github.route((request) => {
    if (request.headers.authorization !== `token ${TOKEN}`) return { status: 401, body: { message: 'Bad credentials' } };
    if (request.method === 'PUT' && request.path === '/repos/welkin/web/pulls/7/merge') {
      return mergeInOrigin(JSON.parse(request.body) as { sha?: string; commit_title?: string });
    }
    const pulls = /^\/repos\/welkin\/web\/commits\/([0-9a-f]{40})\/pulls$/.exec(request.path);
    if (request.method === 'GET' && pulls !== null) {
      return { status: 200, body: pulls[1] === heads['feat/via-pr'] ? [{ number: 7, title: 'Pull request seven', html_url: 'https://github.com/welkin/web/pull/7' }] : [] };
    }
    return undefined;
  });
});

afterAll(async () => {
  await new Promise((resolve) => preview.close(resolve));
  await github.close();
  await repo.cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

function service(withGitHub: boolean) {
  return testReleaseService({
    config,
    workspaceDir: repo.root,
    dataDir,
    actor: CAROL,
    secrets: () => [TOKEN],
    eligibility: async (name) => {
      const headSha = heads[name];
      if (headSha === undefined) return null;
      const pullRequest = name === 'feat/via-pr' ? { number: 7, url: 'https://github.com/welkin/web/pull/7', title: 'Pull request seven' } : null;
      return { headSha, eligible: true, summary: 'eligible for release', pullRequest };
    },
    github: withGitHub ? createReleaseGitHub({ repository: 'welkin/web', baseUrl: github.url, token: async () => TOKEN }) : null,
    baseEnv: { ...process.env, TEST_PREVIEW_URL: previewUrl },
    previewWaitMs: 5000,
  });
}

/** Plan → Stage 1 → sign-off → switchover (with its preflight) → healthy. */
async function liveAndHealthy(releases: ReleaseService, name: string, environment = 'production'): Promise<string> {
  const planned = await releases.plan({ environment, branch: name });
  const id = planned.state.id;
  expect((await releases.startStage1(id)).state.phase).toBe('exercising');
  await releases.signOff(id);
  const live = await releases.switchover(id);
  expect(live.state.steps.find((step) => step.step === 'switchover'), JSON.stringify(live.state.steps)).toMatchObject({ status: 'succeeded' });
  // Right after the switchover the watch window (15 min) is open: healthy needs a yes.
  expect((await releases.markVerdict(id, 'healthy', { confirmed: true })).state.verdict?.verdict).toBe('healthy');
  return id;
}

describe('merge', () => {
  it('through the pull request on GitHub: a merge commit, the SHA on the origin\'s master, notes with PR titles', async () => {
    const releases = service(true);
    const id = await liveAndHealthy(releases, 'feat/via-pr');
    const view = await releases.merge(id);
    expect(view.state.phase).toBe('done');
    expect(view.state.merge).toMatchObject({ method: 'pull-request', pullRequest: 7 });
    expect(await originContains(heads['feat/via-pr'] ?? '')).toBe(true);
    expect(await originGit('rev-parse', 'refs/heads/master')).toBe(view.state.merge?.mergeCommit);
    expect(view.state.releaseNotes).toEqual([expect.objectContaining({ sha: heads['feat/via-pr'], pullRequest: { number: 7, title: 'Pull request seven' } })]);
    const merge = github.requests.find((request) => request.method === 'PUT');
    expect(JSON.parse(merge?.body ?? '{}')).toMatchObject({ merge_method: 'merge', sha: heads['feat/via-pr'] });
  }, 60_000);

  it('with git alone: merge --no-ff onto the origin\'s master and an ordinary push; the checkout is untouched', async () => {
    const releases = service(false);
    const id = await liveAndHealthy(releases, 'feat/via-git');
    await writeFile(path.join(repo.clone, 'work-in-progress.txt'), 'not committed\n');
    const view = await releases.merge(id);
    expect(view.state.phase, view.state.steps.find((s) => s.step === 'merge')?.message).toBe('done');
    expect(view.state.merge?.method).toBe('git');
    expect(await originContains(heads['feat/via-git'] ?? '')).toBe(true);
    const parents = await originGit('rev-list', '--parents', '-n', '1', 'refs/heads/master');
    expect(parents.split(' ')).toHaveLength(3);
    expect(await repo.git('status', '--porcelain')).toBe('?? work-in-progress.txt');
    await rm(path.join(repo.clone, 'work-in-progress.txt'));
  }, 60_000);

  it('a conflict is reported with its files; the origin is unchanged', async () => {
    const releases = service(false);
    const id = await liveAndHealthy(releases, 'feat/conflicting');
    const before = await originGit('rev-parse', 'refs/heads/master');
    const view = await releases.merge(id);
    expect(view.state.steps.find((step) => step.step === 'merge')).toMatchObject({ status: 'failed', message: 'merge conflict in page.txt' });
    expect(view.state.phase).toBe('merge-failed');
    expect(await originGit('rev-parse', 'refs/heads/master')).toBe(before);
  }, 60_000);

  it('a push the origin rejects is reported as git said it, never forced', async () => {
    const hook = path.join(repo.origin, 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "master is frozen for the audit" >&2\nexit 1\n');
    await chmod(hook, 0o755);
    try {
      const releases = service(false);
      const id = await liveAndHealthy(releases, 'feat/rejected', 'staging');
      const before = await originGit('rev-parse', 'refs/heads/master');
      const view = await releases.merge(id);
      const merge = view.state.steps.find((step) => step.step === 'merge');
      expect(merge).toMatchObject({ status: 'failed' });
      expect(merge?.message).toMatch(/^the push to origin\/master was rejected: /);
      expect(await originGit('rev-parse', 'refs/heads/master')).toBe(before);
      const log = await releases.stepLog(id, 'merge', 1);
      expect(log).toContain('master is frozen for the audit');
      expect(log).not.toContain('--force');
    } finally {
      await rm(hook, { force: true });
    }
  }, 60_000);
});
