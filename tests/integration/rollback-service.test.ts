/**
 * The rollback service with real processes, a real journal and real HTTP: it never waits on
 * the team's services, a double click starts one rollback, a running switchover is ended
 * first (abort and roll back), an inconclusive switchover does not block the on-call, and
 * the CLI's rollback path loads no GitHub, Slack or CircleCI module.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollbackRefusedError, RollbackService, type RollbackServiceDeps, type RollbackTeamMessage } from '../../electron/services/rollback/rollback-service';
import { RunningDeploys } from '../../electron/services/rollback/running-deploys';
import { trustNamedFolder } from '../../electron/services/trust/workspace-trust';
import { isGroupAlive } from '../../electron/services/runner/process-group';
import { runCommand } from '../../electron/services/runner/run-command';
import { foldEnvironment } from '../../shared/releases/fold-release';
import { linesOfChunks } from '../../shared/releases/output-lines';
import type { EventDraft } from '../../shared/releases/release-events';
import { startFakeHttpServer, type FakeHttpServer } from '../fakes/fake-http-server';
import { CAST, PREVIOUS_SHA, RELEASE_SHA, releaseStory } from '../fixtures/release-events';
import { createRollbackWorld, switchedStory, type RollbackWorld } from '../fixtures/rollback-world';

let world: RollbackWorld;

beforeEach(async () => {
  world = await createRollbackWorld();
});
afterEach(async () => {
  await world.close();
});

async function serviceFor(overrides: Partial<RollbackServiceDeps> = {}): Promise<RollbackService> {
  const config = await world.config();
  return new RollbackService({
    journal: world.journal,
    config: () => config,
    workspaceDir: world.dir,
    dataDir: world.dataDir,
    identity: async () => CAST.onCall,
    running: new RunningDeploys(path.join(world.dataDir, 'releases', 'running')),
    trust: () => trustNamedFolder(world.dir),
    ...overrides,
  });
}

async function events() {
  return (await world.journal.read()).events;
}

describe('the rollback service', () => {
  it('rolls back to the release\'s PREVIOUS_SHA with the values as environment variables, and says "rolled back and healthy"', async () => {
    await world.appendStory(switchedStory());
    const batches: string[] = [];
    const service = await serviceFor({ onOutput: (batch) => batches.push(...linesOfChunks(batch.chunks).map((line) => `${batch.releaseId}: ${line}`)) });
    const preview = await service.preview('production');
    expect(preview.confirmation).toBe(`Production goes back to ${PREVIOUS_SHA.slice(0, 7)} (not released through Release Desk); now running ${RELEASE_SHA.slice(0, 7)}`);
    expect(preview).toMatchObject({ allowed: true, fromSha: RELEASE_SHA, releaseId: 'r1' });

    const outcome = await service.rollback({ environment: 'production' });
    expect(outcome).toMatchObject({ kind: 'rolled-back', toSha: PREVIOUS_SHA, fromSha: RELEASE_SHA, releaseId: 'r1', exitCode: 0 });
    expect(outcome.message).toBe(`Rolled back and healthy: production runs ${PREVIOUS_SHA.slice(0, 7)} and every probe answers`);
    expect(await world.live()).toBe(PREVIOUS_SHA);
    expect(batches).toEqual([`r1: rolled back to ${PREVIOUS_SHA} (was ${RELEASE_SHA}, release r1 in production)`]);
    const types = (await events()).slice(-4).map((event) => event.type);
    expect(types).toEqual(['step-started', 'step-finished', 'rolled-back', 'lock-taken']);
  });

  it('with GitHub and Slack hanging on every request, the rollback spawns before any request and ends in its own time', async () => {
    await world.appendStory(switchedStory());
    const github: FakeHttpServer = await startFakeHttpServer();
    const slack: FakeHttpServer = await startFakeHttpServer();
    let release = () => undefined as void;
    const hung = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const fake of [github, slack]) fake.route(async () => hung.then(() => ({ status: 503, body: { message: 'too late' } })));
    let requestsAtSpawn = -1;
    // The team-updates port as the outbox would be, minus durability: it talks to the fakes.
    const teamUpdates = {
      enqueue: async (message: RollbackTeamMessage) => {
        const url = message.kind === 'deployment.status' ? `${github.url}/repos/welkin/web/deployments/${message.releaseId}/statuses` : `${slack.url}/api/chat.postMessage`;
        await fetch(url, { method: 'POST', body: JSON.stringify(message) });
      },
    };
    try {
      const service = await serviceFor({ teamUpdates, onSpawned: () => (requestsAtSpawn = github.requests.length + slack.requests.length) });
      const started = performance.now();
      const outcome = await service.rollback({ environment: 'production' });
      const tookMs = performance.now() - started;
      expect(outcome.kind).toBe('rolled-back');
      expect(requestsAtSpawn).toBe(0);
      // The journal's head after the rollback (its lock) is published with it.
      const head = (await events()).at(-1) ?? { seq: 0, hash: '' };
      // It ended while every request to the team's services still hangs. (PREVIOUS_SHA was not
      // released through Release Desk, so there is no earlier Deployment to mark `success`.)
      await expect.poll(() => github.requests.length + slack.requests.length, { timeout: 10_000 }).toBe(2);
      expect(github.requests.map((request) => JSON.parse(request.body) as RollbackTeamMessage)).toEqual([
        { kind: 'deployment.status', releaseId: 'r1', state: 'failure', description: `Rolled back to ${PREVIOUS_SHA.slice(0, 7)} · journal ${head.seq}:${head.hash.slice(0, 12)}` },
      ]);
      expect((JSON.parse(slack.requests[0]?.body ?? '{}') as { text: string }).text).toMatch(new RegExp(` · journal ${head.seq}:${head.hash.slice(0, 12)}$`));
      expect(slack.requests).toHaveLength(1);
      expect(tookMs).toBeLessThan(10_000);
    } finally {
      release();
      await Promise.all([github.close(), slack.close()]);
    }
  });

  it('a double click starts one rollback: the second call is refused with who and since when', async () => {
    await world.appendStory(switchedStory());
    await world.writeConfig(`sleep 1; printf %s "$PREVIOUS_SHA" > live-version`);
    const service = await serviceFor();
    const results = await Promise.allSettled([service.rollback({ environment: 'production' }), service.rollback({ environment: 'production' })]);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    const reason = (rejected[0] as PromiseRejectedResult).reason as RollbackRefusedError;
    expect(reason).toBeInstanceOf(RollbackRefusedError);
    expect(reason.message).toMatch(/^dave is rolling production back since \d\d:\d\d UTC: one rollback or switchover at a time/);
    expect((await events()).filter((event) => event.type === 'step-started' && event.data.step === 'rollback')).toHaveLength(1);
  });

  it('abort and roll back: a switchover running here is ended (process group killed, outcome cancelled) before the rollback starts', async () => {
    const story = switchedStory().rollback().unlock();
    story.plan({ sha: 'b'.repeat(40) }).stage1().signOffAll().preflight();
    await world.appendStory(story);
    const releaseId = story.releaseId;
    const running = new RunningDeploys(path.join(world.dataDir, 'releases', 'running'));
    const controller = new AbortController();
    let pid = 0;
    const appended = await world.journal.append(() => ({
      at: new Date().toISOString(),
      actor: CAST.onCall,
      type: 'step-started',
      releaseId,
      environment: 'production',
      data: { step: 'switchover', attempt: 1, command: 'sleep 60', logFile: 'x.log' },
    }) as EventDraft);
    expect(appended.kind).toBe('appended');
    const switchover = runCommand('sleep 60', { cwd: world.dir, signal: controller.signal, killGraceMs: 500, onSpawned: (spawned) => (pid = spawned) });
    const recorded = switchover.then((result) =>
      world.journal.append(() => ({
        at: new Date().toISOString(),
        actor: CAST.onCall,
        type: 'step-finished',
        releaseId,
        environment: 'production',
        data: { step: 'switchover', attempt: 1, outcome: result.kind === 'cancelled' ? 'cancelled' : 'failed', exitCode: null, durationMs: 1, message: result.kind, facts: {} },
      }) as EventDraft),
    );
    running.add({ environment: 'production', releaseId, step: 'switchover', attempt: 1, actor: CAST.onCall, startedAt: new Date().toISOString(), abort: async () => {
      controller.abort();
      await recorded;
    } });
    await expect.poll(() => pid).toBeGreaterThan(0);

    const service = await serviceFor({ running });
    expect((await service.preview('production')).abortsSwitchover).toBe(true);
    const outcome = await service.rollback({ environment: 'production' });
    expect(outcome).toMatchObject({ kind: 'rolled-back', releaseId, toSha: PREVIOUS_SHA });
    expect(isGroupAlive(pid)).toBe(false);
    const mine = (await events()).filter((event) => event.releaseId === releaseId && (event.type === 'step-started' || event.type === 'step-finished'));
    expect(mine.slice(-4).map((event) => (event.type === 'step-started' || event.type === 'step-finished' ? `${event.type} ${event.data.step}` : ''))).toEqual([
      'step-started switchover',
      'step-finished switchover',
      'step-started rollback',
      'step-finished rollback',
    ]);
    expect(mine.at(-3)).toMatchObject({ data: { outcome: 'cancelled' } });
  });

  it('abort and roll back through the release service port: its running switchover is cancelled and its outcome awaited', async () => {
    const story = switchedStory().rollback().unlock();
    story.plan({ sha: 'b'.repeat(40) }).stage1().signOffAll().preflight();
    const ids = await world.appendStory(story);
    const releaseId = ids.get(story.releaseId) ?? story.releaseId;
    const controller = new AbortController();
    let pid = 0;
    await world.journal.append(() => ({ at: new Date().toISOString(), actor: CAST.onCall, type: 'step-started', releaseId, environment: 'production', data: { step: 'switchover', attempt: 1, command: 'sleep 60', logFile: 'x.log' } }) as EventDraft);
    // What the release service does: run the step, and record its outcome when it ends.
    let ended = false;
    const switchover = runCommand('sleep 60', { cwd: world.dir, signal: controller.signal, killGraceMs: 500, onSpawned: (spawned) => (pid = spawned) }).then(async (result) => {
      await world.journal.append(() => ({ at: new Date().toISOString(), actor: CAST.onCall, type: 'step-finished', releaseId, environment: 'production', data: { step: 'switchover', attempt: 1, outcome: result.kind === 'cancelled' ? 'cancelled' : 'failed', exitCode: null, durationMs: 1, message: result.kind, facts: {} } }) as EventDraft);
      ended = true;
    });
    await expect.poll(() => pid).toBeGreaterThan(0);
    const cancelled: string[] = [];
    const service = await serviceFor({
      localSwitchovers: {
        isRunning: async (id, attempt) => id === releaseId && attempt === 1 && !ended,
        cancel: (id) => {
          cancelled.push(id);
          controller.abort();
          return true;
        },
      },
    });
    expect((await service.preview('production')).abortsSwitchover).toBe(true);
    const outcome = await service.rollback({ environment: 'production' });
    await switchover;
    expect(cancelled).toEqual([releaseId]);
    expect(outcome).toMatchObject({ kind: 'rolled-back', releaseId, toSha: PREVIOUS_SHA });
    expect(isGroupAlive(pid)).toBe(false);
    const steps = (await events()).filter((event) => event.releaseId === releaseId && (event.type === 'step-started' || event.type === 'step-finished'));
    expect(steps.slice(-4).map((event) => (event.type === 'step-started' || event.type === 'step-finished' ? `${event.type} ${event.data.step}` : ''))).toEqual([
      'step-started switchover',
      'step-finished switchover',
      'step-started rollback',
      'step-finished rollback',
    ]);
  });

  it('a switchover whose process died (inconclusive) does not block the rollback; one running in another process does', async () => {
    const story = switchedStory().rollback().unlock();
    story.plan({ sha: 'b'.repeat(40) }).stage1().signOffAll().preflight().startStep('switchover', CAST.onCall);
    await world.appendStory(story);
    // Another live process (this test's parent stands in) holds a marker for it: refused.
    const marker = path.join(world.dataDir, 'releases', 'running', `${story.releaseId}.json`);
    await mkdir(path.dirname(marker), { recursive: true });
    await writeFile(marker, JSON.stringify({ pid: process.ppid, step: 'switchover', attempt: 1 }));
    const service = await serviceFor();
    await expect(service.rollback({ environment: 'production' })).rejects.toThrow(/is switching production over \(Stage 2 of r\d+\) since \d\d:\d\d UTC in another Release Desk window or CLI/);
    // The process is gone: the switchover is inconclusive, and the on-call rolls back.
    await writeFile(marker, JSON.stringify({ pid: 999_999_999, step: 'switchover', attempt: 1 }));
    await expect(service.rollback({ environment: 'production' })).resolves.toMatchObject({ kind: 'rolled-back', toSha: PREVIOUS_SHA });
  });

  it('a rollback that exits 0 but leaves production elsewhere is "did not come back", never success, and takes no rolled-back', async () => {
    await world.appendStory(switchedStory());
    await world.writeConfig('echo "switch updated"');
    const outcome = await (await serviceFor()).rollback({ environment: 'production' });
    expect(outcome.kind).toBe('not-back');
    expect(outcome.message).toBe(`The rollback command exited 0 but production did not come back to ${PREVIOUS_SHA.slice(0, 7)}: it reports ${RELEASE_SHA.slice(0, 7)}`);
    expect((await events()).some((event) => event.type === 'rolled-back')).toBe(false);
    expect(foldEnvironment(await events(), 'production').lock?.reason).toMatch(/^rollback to 9e0d7c1 at \d\d:\d\d failed/);
  });

  it('--to a version never live is refused; with a reason it is journaled as an override', async () => {
    await world.appendStory(switchedStory());
    const service = await serviceFor();
    const never = 'c'.repeat(40);
    await expect(service.rollback({ environment: 'production', toSha: never })).rejects.toThrow(/was never live in production according to the journal; anyone may with a written reason/);
    const outcome = await service.rollback({ environment: 'production', toSha: never, reason: 'the hotfix build, agreed with alice' });
    expect(outcome).toMatchObject({ kind: 'rolled-back', toSha: never });
    expect((await events()).find((event) => event.type === 'override')).toMatchObject({ actor: CAST.onCall, data: { action: 'rollback', reason: 'the hotfix build, agreed with alice' } });
  });
});

describe('the CLI rollback path', () => {
  it('loads no GitHub, Slack or CircleCI module (the full CLI does, so the check can fail); a broken release-desk.yml rolls back by its last valid version', async () => {
    await world.appendStory(switchedStory());
    const hooks = path.join(world.dir, 'hooks.mjs');
    const register = path.join(world.dir, 'register.mjs');
    const loaded = path.join(world.dir, 'loaded.txt');
    await writeFile(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  if (/octokit|@slack|circleci/i.test(specifier)) appendFileSync(${JSON.stringify(loaded)}, specifier + '\\n');\n  return next(specifier, context);\n}\n`,
    );
    await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
    const bin = path.resolve(import.meta.dirname, '../../bin/release-desk.js');
    const cli = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', register, bin, ...args, '--workspace', world.dir], { env: { ...process.env, RELEASE_DESK_CONFIG_DIR: world.configDir }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });

    // The first run sees a valid file and keeps it as the last valid version.
    await world.writeConfig(`printf %s "$PREVIOUS_SHA" > live-version`);
    const first = await cli(['rollback', '--yes']);
    expect(first.code, first.stderr).toBe(0);
    expect(await readFile(loaded, 'utf8').catch(() => '')).toBe('');

    // A second release went live and is faulty, and someone half-edited release-desk.yml.
    await world.journal.append(() => ({ at: new Date().toISOString(), actor: CAST.onCall, type: 'lock-released', releaseId: null, environment: 'production', data: { reason: 'the cause is fixed' } }) as EventDraft);
    await world.appendStory(releaseStory().plan().stage1().signOffAll().preflight().switchover());
    await world.setLive(RELEASE_SHA);
    await writeFile(path.join(world.dir, 'release-desk.yml'), 'version: 1\nenvironments: [oops\n');
    const second = await cli(['rollback', '--yes']);
    expect(second.stderr).toContain('release-desk.yml cannot be used');
    expect(second.stderr).toContain('using its last valid version');
    expect(second.code, second.stderr).toBe(0);
    expect(await world.live()).toBe(PREVIOUS_SHA);
    expect(await readFile(loaded, 'utf8').catch(() => '')).toBe('');

    // The full CLI loads a command's modules only when it runs: readiness's include GitHub's client.
    const control = await cli(['readiness']);
    expect(control.code).not.toBe(-1);
    expect(await readFile(loaded, 'utf8')).toMatch(/octokit|@slack/);
  });
});
