/**
 * The demo world for real: a git origin with the readiness cases, a production switch on
 * 127.0.0.1, and stage1 → switchover → rollback driven through the configured commands by
 * the command runner, with values passed only as environment variables.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { DEMO_BRANCHES, startDemo, stopDemo, type RunningDemo } from '../../electron/services/demo';
import { isProcessAlive, signalGroup } from '../../electron/services/runner/process-group';
import { runCommand, type RunResult } from '../../electron/services/runner/run-command';
import { loadWorkspaceConfig } from '../../electron/services/workspace/load-config';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';

const exec = promisify(execFile);

let dir: string;
let demo: RunningDemo;
let config: WorkspaceConfig;
let masterSha: string;
/** Every pid the demo recorded at any point, for the final check and the safety net. */
const seenPids = new Set<number>();

async function recordedProcesses(): Promise<{ pid: number; pgid: number }[]> {
  const text = await readFile(path.join(dir, '.demo', 'processes.json'), 'utf8').catch(() => '{"processes":[]}');
  const processes = (JSON.parse(text) as { processes: { pid: number; pgid: number }[] }).processes;
  for (const entry of processes) seenPids.add(entry.pid);
  return processes;
}

async function git(...args: string[]): Promise<string> {
  return (await exec('git', ['-C', path.join(dir, 'repo'), ...args], { encoding: 'utf8' })).stdout.trim();
}

async function health(url: string): Promise<{ status: number; body: { status?: string; version?: string } }> {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as { status?: string; version?: string } };
}

type Step = 'stage1' | 'switchover' | 'rollback' | 'currentVersion';

/** Runs the workspace's configured command for a step, as a release would. */
async function step(name: Step, values: Record<string, string>): Promise<Extract<RunResult, { kind: 'exited' }>> {
  const production = config.environments.production;
  if (production === undefined) throw new Error('no production');
  const result = await runCommand(production.commands[name], {
    cwd: dir,
    env: { RELEASE_ENV: 'production', REPO_PATH: config.repository.path, ...values },
    timeoutMs: 20_000,
  });
  await recordedProcesses();
  if (result.kind !== 'exited' || result.code !== 0) throw new Error(`${name}: ${JSON.stringify(result)}`);
  return result;
}

async function cliStatus(): Promise<{ code: number; report: StatusReport; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['status', '--workspace', dir, '--json'],
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: process.env, cwd: dir },
    'test',
  );
  return { code, report: JSON.parse(stdout) as StatusReport, stderr };
}

interface StatusReport {
  workspace: { name: string; path: string };
  environments: {
    production: {
      version: string | null;
      health: { name: string; url: string; ok: boolean; status: number | null; latencyMs: number; version: string | null }[];
    };
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'demo-world-'));
  demo = await startDemo(dir);
  await recordedProcesses();
  const load = await loadWorkspaceConfig(dir);
  if (load.kind !== 'valid') throw new Error(`demo config not valid: ${JSON.stringify(load)}`);
  config = load.config;
  masterSha = await git('rev-parse', 'master');
});

