/**
 * Two people, two machines, one GitHub: Dave runs the local tests and signs off on his
 * machine (published as Release Desk's commit statuses); Alice, the coordinator, sees the
 * branch eligible on hers, with Dave's name on the sign-off. A real repository, a local
 * fake GitHub answering in its documented shapes, and each person's own records folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINTS } from '../../electron/services/connections/endpoints';
import type { ReadinessRuntime } from '../../electron/services/readiness/readiness-runtime';
import { createEnvTokenSource } from '../../electron/services/vault/token-source';
import { loadWorkspaceConfig } from '../../electron/services/workspace/load-config';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import type { BoardSnapshot } from '../../shared/readiness/board-schema';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { rowOf as rowOfBoard } from '../fixtures/board-rows';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { quietRuntime } from '../fixtures/quiet-runtime';
import { trustNamedFolder, type WorkspaceTrust } from '../../electron/services/trust/workspace-trust';
import { writeWorkspaceFile } from '../fixtures/workspace-file';

const BRANCH = 'feat/booking';
const DAVE_TOKEN = 'ghp_dave_team_readiness';
const ALICE_TOKEN = 'ghp_alice_team_readiness';
const MALLORY_TOKEN = 'ghp_mallory_team_readiness';
const CHECKLIST = ['Book an appointment'];

let repo: TestRepo;
let github: FakeGitHub;
let config: WorkspaceConfig;
let trust: WorkspaceTrust;
let dataRoot: string;
let headSha: string;

beforeAll(async () => {
  github = await startFakeGitHub();
  github.addToken(DAVE_TOKEN, { login: 'dave', id: 2, name: 'Dave' });
  github.addToken(ALICE_TOKEN, { login: 'alice', id: 3, name: 'Alice' });
  github.addToken(MALLORY_TOKEN, { login: 'mallory', id: 4, name: 'Mallory' });
  repo = await createTestRepo();
  const masterSha = await repo.commit('master', { 'test.sh': 'echo all good\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await repo.git('checkout', '--quiet', '-b', BRANCH);
  headSha = await repo.commit('booking', { 'booking.txt': 'book\n' });
  await repo.git('push', '--quiet', 'origin', BRANCH);
  github.readiness.setBranch('master', masterSha);
  github.readiness.setBranch(BRANCH, headSha);
  github.readiness.setChecks(headSha, [{ kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success' }]);
  await writeWorkspaceFile(repo.root, {
    repoPath: './clone',
    github: 'welkin/web',
    ci: { provider: 'github-checks' },
    localTests: { command: 'sh test.sh' },
    checklist: CHECKLIST,
    signOff: ['dave', 'carol'],
  });
  const load = await loadWorkspaceConfig(repo.root);
  if (load.kind !== 'valid') throw new Error('the test workspace is invalid');
  config = load.config;
  trust = await trustNamedFolder(repo.root);
  dataRoot = await mkdtemp(path.join(os.tmpdir(), 'team-readiness-'));
});

afterAll(async () => {
  await github.close();
  await repo.cleanup();
  await rm(dataRoot, { recursive: true, force: true });
});

/** Release Desk on one person's machine: their token, their login, their records. */
function deskOf(login: string, token: string): ReadinessRuntime {
  return quietRuntime({
    config,
    trust,
    dataDir: path.join(dataRoot, login),
    secrets: () => [token],
    // A token is bound to the address it is for: here the fake GitHub, as the CLI's environment would say.
    services: {
      tokens: createEnvTokenSource({ GITHUB_TOKEN: token, RELEASE_DESK_GITHUB_API_URL: github.url }),
      endpoints: () => ({ ...DEFAULT_ENDPOINTS, github: github.url }),
    },
    githubLogin: async () => login,
    publishStatuses: true,
    machineName: login,
  });
}

const rowOf = (board: BoardSnapshot) => rowOfBoard(board, BRANCH);

