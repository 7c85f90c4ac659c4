/**
 * The release checklist by CLI on the demo world, as users run it: the built CLI in child
 * processes, the demo's real git origin, production switch and deploy scripts. One release
 * from plan to merge (two plans racing at the start, a non-listed user refused at Stage 2
 * and then overriding with a reason), a branch named like shell code deployed as data and
 * aborted, and a `kill -9` in the middle of a switchover resolved afterwards.
 */
import { execFile, spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BRANCHES, startDemo, type RunningDemo } from '../../electron/services/demo';
import { userDataDir } from '../../electron/services/settings/settings-location';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import type { ReleaseView } from '../../shared/releases/release-ipc';
import { tearDownDemo } from '../fixtures/demo-teardown';

const exec = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/release-desk.js');
const CAROL = 'carol@welkin.example';
const MALLORY = 'mallory@welkin.example';

let dir: string;
let configDir: string;
let demo: RunningDemo;

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no tokens of the machine, our own settings folder. */
function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, RELEASE_DESK_CONFIG_DIR: configDir, ...extra };
  for (const name of ['GITHUB_TOKEN', 'SLACK_TOKEN', 'CIRCLECI_TOKEN', 'RELEASE_DESK_WORKSPACE']) delete env[name];
  return env;
}

function start(args: readonly string[], extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, '--workspace', dir, ...args], { env: cliEnv(extra), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: CliRun = { code: null, signal: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => {
      run.code = code;
      run.signal = signal;
      resolve(run);
    }),
  );
  return { child, run, done };
}

const cli = (args: readonly string[], extra: Record<string, string> = {}) => start(args, extra).done;

async function show(): Promise<ReleaseView> {
  const result = await cli(['--json', 'release', 'show']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ReleaseView;
}

const git = async (...args: string[]) => (await exec('git', ['-C', path.join(dir, 'repo'), ...args], { encoding: 'utf8' })).stdout.trim();
const originContains = async (sha: string) =>
  exec('git', ['--git-dir', path.join(dir, 'origin.git'), 'merge-base', '--is-ancestor', sha, 'refs/heads/master']).then(
    () => true,
    () => false,
  );

async function productionVersion(): Promise<string | undefined> {
  const response = await fetch(`${demo.productionUrl}/health`);
  return ((await response.json()) as { version?: string }).version;
}

async function waitFor<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'release-cli-'));
  configDir = await mkdtemp(path.join(os.tmpdir(), 'release-cli-config-'));
  demo = await startDemo(dir);
  // The demo team's earlier work (their local test runs, Dave's sign-offs) is seeded by the
  // first read, so the racing plans below find it done.
  const readiness = await cli(['readiness', DEMO_BRANCHES.ready]);
  expect(readiness.code, readiness.stderr).toBe(0);
}, 180_000);

afterAll(() => tearDownDemo(dir, configDir));

