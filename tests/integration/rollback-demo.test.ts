/**
 * The rollback on the demo world, for real: the faulty branch is released with the demo's
 * own stage1/switchover scripts (recorded in the real journal as the release service
 * records them), then `release-desk rollback` (the built CLI, a child process) brings
 * production back, verified by asking production over HTTP.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BRANCHES, startDemo, stopDemo, type RunningDemo } from '../../electron/services/demo';
import { journalFileFor, openReleaseJournal, type ReleaseJournal } from '../../electron/services/journal/release-journal';
import { signalGroup } from '../../electron/services/runner/process-group';
import { runCommand } from '../../electron/services/runner/run-command';
import { userDataDir } from '../../electron/services/settings/settings-location';
import { loadWorkspaceConfig } from '../../electron/services/workspace/load-config';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import { planRefusal } from '../../shared/releases/allowed-actions';
import { foldEnvironment } from '../../shared/releases/fold-release';
import type { EventDraft, JournalEvent } from '../../shared/releases/release-events';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin', 'release-desk.js');
const ON_CALL = 'bob@welkin.example';
const COORDINATOR = 'alice@welkin.example';

let dir: string;
let configDir: string;
let demo: RunningDemo;
let config: WorkspaceConfig;
let journal: ReleaseJournal;
let masterSha: string;
let faultySha: string;
let originalYaml: string;

const git = async (...args: string[]) => (await exec('git', ['-C', path.join(dir, 'repo'), ...args], { encoding: 'utf8' })).stdout.trim();

async function productionVersion(): Promise<{ status: number; version: string | undefined }> {
  const response = await fetch(`${demo.productionUrl}/health`);
  return { status: response.status, version: ((await response.json()) as { version?: string }).version };
}

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, '--workspace', dir], {
      cwd: dir,
      env: { ...process.env, RELEASE_DESK_CONFIG_DIR: configDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function append(draft: Omit<EventDraft, 'at' | 'environment'>): Promise<JournalEvent> {
  // A planned event's release id is its seq, which only the journal knows.
  const result = await journal.append(({ seq }) => ({ at: new Date().toISOString(), environment: 'production', ...draft, ...(draft.type === 'planned' ? { releaseId: `r${seq}` } : {}) }) as EventDraft);
  if (result.kind !== 'appended') throw new Error(result.reason);
  return result.event;
}

async function events(): Promise<readonly JournalEvent[]> {
  return (await journal.read()).events;
}

/** Releases feature/faulty-release with the demo's scripts and records it as the release service does. */
async function releaseFaulty(): Promise<string> {
  const production = config.environments.production;
  if (production === undefined) throw new Error('no production');
  const planned = await append({
    type: 'planned',
    actor: COORDINATOR,
    releaseId: null,
    data: { branch: DEMO_BRANCHES.faultyRelease, sha: faultySha, mainBranch: 'master', coordinator: COORDINATOR, onCall: ON_CALL, engineers: ['carol@welkin.example'] },
  });
  const releaseId = `r${planned.seq}`;
  const values = { RELEASE_SHA: faultySha, RELEASE_BRANCH: DEMO_BRANCHES.faultyRelease, RELEASE_ID: releaseId, RELEASE_ENV: 'production', REPO_PATH: config.repository.path };
  const step = async (name: 'stage1' | 'switchover', extra: Record<string, string>) => {
    const attempt = (await events()).filter((event) => event.type === 'step-started' && event.releaseId === releaseId && event.data.step === name).length + 1;
    await append({ type: 'step-started', actor: name === 'stage1' ? COORDINATOR : ON_CALL, releaseId, data: { step: name, attempt, command: `node deploy/${name}.mjs`, logFile: `releases/${releaseId}/${name}-${attempt}.log` } });
    const result = await runCommand(production.commands[name], { cwd: dir, env: { ...values, ...extra }, timeoutMs: 60_000 });
    if (result.kind !== 'exited' || result.code !== 0) throw new Error(`${name}: ${JSON.stringify(result)}`);
    return { attempt, output: result.output };
  };
  const stage1 = await step('stage1', {});
  const previewUrl = /^PREVIEW_URL=(\S+)$/m.exec(stage1.output)?.[1] ?? '';
  await append({ type: 'step-finished', actor: COORDINATOR, releaseId, data: { step: 'stage1', attempt: stage1.attempt, outcome: 'succeeded', exitCode: 0, durationMs: 1, message: 'exit 0', facts: { previewUrl, previewAnswered: true } } });
  const before = (await productionVersion()).version ?? '';
  await append({ type: 'step-started', actor: ON_CALL, releaseId, data: { step: 'preflight', attempt: 1, command: 'node deploy/preflight.mjs', logFile: `releases/${releaseId}/preflight-1.log` } });
  await append({ type: 'step-finished', actor: ON_CALL, releaseId, data: { step: 'preflight', attempt: 1, outcome: 'succeeded', exitCode: 0, durationMs: 1, message: 'exit 0', facts: { previousSha: before, productionVersion: before } } });
  const switchover = await step('switchover', { PREVIEW_URL: previewUrl });
  const now = await productionVersion();
  expect(now).toEqual({ status: 500, version: faultySha });
  await append({ type: 'step-finished', actor: ON_CALL, releaseId, data: { step: 'switchover', attempt: switchover.attempt, outcome: 'succeeded', exitCode: 0, durationMs: 1, message: 'exit 0', facts: { productionVersion: faultySha, healthy: false } } });
  return releaseId;
}

