import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLocalTests } from '../../electron/services/readiness/local-test-run';
import { ReadinessRecords } from '../../electron/services/readiness/readiness-records';
import { trustNamedFolder, type WorkspaceTrust } from '../../electron/services/trust/workspace-trust';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';

let repo: TestRepo;
let data: string;
let records: ReadinessRecords;
let trust: WorkspaceTrust;

beforeEach(async () => {
  repo = await createTestRepo();
  data = await mkdtemp(path.join(os.tmpdir(), 'desk-data-'));
  records = new ReadinessRecords(data);
  trust = await trustNamedFolder(repo.clone);
});
afterEach(async () => {
  await repo.cleanup();
  await rm(data, { recursive: true, force: true });
});

const request = (sha: string, branch: string, command: string) => ({
  trust,
  repoPath: repo.clone,
  branch,
  sha,
  command,
  timeoutMs: 20_000,
  logDir: path.join(data, 'logs'),
});

describe('runLocalTests', () => {
  it('runs the command in a worktree of the exact SHA and records a pass', async () => {
    const passing = await repo.commit('tests pass', { 'test.sh': 'echo "testing $RELEASE_BRANCH at $RELEASE_SHA"; test -f marker\n', marker: '' });
    await repo.commit('later commit without the marker', { 'test.sh': 'exit 1\n' });
    const output: string[] = [];
    const outcome = await runLocalTests({ ...request(passing, 'feat/a', 'sh test.sh'), onOutput: (chunk) => output.push(chunk) }, records);
    expect(outcome).toMatchObject({ kind: 'passed', sha: passing });
    expect(output.join('')).toBe(`testing feat/a at ${passing}\n`);
    const recorded = (await records.read()).forBranch('feat/a');
    expect(recorded.localTests).toMatchObject({ sha: passing, outcome: 'passed' });
    expect(await readFile(recorded.localTestLog ?? '', 'utf8')).toContain(`testing feat/a at ${passing}`);
  });

  // The temporary worktree's path means nothing to the reader and is gone after the run.
  it('shows and stores paths relative to the worktree, and records who ran the tests', async () => {
    const sha = await repo.commit('tests that print paths', { 'test.sh': 'echo "at $PWD/src/app.test.js"; printf "%s" "$PWD" >&2; echo " done" >&2\n' });
    const output: string[] = [];
    const outcome = await runLocalTests({ ...request(sha, 'feat/paths', 'sh test.sh'), by: 'carol', onOutput: (chunk) => output.push(chunk) }, records);
    expect(outcome).toMatchObject({ kind: 'passed' });
    expect(output.join('')).toContain('at ./src/app.test.js\n');
    expect(output.join('')).toContain('. done');
    expect(output.join('')).not.toContain('release-desk-worktree-');
    const recorded = (await records.read()).forBranch('feat/paths');
    expect(recorded.localTests).toMatchObject({ by: 'carol' });
    const log = await readFile(recorded.localTestLog ?? '', 'utf8');
    expect(log).toContain('at ./src/app.test.js');
    expect(log).not.toContain('release-desk-worktree-');
  });

  it('keeps the log of each commit apart', async () => {
    const first = await repo.commit('first', { 'test.sh': 'echo first run\n' });
    await runLocalTests(request(first, 'feat/two', 'sh test.sh'), records);
    const second = await repo.commit('second', { 'test.sh': 'echo second run\n' });
    await runLocalTests(request(second, 'feat/two', 'sh test.sh'), records);
    const snapshot = await records.read();
    expect(await readFile(snapshot.localTestLog('feat/two', first) ?? '', 'utf8')).toContain('first run');
    expect(await readFile(snapshot.localTestLog('feat/two', second) ?? '', 'utf8')).toContain('second run');
    expect(snapshot.localTestLog('feat/other', first)).toBeNull();
  });

  it('records a failure with its SHA', async () => {
    const failing = await repo.commit('tests fail', { 'test.sh': 'echo broken >&2; exit 3\n' });
    const outcome = await runLocalTests(request(failing, 'feat/b', 'sh test.sh'), records);
    expect(outcome).toMatchObject({ kind: 'failed', sha: failing });
    expect((await records.read()).forBranch('feat/b').localTests).toMatchObject({ sha: failing, outcome: 'failed' });
  });

  it("never touches the user's checkout and leaves no worktree behind", async () => {
    const sha = await repo.commit('base', { 'test.sh': 'echo hi > created-by-tests.txt\n' });
    await writeFile(path.join(repo.clone, 'uncommitted.txt'), 'work in progress');
    const headBefore = await repo.git('rev-parse', 'HEAD');
    await runLocalTests(request(sha, 'master', 'sh test.sh'), records);
    expect(await repo.git('rev-parse', 'HEAD')).toBe(headBefore);
    expect(await repo.git('status', '--porcelain')).toBe('?? uncommitted.txt');
    expect(existsSync(path.join(repo.clone, 'created-by-tests.txt'))).toBe(false);
    expect((await repo.git('worktree', 'list')).split('\n')).toHaveLength(1);
  });

  it('a branch name with shell metacharacters is data, never executed', async () => {
    const sha = await repo.commit('base', { 'test.sh': 'printf "%s" "$RELEASE_BRANCH"\n' });
    const branch = `feat/$(touch ${path.join(repo.root, 'pwned')});rm -rf x`;
    const output: string[] = [];
    const outcome = await runLocalTests({ ...request(sha, branch, 'sh test.sh'), onOutput: (chunk) => output.push(chunk) }, records);
    expect(outcome.kind).toBe('passed');
    expect(output.join('')).toBe(branch);
    expect(existsSync(path.join(repo.root, 'pwned'))).toBe(false);
  });

  it('cancel ends the whole process group and records nothing', async () => {
    const sha = await repo.commit('slow', { 'test.sh': 'sleep 30 & echo started; wait\n' });
    const controller = new AbortController();
    const outcome = runLocalTests(
      { ...request(sha, 'feat/slow', 'sh test.sh'), signal: controller.signal, onOutput: () => controller.abort() },
      records,
    );
    expect(await outcome).toEqual({ kind: 'cancelled', sha });
    expect((await records.read()).forBranch('feat/slow').localTests).toBeNull();
  });

  it('an unknown SHA is reported, not recorded', async () => {
    await repo.commit('base', { 'test.sh': 'exit 0\n' });
    const outcome = await runLocalTests(request('f'.repeat(40), 'ghost', 'sh test.sh'), records);
    expect(outcome).toMatchObject({ kind: 'could-not-run', sha: 'f'.repeat(40) });
    expect((await records.read()).forBranch('ghost').localTests).toBeNull();
  });
});

describe('ReadinessRecords', () => {
  it('keeps the latest record per branch and reports unreadable lines without losing any', async () => {
    const sha = 'a'.repeat(40);
    await records.append({ type: 'sign-off', branch: 'feat/x', sha, by: 'carol', at: '2026-11-26T10:00:00.000Z', items: ['login'] });
    await writeFile(records.file, `${await readFile(records.file, 'utf8')}{not json\n{"type":"sign-off","branch":"feat/x"}\n`);
    await records.append({ type: 'sign-off', branch: 'feat/x', sha, by: 'dave', at: '2026-11-26T11:00:00.000Z', items: ['login'] });
    const snapshot = await records.read();
    expect(snapshot.forBranch('feat/x').signOff).toEqual({ sha, by: 'dave', at: '2026-11-26T11:00:00.000Z', items: ['login'] });
    expect(snapshot.problems).toEqual([
      `${records.file}:2: not JSON`,
      `${records.file}:3: sha: Invalid input: expected string, received undefined`,
    ]);
    expect((await readFile(records.file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(4);
  });
});
