/**
 * Abort and roll back across processes, with two real processes of the built CLI: one runs
 * the switchover (`release switchover`), the other rolls back (`rollback`). The rollback asks
 * the switchover's process to end it (its process group verified by /proc start time), waits
 * until that process journals the outcome — cancelled, by whom — and then rolls back. A
 * marker whose process is no longer the recorded one (pid reuse) is never signalled.
 * Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { RollbackService } from '../../electron/services/rollback/rollback-service';
import { RunningDeploys } from '../../electron/services/rollback/running-deploys';
import { isGroupAlive } from '../../electron/services/runner/process-group';
import { groupLeaderIdentity } from '../../electron/services/runner/process-identity';
import { trustNamedFolder } from '../../electron/services/trust/workspace-trust';
import { CAST, PREVIOUS_SHA, releaseStory } from '../fixtures/release-events';
import { createRollbackWorld, type RollbackWorld } from '../fixtures/rollback-world';

const bin = path.resolve(import.meta.dirname, '../../bin/release-desk.js');
const linux = process.platform === 'linux';

let world: RollbackWorld;
beforeEach(async () => {
  world = await createRollbackWorld();
});
afterEach(async () => {
  await world.close();
});

function cli(args: readonly string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, RELEASE_DESK_CONFIG_DIR: world.configDir };
  for (const name of ['GITHUB_TOKEN', 'SLACK_TOKEN', 'CIRCLECI_TOKEN', 'RELEASE_DESK_WORKSPACE']) delete env[name];
  const child = spawn(process.execPath, [bin, '--workspace', world.dir, ...args], { env, cwd: world.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ ...run, code })));
}

/** The switchover takes its time (the test ends it long before), and says when it has started. */
async function slowSwitchover(): Promise<void> {
  const file = path.join(world.dir, 'release-desk.yml');
  const document = parse(await readFile(file, 'utf8')) as { environments: { production: { commands: Record<string, string> } } };
  document.environments.production.commands.switchover = 'touch switching; sleep 120; printf %s "$RELEASE_SHA" > live-version';
  await writeFile(file, stringify(document));
}

const exists = (file: string) => access(file).then(() => true, () => false);

describe.skipIf(!linux)('abort and roll back across processes', () => {
  it('a CLI rollback ends the switchover another process runs; that process journals it cancelled by whom; then production goes back', async () => {
    await slowSwitchover();
    await world.setLive(PREVIOUS_SHA);
    await world.appendStory(releaseStory().plan().stage1().signOffAll().preflight());
    const switching = cli(['release', 'switchover', '--yes']);
    await expect.poll(() => exists(path.join(world.dir, 'switching')), { timeout: 60_000, interval: 50 }).toBe(true);

    const rolledBack = await cli(['--json', 'rollback', '--yes']);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(JSON.parse(rolledBack.stdout)).toMatchObject({ kind: 'rolled-back', toSha: PREVIOUS_SHA });
    const switched = await switching;
    expect(switched.code, switched.stderr).not.toBe(0);
    expect(await world.live()).toBe(PREVIOUS_SHA);

    const events = (await world.journal.read()).events;
    const steps = events.flatMap((event) => (event.type === 'step-started' || event.type === 'step-finished' ? [event] : [])).slice(-4);
    expect(steps.map((event) => `${event.type} ${event.data.step}`)).toEqual(['step-started switchover', 'step-finished switchover', 'step-started rollback', 'step-finished rollback']);
    const finished = steps[1];
    expect(finished?.type === 'step-finished' ? finished.data : null).toMatchObject({
      outcome: 'cancelled',
      message: expect.stringMatching(/^cancelled by dave at \d\d:\d\d UTC from another Release Desk process \(abort and roll back\)/),
    });
    expect(finished?.actor).toBe(CAST.onCall);
  }, 180_000);

  it('never signals a marker\'s process group once it is no longer the recorded process (pid reuse): refused, naming why', async () => {
    const story = releaseStory().plan().stage1().signOffAll().preflight().startStep('switchover', CAST.onCall);
    const ids = await world.appendStory(story);
    const releaseId = ids.get(story.releaseId) ?? story.releaseId;
    // A real process group that the marker will name with the wrong start time.
    const bystander = spawn('sleep', ['120'], { detached: true, stdio: 'ignore' });
    try {
      const pid = bystander.pid ?? 0;
      const identity = groupLeaderIdentity(pid);
      expect(identity).not.toBeNull();
      const runningDir = path.join(world.dataDir, 'releases', 'running');
      await mkdir(runningDir, { recursive: true });
      // The owner (this test's parent stands in) lives; its recorded command was another process.
      await writeFile(path.join(runningDir, `${releaseId}.json`), JSON.stringify({ pid: process.ppid, step: 'switchover', attempt: 1, group: { pid, startTime: `${Number(identity?.startTime) - 1}` } }));
      const config = await world.config();
      const service = new RollbackService({
        journal: world.journal,
        config: () => config,
        workspaceDir: world.dir,
        dataDir: world.dataDir,
        identity: async () => CAST.onCall,
        running: new RunningDeploys(runningDir),
        trust: () => trustNamedFolder(world.dir),
      });
      expect((await service.preview('production')).refusal?.reason).toMatch(/in another Release Desk window or CLI.*\(it cannot be ended from here: its command is no longer the process that was recorded\)/);
      await expect(service.rollback({ environment: 'production' })).rejects.toThrow(/it cannot be ended from here: its command is no longer the process that was recorded/);
      expect(isGroupAlive(pid)).toBe(true);
      expect(await exists(path.join(runningDir, `${releaseId}.abort.json`))).toBe(false);
    } finally {
      bystander.kill('SIGKILL');
    }
  });
});
