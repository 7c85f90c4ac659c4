/**
 * Issue 11: `release-desk readiness BRANCH` reads that one branch (its ref, ahead/behind,
 * conflict, CI in one GitHub query, records) and gives the verdict the full board gives it.
 * A generated repository (branches behind, ahead, conflicting, with failing, running and
 * passing checks, pull requests, and names a shell would choke on), the built CLI in child
 * processes, the fake GitHub counting requests and rate limit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import type { FakeCheck } from '../fakes/fake-github-readiness';
import { createBranchyWorld, defaultMaster, type BranchyWorld } from '../fixtures/branchy-repo';
import { runCliChild } from '../fixtures/cli-world';
import { writeWorkspaceFile } from '../fixtures/workspace-file';

const HOSTILE = ['feat/$(touch_pwned)', "feat/it's-\"quoted\"", 'feat/a;b|c&d', 'feat/rtl-\u202Egnp.exe', 'feat/ünï-cødé', 'feat/-dash'];
const NAMES = [...Array.from({ length: 8 }, (_, i) => `feature/b-${i}`), ...HOSTILE];

let world: BranchyWorld;
let github: FakeGitHub;
let folder: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  // master changes shared.txt at commit 6: branches forked earlier that touch it conflict.
  world = createBranchyWorld(
    defaultMaster(10, 6),
    NAMES.map((name, i) => ({ name, forkAt: (i * 3) % 10, files: { [`own-${i}.txt`]: `${i}\n`, ...(i % 4 === 0 ? { 'shared.txt': `branch ${i}\n` } : {}) } })),
  );
  github = await startFakeGitHub();
  github.addToken('gh-token', { login: 'carol', id: 7, name: 'Carol' });
  const refs = world.git(world.clone, ['for-each-ref', '--format=%(refname:lstrip=3)%00%(objectname)', 'refs/remotes/origin/']);
  refs
    .split('\n')
    .filter((line) => line !== '')
    .forEach((line, i) => {
      const [name = '', sha = ''] = line.split('\0');
      if (name === 'HEAD') return;
      github.readiness.setBranch(name, sha);
      const checks: FakeCheck[] = [
        { kind: 'check-run', name: 'build', status: i % 5 === 0 ? 'in_progress' : 'completed', conclusion: i % 5 === 0 ? null : i % 3 === 0 ? 'failure' : 'success' },
        { kind: 'status', context: 'ci/circleci: lint', state: 'success' },
      ];
      github.readiness.setChecks(sha, checks);
      if (i % 2 === 0 && name !== 'master') github.readiness.openPull(name, `Work on ${name}`, i % 4 === 0 ? 'APPROVED' : null);
    });
  folder = mkdtempSync(path.join(os.tmpdir(), 'one-branch-'));
  await writeWorkspaceFile(folder, { repoPath: world.clone, github: 'welkin/web', ci: { provider: 'github-checks' } });
  env = { ...process.env, RELEASE_DESK_CONFIG_DIR: mkdtempSync(path.join(os.tmpdir(), 'one-branch-config-')), GITHUB_TOKEN: 'gh-token', RELEASE_DESK_GITHUB_API_URL: github.url, COLUMNS: '200' };
}, 60_000);

afterAll(async () => {
  await github.close();
  world.cleanup();
  rmSync(folder, { recursive: true, force: true });
  rmSync(env.RELEASE_DESK_CONFIG_DIR as string, { recursive: true, force: true });
});

interface Row {
  readonly name: string;
  readonly readiness: { readonly state: string };
  readonly behind: number;
}

describe('release-desk readiness BRANCH', () => {
  it('gives every branch, hostile names included, the verdict the full board gives it, with one GitHub request', async () => {
    const full = await runCliChild(['--workspace', folder, '--json', 'readiness'], env);
    const board = JSON.parse(full.stdout) as { branches: Row[] };
    expect(board.branches.map((row) => row.name).sort()).toEqual([...NAMES].sort());
    // The world has every kind of answer, so agreeing means something.
    const verdicts = board.branches.map((row) => row as unknown as { readiness: { state: string; blockers?: { kind: string }[] } });
    const kinds = new Set(verdicts.flatMap((row) => row.readiness.blockers?.map((blocker) => blocker.kind) ?? []));
    for (const kind of ['conflicts', 'ci-failed', 'ci-pending', 'behind']) expect(kinds).toContain(kind);

    for (const expected of board.branches) {
      github.readiness.resetCharges();
      const before = github.server.requests.length;
      const one = await runCliChild(['--workspace', folder, '--json', 'readiness', expected.name], env);
      const requests = github.server.requests.slice(before);
      expect(one.stderr).toBe('');
      const answer = JSON.parse(one.stdout) as { eligible: boolean; branch: Row };
      expect(answer.branch, expected.name).toEqual(expected);
      expect(one.code).toBe(expected.readiness.state === 'eligible' ? 0 : 1);
      expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /graphql']);
      expect(github.readiness.charged.graphql).toBe(1);
    }
  }, 180_000);

  it('a branch the remote does not have: the error names it and counts the others', async () => {
    const run = await runCliChild(['--workspace', folder, 'readiness', 'feat/nope'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`release-desk: no branch feat/nope on origin (${NAMES.length} branches besides master)\n`);
  });
});