describe('readiness across a team', () => {
  it('the coordinator sees the local tests and the sign-off an engineer made on his own machine', async () => {
    const alice = deskOf('alice', ALICE_TOKEN);
    const dave = deskOf('dave', DAVE_TOKEN);
    try {
      const before = rowOf(await alice.refreshNow());
      expect(before.readiness).toMatchObject({ state: 'blocked', blockers: [{ kind: 'local-tests-missing' }, { kind: 'sign-off-missing' }] });

      await dave.service.refresh({ fetch: false });
      expect(await dave.runLocalTests(BRANCH, headSha)).toMatchObject({ kind: 'passed', publication: { kind: 'published', context: 'release-desk/local-tests' } });
      expect((await dave.signOff(BRANCH, headSha, CHECKLIST)).publication).toEqual({ kind: 'published', context: 'release-desk/manual-testing' });

      // Alice asks again (the Refresh button): GitHub now holds Dave's two statuses.
      const after = rowOf(await alice.refreshNow());
      expect(after.readiness).toEqual({ state: 'eligible', sha: headSha });
      expect(after.signOff).toMatchObject({ sha: headSha, by: 'dave' });
      expect(after.localTests).toMatchObject({ sha: headSha, outcome: 'passed', by: 'dave' });
      // Release Desk's own statuses are the two conditions, never CI checks of their own.
      expect(after.checks.map((check) => check.name)).toEqual(['build']);
    } finally {
      await Promise.all([alice.stop(), dave.stop()]);
    }
  });

  it('a teammate\'s local tests that failed and then passed on the head show as flaky on the coordinator\'s board', async () => {
    await repo.git('checkout', '--quiet', BRANCH);
    // Fails on its first run on a machine, passes after: flaky by construction.
    const mark = path.join(dataRoot, 'ran-once');
    const flakyHead = await repo.commit('a flaky test', { 'test.sh': `if [ -f '${mark}' ]; then exit 0; fi; touch '${mark}'; exit 1\n` });
    await repo.git('push', '--quiet', 'origin', BRANCH);
    github.readiness.setBranch(BRANCH, flakyHead);
    github.readiness.setChecks(flakyHead, [{ kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success' }]);
    const dave = deskOf('dave', DAVE_TOKEN);
    const alice = deskOf('alice', ALICE_TOKEN);
    try {
      await dave.service.refresh({ fetch: true });
      expect(await dave.runLocalTests(BRANCH, flakyHead)).toMatchObject({ kind: 'failed' });
      expect(await dave.runLocalTests(BRANCH, flakyHead)).toMatchObject({ kind: 'passed', publication: { kind: 'published' } });
      expect(github.readiness.createdStatuses.at(-1)).toMatchObject({ sha: flakyHead, context: 'release-desk/local-tests', state: 'success' });
      expect(github.readiness.createdStatuses.at(-1)?.description).toMatch(/^Local tests passed in .* \(1 of 2 runs on this commit failed\) on dave's machine$/);

      // Alice never ran them: only Dave's published status tells her.
      const row = rowOf(await alice.refreshNow());
      expect(row.headSha).toBe(flakyHead);
      expect(row.localTests).toMatchObject({ sha: flakyHead, outcome: 'passed', by: 'dave', runs: { failed: 1, total: 2 } });
      expect(row.flaky).toEqual([expect.objectContaining({ source: 'local-tests', runs: 2, failed: 1, latest: 'passed', history: `failed 1 of 2 runs on ${flakyHead.slice(0, 7)}` })]);
    } finally {
      await Promise.all([dave.stop(), alice.stop()]);
    }
  });

  it('a sign-off published by someone people.signOff does not list does not count', async () => {
    await repo.git('checkout', '--quiet', BRANCH);
    const newHead = await repo.commit('a later push', { 'booking.txt': 'book v2\n' });
    await repo.git('push', '--quiet', 'origin', BRANCH);
    github.readiness.setBranch(BRANCH, newHead);
    github.readiness.setChecks(newHead, [{ kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success' }]);
    const mallory = deskOf('mallory', MALLORY_TOKEN);
    const alice = deskOf('alice', ALICE_TOKEN);
    try {
      await mallory.service.refresh({ fetch: true });
      // Mallory cannot sign off in Release Desk, but could post the status by hand:
      await expect(mallory.signOff(BRANCH, newHead, CHECKLIST)).rejects.toThrow(/may not sign off/);
      const response = await fetch(`${github.url}/repos/welkin/web/statuses/${newHead}`, {
        method: 'POST',
        headers: { authorization: `token ${MALLORY_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ state: 'success', context: 'release-desk/manual-testing', description: 'Signed off by mallory' }),
      });
      expect(response.status).toBe(201);
      expect(github.readiness.createdStatuses.at(-1)).toMatchObject({ sha: newHead, context: 'release-desk/manual-testing', state: 'success' });

      const row = rowOf(await alice.refreshNow());
      expect(row.headSha).toBe(newHead);
      expect(row.signOff).toBeNull();
      expect(row.readiness).toMatchObject({ state: 'blocked', blockers: expect.arrayContaining([expect.objectContaining({ kind: 'sign-off-missing' })]) });
    } finally {
      await Promise.all([mallory.stop(), alice.stop()]);
    }
  });
});
