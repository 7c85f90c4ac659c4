/**
 * The release service and the rollback together on the demo world, all by the built CLI in
 * child processes: feature/faulty-release released through `release-desk release …`; a
 * rollback while its switchover still runs in another process ends that switchover (abort
 * and roll back: journaled cancelled by whom) and brings production back (asked over HTTP),
 * and the release reads `rolled-back` in `release show`.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BRANCHES, startDemo, type RunningDemo } from '../../electron/services/demo';
import type { ReleaseView } from '../../shared/releases/release-ipc';
import { tearDownDemo } from '../fixtures/demo-teardown';

const exec = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/release-desk.js');
const CAROL = 'carol@welkin.example';

let dir: string;
let configDir: string;
let demo: RunningDemo;

function start(args: readonly string[], extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, RELEASE_DESK_CONFIG_DIR: configDir, ...extra };
  for (const name of ['GITHUB_TOKEN', 'SLACK_TOKEN', 'CIRCLECI_TOKEN', 'RELEASE_DESK_WORKSPACE']) delete env[name];
  const child = spawn(process.execPath, [bin, '--workspace', dir, ...args], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = { code: null as number | null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  const done = new Promise<typeof run>((resolve) => child.on('close', (code) => resolve({ ...run, code })));
  return { run, done };
}
const cli = (args: readonly string[], extra: Record<string, string> = {}) => start(args, extra).done;

async function productionVersion(): Promise<string | undefined> {
  return ((await (await fetch(`${demo.productionUrl}/health`)).json()) as { version?: string }).version;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rollback-flow-'));
  configDir = await mkdtemp(path.join(os.tmpdir(), 'rollback-flow-config-'));
  demo = await startDemo(dir);
  await exec('git', ['-C', path.join(dir, 'repo'), 'config', 'user.email', CAROL]);
  const readiness = await cli(['readiness', DEMO_BRANCHES.faultyRelease]);
  expect(readiness.code, readiness.stderr).toBe(0);
}, 240_000);

afterAll(() => tearDownDemo(dir, configDir));

describe('release, then roll back, by CLI', () => {
  it('a rollback while the switchover runs in another process ends it, then rolls the release back to PREVIOUS_SHA', async () => {
    const master = (await exec('git', ['-C', path.join(dir, 'repo'), 'rev-parse', 'master'], { encoding: 'utf8' })).stdout.trim();
    const faulty = (await exec('git', ['-C', path.join(dir, 'repo'), 'rev-parse', DEMO_BRANCHES.faultyRelease], { encoding: 'utf8' })).stdout.trim();
    for (const args of [['release', 'plan', DEMO_BRANCHES.faultyRelease, '--engineers', CAROL], ['release', 'stage1'], ['release', 'signoff'], ['release', 'preflight']]) {
      const result = await cli(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }

    const switching = start(['release', 'switchover', '--yes'], { DEMO_SWITCHOVER_DELAY_MS: '30000' });
    const deadline = Date.now() + 60_000;
    while (!switching.run.stderr.includes('Switching in 30000 ms') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const rolledBack = await cli(['--json', 'rollback', '--yes']);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(JSON.parse(rolledBack.stdout)).toMatchObject({ kind: 'rolled-back', fromSha: faulty, toSha: master });
    const switched = await switching.done;
    expect(switched.code, switched.stderr).toBe(1);
    expect(switched.stderr).toMatch(/cancelled by carol@welkin\.example at \d\d:\d\d UTC from another Release Desk process/);
    expect(await productionVersion()).toBe(master);
    const shown = await cli(['--json', 'release', 'show']);
    const view = JSON.parse(shown.stdout) as ReleaseView;
    expect(view.state.phase).toBe('rolled-back');
    expect(view.state.rollback).toMatchObject({ fromSha: faulty, toSha: master, healthy: true, by: CAROL });
    const plan = await cli(['release', 'plan', DEMO_BRANCHES.ready]);
    expect(plan.code).not.toBe(0);
    expect(plan.stderr).toMatch(/production is locked since \d\d:\d\d by carol@welkin\.example: rolled back/);
  }, 300_000);
});