afterAll(async () => {
  try {
    await stopDemo(dir);
  } finally {
    // Safety net: whatever a failed test left behind goes too.
    for (const entry of await recordedProcesses()) signalGroup(entry.pgid, 'SIGKILL');
    for (const pid of seenPids) signalGroup(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

describe('the demo world', () => {
  it('writes a release-desk.yml that the real schema accepts, pointing at the running switch', () => {
    const production = config.environments.production;
    expect(config.ci.provider).toBe('local');
    expect(config.repository.path).toBe(path.join(dir, 'repo'));
    expect(production?.health[0]?.url).toBe(`${demo.productionUrl}/health`);
    expect(production?.health[0]?.versionField).toBe('version');
    expect(demo.productionUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(config.people.signOff.length).toBeGreaterThan(0);
  });

  it('has an origin with master and a branch per readiness case', async () => {
    const remote = await exec('git', ['ls-remote', '--heads', path.join(dir, 'origin.git')], { encoding: 'utf8' });
    const heads = remote.stdout.trim().split('\n').map((line) => line.split('refs/heads/')[1]);
    expect(heads.sort()).toEqual(['master', ...Object.values(DEMO_BRANCHES)].sort());
    const behindAhead = async (branch: string) => git('rev-list', '--left-right', '--count', `master...${branch}`);
    expect(await behindAhead(DEMO_BRANCHES.behindMaster)).toBe('1\t1');
    expect(await behindAhead(DEMO_BRANCHES.ready)).toBe('0\t1');
    // merge-tree exits 1 on a conflict, 0 on a clean merge (the work tree is not touched).
    await expect(git('merge-tree', '--write-tree', 'master', DEMO_BRANCHES.conflicting)).rejects.toThrow();
    await expect(git('merge-tree', '--write-tree', 'master', DEMO_BRANCHES.behindMaster)).resolves.toMatch(/^[0-9a-f]{40}$/);
  });

  it("runs each branch's own tests with the configured local test command: ready passes, ci-failing fails", async () => {
    const outcomes: Record<string, number> = {};
    for (const branch of [DEMO_BRANCHES.ready, DEMO_BRANCHES.ciFailing]) {
      const worktree = path.join(dir, '.demo', `wt-${branch.replace('/', '-')}`);
      await git('worktree', 'add', '--detach', '--quiet', worktree, branch);
      try {
        const result = await runCommand(config.localTests?.command ?? [], { cwd: worktree, timeoutMs: 20_000 });
        outcomes[branch] = result.kind === 'exited' ? result.code : -1;
      } finally {
        await git('worktree', 'remove', '--force', worktree);
      }
    }
    expect(outcomes).toEqual({ [DEMO_BRANCHES.ready]: 0, [DEMO_BRANCHES.ciFailing]: 1 });
  });

  it("serves master's commit in production after start, and currentVersion says so", async () => {
    expect(demo.deployedSha).toBe(masterSha);
    expect(await health(demo.productionUrl)).toEqual({ status: 200, body: { status: 'ok', version: masterSha } });
    expect((await step('currentVersion', {})).output.trim()).toBe(masterSha);
  });

  it('stage1 → switchover → rollback moves production to the branch and back', async () => {
    const sha = await git('rev-parse', DEMO_BRANCHES.ready);
    const values = { RELEASE_SHA: sha, RELEASE_BRANCH: DEMO_BRANCHES.ready, RELEASE_ID: 'r-ready' };
    const stage1 = await step('stage1', values);
    const previewUrl = /^PREVIEW_URL=(\S+)$/m.exec(stage1.output)?.[1] ?? '';
    expect(previewUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(previewUrl).not.toBe(demo.productionUrl);
    expect(await health(previewUrl)).toEqual({ status: 200, body: { status: 'ok', version: sha } });
    expect((await health(demo.productionUrl)).body.version).toBe(masterSha);

    await step('switchover', { ...values, PREVIEW_URL: previewUrl });
    expect((await health(demo.productionUrl)).body.version).toBe(sha);
    expect((await step('currentVersion', {})).output.trim()).toBe(sha);

    await step('rollback', { ...values, PREVIOUS_SHA: masterSha });
    expect(await health(demo.productionUrl)).toEqual({ status: 200, body: { status: 'ok', version: masterSha } });
  });

  it('the faulty release turns production red after switchover; status says so; rollback fixes it', async () => {
    const sha = await git('rev-parse', DEMO_BRANCHES.faultyRelease);
    const values = { RELEASE_SHA: sha, RELEASE_BRANCH: DEMO_BRANCHES.faultyRelease, RELEASE_ID: 'r-faulty' };
    const previewUrl = /^PREVIEW_URL=(\S+)$/m.exec((await step('stage1', values)).output)?.[1] ?? '';
    expect((await health(previewUrl)).status).toBe(200);

    await step('switchover', { ...values, PREVIEW_URL: previewUrl });
    const red = await health(demo.productionUrl);
    expect(red.status).toBe(500);
    expect(red.body).toMatchObject({ status: 'error', version: sha });
    const unhealthy = await cliStatus();
    expect(unhealthy.code).toBe(1);
    expect(unhealthy.report.environments.production.version).toBe(sha);
    expect(unhealthy.report.environments.production.health[0]).toMatchObject({ ok: false, status: 500, version: sha });

    // No PREVIOUS_SHA: the script rolls back to the version the switchover recorded.
    await step('rollback', { RELEASE_ID: 'r-faulty' });
    expect(await health(demo.productionUrl)).toEqual({ status: 200, body: { status: 'ok', version: masterSha } });
  });

  it('the scripts treat their environment values as data and refuse missing or unknown ones', async () => {
    const stage1 = config.environments.production?.commands.stage1 ?? '';
    const missing = await runCommand(stage1, { cwd: dir });
    expect(missing).toMatchObject({ kind: 'exited', code: 1, output: 'error: RELEASE_SHA is not set\n' });
    for (const hostile of ['$(touch pwned)', '--output=pwned', 'master; touch pwned']) {
      const result = await runCommand(stage1, { cwd: dir, env: { RELEASE_SHA: hostile } });
      expect(result).toMatchObject({ kind: 'exited', code: 1 });
    }
    const wrongPreview = await runCommand(config.environments.production?.commands.switchover ?? '', {
      cwd: dir,
      env: { PREVIEW_URL: 'http://127.0.0.1:1' },
    });
    expect(wrongPreview).toMatchObject({ kind: 'exited', code: 1 });
    expect((await exec('find', [dir, '-name', 'pwned*'], { encoding: 'utf8' })).stdout).toBe('');
    expect((await health(demo.productionUrl)).body.version).toBe(masterSha);
  });

  it('release-desk status --workspace DIR --json reports the version and health of production', async () => {
    const { code, report, stderr } = await cliStatus();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report.workspace).toEqual({ name: 'Welkin web (demo)', path: dir });
    expect(report.environments.production.version).toBe(masterSha);
    const [web] = report.environments.production.health;
    expect(web).toMatchObject({ name: 'web', url: `${demo.productionUrl}/health`, ok: true, status: 200, version: masterSha });
    expect(web?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('a second start reuses the running demo', async () => {
    const started = Date.now();
    const again = await startDemo(dir);
    expect(again).toEqual({ ...demo, deployedSha: masterSha, reused: true });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('demo stop ends every process it started; the next start brings production back', async () => {
    const before = await recordedProcesses();
    expect(before.length).toBeGreaterThanOrEqual(4); // the switch, master, ready, faulty
    const { stopped } = await stopDemo(dir);
    expect([...stopped].sort()).toEqual(before.map((entry) => entry.pid).sort());
    expect([...seenPids].filter((pid) => isProcessAlive(pid))).toEqual([]);
    expect(await recordedProcesses()).toEqual([]);
    await expect(fetch(`${demo.productionUrl}/health`)).rejects.toThrow();

    // Through the CLI this time: the folder is the last line of stdout.
    let stdout = '';
    const code = await runCli(
      ['demo', '--dir', dir],
      { stdout: (text) => (stdout += text), stderr: () => undefined, env: process.env, cwd: os.tmpdir() },
      'test',
    );
    await recordedProcesses();
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(dir);
    const restarted = await startDemo(dir);
    expect(restarted.reused).toBe(true);
    expect((await health(restarted.productionUrl)).body.version).toBe(masterSha);
    // The config follows the switch wherever it listens now.
    const load = await loadWorkspaceConfig(dir);
    expect(load.kind === 'valid' && load.config.environments.production?.health[0]?.url).toBe(`${restarted.productionUrl}/health`);
  });
});