async function setRollbackCommand(command: string | null): Promise<void> {
  const text = command === null ? originalYaml : originalYaml.replace('rollback: node deploy/rollback.mjs', `rollback: ${JSON.stringify(command)}`);
  if (command !== null) expect(text).not.toBe(originalYaml);
  await writeFile(path.join(dir, 'release-desk.yml'), text);
}

async function recordedPids(): Promise<number[]> {
  const text = await readFile(path.join(dir, '.demo', 'processes.json'), 'utf8').catch(() => '{"processes":[]}');
  return (JSON.parse(text) as { processes: { pgid: number }[] }).processes.map((entry) => entry.pgid);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rollback-demo-'));
  configDir = path.join(dir, '.desk-config');
  demo = await startDemo(dir);
  const load = await loadWorkspaceConfig(dir);
  if (load.kind !== 'valid') throw new Error('demo config invalid');
  config = load.config;
  originalYaml = await readFile(path.join(dir, 'release-desk.yml'), 'utf8');
  journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userDataDir({ RELEASE_DESK_CONFIG_DIR: configDir }), dir)) });
  masterSha = await git('rev-parse', 'master');
  faultySha = await git('rev-parse', DEMO_BRANCHES.faultyRelease);
  await git('config', 'user.email', ON_CALL);
}, 120_000);

