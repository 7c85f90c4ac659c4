/**
 * Git's child processes — and so the repository's own hooks — must not see the tokens
 * Release Desk was started with. A real repository whose `post-checkout` hook writes its
 * environment to a file; the hook is triggered through our git code (the detached worktree
 * every local test run checks out) with GITHUB_TOKEN, SLACK_TOKEN and friends set in this
 * process. The control shows the hook does run and does record an ordinary variable.
 */
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitEnvironment } from '../../electron/services/git/run-git';
import { withDetachedWorktree } from '../../electron/services/git/worktree';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';

const PLANTED: Readonly<Record<string, string>> = {
  GITHUB_TOKEN: 'ghp_hookCanaryGithub0123456789abcdef',
  GH_TOKEN: 'ghp_hookCanaryGh0123456789abcdef',
  SLACK_TOKEN: 'xoxb-hookCanarySlack0123456789',
  CIRCLECI_TOKEN: 'hookCanaryCircle0123456789abcdef',
  CIRCLE_TOKEN: 'hookCanaryCircleAlias0123456789',
  RELEASE_DESK_DEPLOY_TOKEN: 'hookCanaryDesk0123456789abcdef',
  // Not named like a token, but carrying one: withheld by value.
  DESK_AUTH_HEADER: 'Authorization: token ghp_hookCanaryGithub0123456789abcdef',
  DESK_HOOK_ORDINARY: 'ordinary-value',
};

let repo: TestRepo;
let sha: string;
const envFile = () => path.join(repo.root, 'hook-environment.txt');
const saved = Object.fromEntries(Object.keys(PLANTED).map((name) => [name, process.env[name]]));

beforeAll(async () => {
  Object.assign(process.env, PLANTED);
  repo = await createTestRepo();
  sha = await repo.commit('first', { 'a.txt': 'a\n' });
  const hook = path.join(repo.clone, '.git', 'hooks', 'post-checkout');
  await writeFile(hook, `#!/bin/sh\nenv > ${JSON.stringify(envFile())}\n`);
  await chmod(hook, 0o755);
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await repo.cleanup();
});

describe('git child processes', () => {
  it('give a post-checkout hook no token, run through the worktree of a local test run', async () => {
    await rm(envFile(), { force: true });
    const outcome = await withDetachedWorktree(repo.clone, sha, async () => 'checked out');
    expect(outcome).toEqual({ kind: 'ran', value: 'checked out' });
    const recorded = await readFile(envFile(), 'utf8');
    // The hook ran with an environment, just not the tokens.
    expect(recorded).toContain('DESK_HOOK_ORDINARY=ordinary-value');
    for (const [name, value] of Object.entries(PLANTED)) {
      if (name === 'DESK_HOOK_ORDINARY') continue;
      expect(recorded, name).not.toContain(`${name}=`);
      expect(recorded, name).not.toContain(value);
    }
  });

  it('strips the token variables even though no vault is involved', () => {
    const env = gitEnvironment();
    for (const name of ['GITHUB_TOKEN', 'GH_TOKEN', 'SLACK_TOKEN', 'CIRCLECI_TOKEN', 'CIRCLE_TOKEN', 'RELEASE_DESK_DEPLOY_TOKEN', 'DESK_AUTH_HEADER']) {
      expect(env[name], name).toBeUndefined();
    }
    expect(env.DESK_HOOK_ORDINARY).toBe('ordinary-value');
    expect(env.GIT_TERMINAL_PROMPT).toBe('0');
  });
});