describe('release by CLI on the demo world', () => {
  let sha: string;

  it('two plans at once: one gets the environment, the other is refused naming who holds it', async () => {
    const [first, second] = await Promise.all([cli(['release', 'plan', DEMO_BRANCHES.ready]), cli(['release', 'plan', DEMO_BRANCHES.ready])]);
    const codes = [first.code, second.code].sort();
    expect(codes, `${first.stderr}\n${second.stderr}`).toEqual([0, 1]);
    const refused = first.code === 1 ? first : second;
    expect(refused.stderr).toMatch(/^release-desk: .*carol@welkin\.example.*\n$/);
    expect(refused.stderr).toContain('r');
    const view = await show();
    sha = await git('rev-parse', `refs/remotes/origin/${DEMO_BRANCHES.ready}`);
    expect(view.state).toMatchObject({ branch: DEMO_BRANCHES.ready, sha, coordinator: CAROL, onCall: CAROL, engineers: [CAROL], phase: 'planned' });
    expect(view.viewer).toEqual({ id: CAROL, source: 'git-config', roles: ['coordinator', 'on-call', 'sign-off'] });
  }, 180_000);

  it('Stage 1 prints its output live on stderr and records the preview, which answers', async () => {
    const result = await cli(['release', 'stage1']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^stage1\| PREVIEW_URL=http:\/\/127\.0\.0\.1:\d+$/m);
    const view = await show();
    expect(view.state.phase).toBe('exercising');
    expect(view.state.previewUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${view.state.previewUrl ?? ''}/health`)).status).toBe(200);
  }, 120_000);

  it('sign-off and preflight: production\'s version is recorded as the rollback target', async () => {
    const before = await productionVersion();
    expect((await cli(['release', 'signoff', '--note', 'booked and cancelled'])).code).toBe(0);
    const preflight = await cli(['release', 'preflight']);
    expect(preflight.code, preflight.stderr).toBe(0);
    const view = await show();
    expect(view.state.previousSha).toBe(before);
    expect(view.state.signOffs.map((signOff) => signOff.engineer)).toEqual([CAROL]);
  }, 120_000);

  it('switchover without --yes and without a terminal refuses (exit 2) and changes nothing', async () => {
    const before = await productionVersion();
    const result = await cli(['release', 'switchover']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/this changes production; pass --yes/);
    expect(await productionVersion()).toBe(before);
  }, 60_000);

  it('a user not on call is refused Stage 2 with the reason (exit 1); with --override-reason it is done and recorded', async () => {
    await git('config', 'user.email', MALLORY);
    try {
      const refused = await cli(['release', 'switchover', '--yes']);
      expect(refused.code).toBe(1);
      // One sentence on one line: the rule's own words.
      expect(refused.stderr).toMatch(/^release-desk: [^\n]+\n$/);
      expect(refused.stderr).toContain(MALLORY);
      expect(refused.stderr).toContain('switch production');
      expect(await productionVersion()).not.toBe(sha);

      const overridden = await cli(['release', 'switchover', '--yes', '--override-reason', 'Carol is on a plane; Bob agreed by phone']);
      expect(overridden.code, overridden.stderr).toBe(0);
    } finally {
      await git('config', 'user.email', CAROL);
    }
    expect(await productionVersion()).toBe(sha);
    const view = await show();
    expect(view.state.phase).toBe('watching');
    expect(view.state.overrides).toEqual([
      expect.objectContaining({ action: 'switchover', by: MALLORY, reason: 'Carol is on a plane; Bob agreed by phone', refusal: expect.stringContaining(MALLORY) }),
    ]);
    const switchover = view.state.steps.find((step) => step.step === 'switchover');
    expect(switchover).toMatchObject({ status: 'succeeded', startedBy: MALLORY, exitCode: 0 });
  }, 120_000);

  it('healthy before the watch window ends needs --yes (no terminal to ask on); the view carries the window', async () => {
    const watching = await show();
    expect(watching.state.phase).toBe('watching');
    const switchedAt = watching.state.steps.find((step) => step.step === 'switchover')?.finishedAt ?? '';
    // The demo watches production for 2 minutes after the switchover.
    expect(watching.watch).toEqual({ since: switchedAt, until: new Date(Date.parse(switchedAt) + 2 * 60_000).toISOString(), minutes: 2 });
    const tooLate = await cli(['release', 'engineers', CAROL]);
    expect(tooLate.code).toBe(1);
    expect(tooLate.stderr).toMatch(/The engineers of r\d+ can no longer change: Stage 2 has started/);
    const early = await cli(['release', 'healthy']);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/The watch window of r\d+ is not over: it ends at \d\d:\d\d UTC \(\d+ min left\); mark it healthy anyway: pass --yes to confirm/);
    expect((await show()).state.phase).toBe('watching');
  }, 60_000);

  it('healthy, then merge: the origin\'s master contains the released SHA, production still serves it', async () => {
    // What the app's monitor wrote during the watch, where the app writes it; the CLI's verdict ends the watch and summarizes it.
    const watching = await show();
    const switchedAt = Date.parse(watching.state.steps.find((step) => step.step === 'switchover')?.finishedAt ?? '');
    const samples = path.join(workspaceDataDir(userDataDir({ RELEASE_DESK_CONFIG_DIR: configDir }), dir), 'releases', watching.state.id, 'samples.jsonl');
    await mkdir(path.dirname(samples), { recursive: true });
    // Readings between the switchover and now: all before the verdict, however soon it comes.
    const step = Math.max(1, Math.floor((Date.now() - switchedAt) / 4));
    const line = (offset: number, latencyMs: number) => JSON.stringify({ probe: 'app-monitor', at: switchedAt + offset, ok: true, status: 200, latencyMs, version: sha, alert: false });
    await writeFile(samples, `${line(step, 12)}\n${line(2 * step, 30)}\n${line(3 * step, 18)}\n`);
    const healthy = await cli(['release', 'healthy', '--yes']);
    expect(healthy.code, healthy.stderr).toBe(0);
    const summary = (await show()).state.watchSummary;
    expect(summary).toMatchObject({ samplesFile: `releases/${watching.state.id}/samples.jsonl` });
    expect(summary?.probes.find((probe) => probe.probe === 'app-monitor')).toEqual({
      probe: 'app-monitor', samples: 3, uptime: 1, latencyP50Ms: 18, latencyP95Ms: 30, alerts: 0, firstAt: switchedAt + step, lastAt: switchedAt + 3 * step,
    });
    expect(await originContains(sha)).toBe(false);
    const merge = await cli(['release', 'merge']);
    expect(merge.code, merge.stderr).toBe(0);
    expect(await originContains(sha)).toBe(true);
    const view = await show();
    expect(view.state.phase).toBe('done');
    expect(view.state.merge?.method).toBe('git');
    expect(await exec('git', ['--git-dir', path.join(dir, 'origin.git'), 'rev-parse', 'refs/heads/master']).then((r) => r.stdout.trim())).toBe(view.state.merge?.mergeCommit);
    expect(view.state.releaseNotes?.map((note) => note.sha)).toEqual([sha]);
    expect(await productionVersion()).toBe(sha);
    // The user's own checkout was never touched.
    expect(await git('status', '--porcelain')).toBe('');
    expect(await git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('master');
  }, 120_000);

  it('a branch named like shell code deploys as data: nothing is created; abort runs the teardown', async () => {
    // git allows no spaces in a name; ${IFS} is the shell's way to the same command.
    const branch = 'feat/$(touch${IFS}pwned);x';
    await git('checkout', '--quiet', '-b', branch, 'master');
    await exec('git', ['-C', path.join(dir, 'repo'), '-c', 'user.name=Carol', '-c', `user.email=${CAROL}`, 'commit', '--quiet', '--allow-empty', '-m', 'Shell-looking branch']);
    await git('push', '--quiet', 'origin', branch);
    await git('checkout', '--quiet', 'master');

    const refused = await cli(['release', 'plan', branch]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not eligible for release');
    const planned = await cli(['release', 'plan', branch, '--override-reason', 'testing the shell-looking name']);
    expect(planned.code, planned.stderr).toBe(0);

    // The involved engineers change before Stage 2, and their sign-offs are owed accordingly.
    const edited = await cli(['--json', 'release', 'engineers', `${CAROL}, dave@welkin.example,Dave@Welkin.example`]);
    expect(edited.code, edited.stderr).toBe(0);
    expect((JSON.parse(edited.stdout) as ReleaseView).state).toMatchObject({ engineers: [CAROL, 'dave@welkin.example'], pendingSignOffs: [CAROL, 'dave@welkin.example'] });
    const blank = await cli(['release', 'engineers', ' , ']);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('name at least one engineer');
    const stage1 = await cli(['release', 'stage1']);
    expect(stage1.code, stage1.stderr).toBe(0);
    expect(stage1.stderr).toContain(`stage1| Stage 1 of ${branch} at`);
    for (const folder of [dir, path.join(dir, 'repo'), path.join(dir, 'deploy'), os.tmpdir()]) {
      await expect(access(path.join(folder, 'pwned'))).rejects.toThrow();
    }
    const view = await show();
    expect(view.state.branch).toBe(branch);
    const preview = view.state.previewUrl ?? '';

    const aborted = await cli(['release', 'abort', '--reason', 'only a test of the name']);
    expect(aborted.code, aborted.stderr).toBe(0);
    const after = await show();
    expect(after.state.phase).toBe('aborted');
    expect(after.state.steps.find((step) => step.step === 'teardown')).toMatchObject({ status: 'succeeded' });
    await expect(fetch(`${preview}/health`)).rejects.toThrow();
  }, 180_000);

  it('kill -9 during switchover: show says inconclusive; check-production and resolve let the release go on', async () => {
    const branch = DEMO_BRANCHES.needsSignOff;
    const planned = await cli(['release', 'plan', branch, '--override-reason', 'its sign-off happens in the release']);
    expect(planned.code, planned.stderr).toBe(0);
    for (const args of [['release', 'stage1'], ['release', 'signoff'], ['release', 'preflight']]) {
      const result = await cli(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const target = (await show()).state.sha;

    const switching = start(['release', 'switchover', '--yes'], { DEMO_SWITCHOVER_DELAY_MS: '3000' });
    await waitFor(async () => (switching.run.stderr.includes('Switching in 3000 ms') ? true : null), 'the switchover to start');
    switching.child.kill('SIGKILL');
    const killed = await switching.done;
    expect(killed.signal).toBe('SIGKILL');

    const view = await show();
    expect(view.state.phase).toBe('inconclusive');
    expect(view.state.inconclusiveStep).toBe('switchover');
    expect((await cli(['release', 'healthy'])).code).toBe(1);
    const human = await cli(['release', 'show']);
    expect(human.stdout).toContain('INCONCLUSIVE: switchover started and has no recorded outcome');

    // The script itself was not ours to kill: it finishes the switch on its own.
    await waitFor(async () => ((await productionVersion()) === target ? true : null), 'production to serve the release');
    const check = await cli(['--json', 'release', 'check-production']);
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ version: target, healthy: true });

    const resolved = await cli(['release', 'resolve', '--succeeded']);
    expect(resolved.code, resolved.stderr).toBe(0);
    const after = await show();
    expect(after.state.phase).toBe('watching');
    expect((await cli(['release', 'healthy'])).code).toBe(2);
    expect((await cli(['release', 'healthy', '--yes'])).code).toBe(0);
  }, 240_000);
});
