import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadinessRecords } from '../../electron/services/readiness/readiness-records';
import { userDataDir } from '../../electron/services/settings/settings-location';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { writeWorkspaceFile } from '../fixtures/workspace-file';

// `release-desk readiness` as a user runs it (the built CLI in a child process) on a real
// repository whose CI is the local provider.
const bin = path.resolve(import.meta.dirname, '../../bin/release-desk.js');
let repo: TestRepo;
let config: string;

beforeAll(async () => {
  repo = await createTestRepo();
  config = await mkdtemp(path.join(os.tmpdir(), 'cli-readiness-config-'));
  await repo.commit('master', { 'test.sh': 'exit 0\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  for (const [branch, script] of [
    ['feat/green', 'echo green; exit 0\n'],
    ['feat/red', 'echo broken; exit 1\n'],
  ] as const) {
    await repo.git('checkout', '--quiet', '-b', branch, 'master');
    await repo.commit(branch, { 'test.sh': script });
    await repo.git('push', '--quiet', 'origin', branch);
  }
  await writeWorkspaceFile(repo.root, { name: 'CLI test', repoPath: './clone', ci: { provider: 'local' }, localTests: { command: 'sh test.sh' } });
});

afterAll(async () => {
  await repo.cleanup();
  await rm(config, { recursive: true, force: true });
});

function run(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, '--workspace', repo.root, ...args],
      { env: { ...process.env, RELEASE_DESK_CONFIG_DIR: config, COLUMNS: '200' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('release-desk readiness', () => {
  it('lists every branch with its verdict after the local CI has tested each head', async () => {
    const result = await run(['readiness']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^blocked +feat\/green +local tests have not been run on [0-9a-f]{7}; manual testing of [0-9a-f]{7} is not signed off$/);
    expect(lines[1]).toMatch(/^blocked +feat\/red +check "local-ci" failed on [0-9a-f]{7}; /);
  });

  it('one branch: exit 1 with one blocker per line when it is not eligible', async () => {
    const result = await run(['readiness', 'feat/red']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^feat\/red at [0-9a-f]{7}: blocked\n {2}- check "local-ci" failed on [0-9a-f]{7}\n {2}- local tests have not been run/);
  });

  it('--json documents the verdict, the blockers and the sources', async () => {
    const result = await run(['--json', 'readiness', 'feat/green']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      eligible: boolean;
      branch: { name: string; headSha: string; checks: unknown[]; readiness: { state: string; blockers: Array<{ kind: string }> } };
      sources: { git: { state: string }; ci: { state: string } };
    };
    expect(report.eligible).toBe(false);
    expect(report.branch.name).toBe('feat/green');
    expect(report.branch.headSha).toMatch(/^[0-9a-f]{40}$/);
    expect(report.branch.checks).toEqual([{ name: 'local-ci', state: 'success', url: null }]);
    expect(report.branch.readiness.blockers.map((blocker) => blocker.kind)).toEqual(['local-tests-missing', 'sign-off-missing']);
    expect(report.sources).toMatchObject({ git: { state: 'fresh' }, ci: { state: 'fresh' } });
  });

  it('--json with BRANCH lists the local test runs per commit, and a pass and a fail on one commit are flaky', async () => {
    const head = (await repo.git('rev-parse', 'origin/feat/green')).trim();
    const records = new ReadinessRecords(workspaceDataDir(userDataDir({ RELEASE_DESK_CONFIG_DIR: config }), repo.root));
    const run1 = { type: 'local-tests', branch: 'feat/green', sha: head, durationMs: 5, logFile: '/nowhere.log' } as const;
    await records.append({ ...run1, outcome: 'failed', at: '2026-11-02T10:00:00.000Z' });
    await records.append({ ...run1, outcome: 'passed', at: '2026-11-02T10:05:00.000Z', by: 'ada@example.com' });
    try {
      const result = await run(['--json', 'readiness', 'feat/green']);
      const report = JSON.parse(result.stdout) as { branch: { flaky?: unknown[] }; localTestRuns?: unknown[] };
      const history = `failed 1 of 2 runs on ${head.slice(0, 7)}`;
      expect(report.localTestRuns).toEqual([
        {
          sha: head,
          runs: [
            { sha: head, outcome: 'failed', at: '2026-11-02T10:00:00.000Z', durationMs: 5 },
            { sha: head, outcome: 'passed', at: '2026-11-02T10:05:00.000Z', durationMs: 5, by: 'ada@example.com' },
          ],
        },
      ]);
      expect(report.branch.flaky).toEqual([{ source: 'local-tests', name: 'local tests', sha: head, runs: 2, failed: 1, latest: 'passed', history }]);
      expect((await run(['readiness', 'feat/green'])).stdout).toContain(`\n  ~ local tests are flaky: ${history}\n`);
    } finally {
      await rm(records.file, { force: true });
    }
  });

  it('an unknown branch (even one that looks like shell) is an error naming it: exit 2', async () => {
    const result = await run(['readiness', 'feat/$(touch pwned)']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('release-desk: no branch feat/$(touch pwned) on origin (2 branches besides master)\n');
  });
});
