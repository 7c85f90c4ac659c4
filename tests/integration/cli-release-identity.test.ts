/**
 * Who the CLI acts as: GITHUB_TOKEN's login (one GET /user to a fake GitHub on 127.0.0.1)
 * when set, else the clone's git user.email; RELEASE_DESK_ACTOR names nobody. Runs the CLI
 * in-process on a real workspace.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import type { ReleaseView } from '../../shared/releases/release-ipc';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import type { TestRepo } from '../fixtures/git-repo';
import { createOneBranchReleaseRepo } from '../fixtures/one-branch-release-repo';

const TOKEN = 'ghp_releaseidentitytoken0123456789abcdef';
let repo: TestRepo;
let configDir: string;
let github: FakeGitHub;

beforeAll(async () => {
  repo = await createOneBranchReleaseRepo({ branch: 'feat/x', moreCoordinators: ['octocat'] });
  configDir = await mkdtemp(path.join(os.tmpdir(), 'cli-release-identity-'));
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'octocat', id: 1, name: null });
});

afterAll(async () => {
  await github.close();
  await repo.cleanup();
  await rm(configDir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['--workspace', repo.root, ...args],
    {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, RELEASE_DESK_CONFIG_DIR: configDir, RELEASE_DESK_GITHUB_API_URL: github.url, ...env },
      cwd: repo.root,
    },
    'test',
  );
  return { code, stdout, stderr };
}

describe('the CLI\'s identity', () => {
  it('GITHUB_TOKEN: the login GitHub names (RELEASE_DESK_ACTOR is ignored); the token appears nowhere', async () => {
    const planned = await cli(['--json', 'release', 'plan', 'feat/x', '--override-reason', 'identity test'], { GITHUB_TOKEN: TOKEN, RELEASE_DESK_ACTOR: 'mallory' });
    expect(planned.code, planned.stderr).toBe(0);
    const view = JSON.parse(planned.stdout) as ReleaseView;
    expect(view.viewer).toEqual({ id: 'octocat', source: 'github', roles: ['coordinator'] });
    expect(view.state.coordinator).toBe('octocat');
    expect(`${planned.stdout}${planned.stderr}`).not.toContain(TOKEN);
  }, 60_000);

  it('without a token: the clone\'s git user.email', async () => {
    const shown = await cli(['--json', 'release', 'show'], { RELEASE_DESK_ACTOR: 'octocat' });
    expect(shown.code, shown.stderr).toBe(0);
    expect((JSON.parse(shown.stdout) as ReleaseView).viewer).toEqual({ id: 'carol@example.com', source: 'git-config', roles: ['coordinator', 'sign-off'] });
  });

  it('a token GitHub refuses is an error (exit 2), not a quiet fall-back to the e-mail', async () => {
    const refused = await cli(['release', 'show'], { GITHUB_TOKEN: 'ghp_notatokengithubknows000000000000000' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^release-desk: GITHUB_TOKEN is set but GitHub did not say whose it is \(Bad credentials\); fix or unset it\n$/);
    expect(refused.stderr).not.toContain('ghp_notatoken');
  });
});