afterAll(async () => {
  try {
    await stopDemo(dir);
  } finally {
    for (const pgid of await recordedPids()) signalGroup(pgid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

describe('release-desk rollback on the demo world', () => {
  it('a rollback command that exits 1 is reported failed with its output: exit 1, never success', async () => {
    const releaseId = await releaseFaulty();
    await setRollbackCommand(`echo "cannot reach the load balancer" >&2; exit 1`);
    try {
      const result = await cli(['rollback', '--yes']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('cannot reach the load balancer');
      expect(result.stdout).toContain('The rollback command failed (exited 1');
      expect(result.stdout).toContain(`production reports ${faultySha.slice(0, 7)}`);
    } finally {
      await setRollbackCommand(null);
    }
    expect((await productionVersion()).version).toBe(faultySha);
    const mine = (await events()).filter((event) => event.releaseId === releaseId);
    const finished = mine.findLast((event) => event.type === 'step-finished');
    expect(finished).toMatchObject({ type: 'step-finished', actor: ON_CALL, data: { step: 'rollback', outcome: 'failed', exitCode: 1 } });
    expect(mine.some((event) => event.type === 'rolled-back')).toBe(false);
  }, 120_000);

  it('brings production back to the previous version, verified over HTTP; exit 0; the environment is locked', async () => {
    const result = await cli(['rollback', '--yes', '--json']);
    expect(result.stderr).toContain('[rollback] Rolling production back to');
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout) as { kind: string; toSha: string; fromSha: string; production: { version: string; healthy: boolean } };
    expect(outcome).toMatchObject({ kind: 'rolled-back', toSha: masterSha, fromSha: faultySha, production: { version: masterSha, healthy: true } });
    expect(await productionVersion()).toEqual({ status: 200, version: masterSha });

    const all = await events();
    const started = all.findLast((event) => event.type === 'step-started');
    expect(started).toMatchObject({ actor: ON_CALL, data: { step: 'rollback' } });
    expect(all.findLast((event) => event.type === 'rolled-back')).toMatchObject({ data: { fromSha: faultySha, toSha: masterSha, healthy: true } });
    const environment = foldEnvironment(all, 'production');
    expect(environment.liveHistory[0]).toMatchObject({ sha: masterSha, how: 'rollback' });
    expect(environment.lock?.reason).toMatch(new RegExp(`^rolled back ${faultySha.slice(0, 7)} at \\d\\d:\\d\\d: fix the cause before releasing again$`));
  }, 120_000);

  it('the lock refuses a new plan until someone unlocks it with a written reason', async () => {
    const locked = planRefusal(foldEnvironment(await events(), 'production'), null, COORDINATOR, config.people);
    expect(locked?.reason).toMatch(/production is locked since \d\d:\d\d by bob@welkin\.example: rolled back/);
    const noReason = await cli(['unlock']);
    expect(noReason.code).toBe(2);
    const unlocked = await cli(['unlock', '--reason', 'the faulty query is reverted on the branch']);
    expect(unlocked).toMatchObject({ code: 0, stdout: 'production is unlocked: new releases may be planned again\n' });
    expect(planRefusal(foldEnvironment(await events(), 'production'), null, COORDINATOR, config.people)).toBeNull();
    expect((await events()).at(-1)).toMatchObject({ type: 'lock-released', actor: ON_CALL, data: { reason: 'the faulty query is reverted on the branch' } });
  }, 60_000);

  it('two rollbacks at once (two CLI processes): one runs, the other is refused naming who and since when', async () => {
    await releaseFaulty();
    // A rollback that takes a moment, so the two surely overlap.
    await setRollbackCommand('sleep 2; node deploy/rollback.mjs');
    try {
      const [first, second] = await Promise.all([cli(['rollback', '--yes']), cli(['rollback', '--yes'])]);
      const results = [first, second].sort((a, b) => a.code - b.code);
      expect(results.map((result) => result.code)).toEqual([0, 1]);
      expect(results[1]?.stderr).toMatch(/refused: bob@welkin\.example is rolling production back since \d\d:\d\d UTC in another Release Desk window or CLI/);
    } finally {
      await setRollbackCommand(null);
    }
    expect(await productionVersion()).toEqual({ status: 200, version: masterSha });
    const rollbacks = (await events()).filter((event) => event.type === 'step-started' && event.data.step === 'rollback');
    expect(rollbacks).toHaveLength(3);
    await cli(['unlock', '--reason', 'test: next case']);
  }, 120_000);

  it('someone not on call is refused without a reason, and with one the override is journaled first', async () => {
    const releaseId = await releaseFaulty();
    await git('config', 'user.email', 'mallory@welkin.example');
    try {
      const refused = await cli(['rollback', '--yes']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('refused: Only the on-call and the coordinators');
      expect(refused.stderr).toContain('mallory@welkin.example is neither in release-desk.yml');
      expect(refused.stderr).toContain('--reason');
      expect((await productionVersion()).version).toBe(faultySha);

      const allowed = await cli(['rollback', '--yes', '--reason', 'bob is unreachable and checkout is down']);
      expect(allowed.code).toBe(0);
    } finally {
      await git('config', 'user.email', ON_CALL);
    }
    expect(await productionVersion()).toEqual({ status: 200, version: masterSha });
    const mine = (await events()).filter((event) => event.releaseId === releaseId);
    const overrideAt = mine.findIndex((event) => event.type === 'override');
    const startedAt = mine.findIndex((event) => event.type === 'step-started' && event.data.step === 'rollback');
    expect(mine[overrideAt]).toMatchObject({ actor: 'mallory@welkin.example', data: { action: 'rollback', reason: 'bob is unreachable and checkout is down' } });
    expect(overrideAt).toBeGreaterThan(-1);
    expect(overrideAt).toBeLessThan(startedAt);
  }, 120_000);

  it('without --yes and without a terminal it refuses with exit 2 and changes nothing', async () => {
    const before = (await events()).length;
    const result = await cli(['rollback']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --yes');
    expect((await events()).length).toBe(before);
  });
});
