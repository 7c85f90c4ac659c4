/**
 * The Release view while its release is being rolled back: the release service asks the
 * rollback's registry of running processes, so the rollback step reads `running` (phase
 * rolling-back), never `inconclusive` — whether the app itself runs the rollback (the
 * registry shared in memory) or the CLI does in another process (its marker on disk).
 */
import { spawn } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReleaseService } from '../../electron/services/releases/release-service';
import { RollbackService } from '../../electron/services/rollback/rollback-service';
import { RunningDeploys } from '../../electron/services/rollback/running-deploys';
import { trustNamedFolder } from '../../electron/services/trust/workspace-trust';
import { CAST, PREVIOUS_SHA } from '../fixtures/release-events';
import { createRollbackWorld, switchedStory, type RollbackWorld } from '../fixtures/rollback-world';
import { testReleaseService } from '../fixtures/test-release-service';

const bin = path.resolve(import.meta.dirname, '../../bin/release-desk.js');
/** Waits for the test's go-ahead (a file), so the rollback is caught while it runs. */
const WAITING_ROLLBACK = 'touch rollback-started; while [ ! -f go ]; do sleep 0.05; done; printf %s "$PREVIOUS_SHA" > live-version';

let world: RollbackWorld;
beforeEach(async () => {
  world = await createRollbackWorld();
  await world.writeConfig(WAITING_ROLLBACK);
});
afterEach(async () => {
  await writeFile(path.join(world.dir, 'go'), '');
  await world.close();
});

async function releasesService(deploys?: RunningDeploys): Promise<ReleaseService> {
  return testReleaseService({
    journal: world.journal,
    config: await world.config(),
    workspaceDir: world.dir,
    dataDir: world.dataDir,
    actor: CAST.onCall,
    eligibility: async () => null,
    ...(deploys === undefined ? {} : { deploys }),
  });
}

async function started(): Promise<void> {
  await expect.poll(() => access(path.join(world.dir, 'rollback-started')).then(() => true, () => false), { timeout: 60_000, interval: 50 }).toBe(true);
}

describe('the Release view during a rollback', () => {
  it('shows the app\'s own rollback as running (rolling back), not inconclusive', async () => {
    const ids = await world.appendStory(switchedStory());
    const releaseId = ids.get('r1') ?? 'r1';
    const config = await world.config();
    const deploys = new RunningDeploys(path.join(world.dataDir, 'releases', 'running'));
    const rollbacks = new RollbackService({
      journal: world.journal,
      config: () => config,
      workspaceDir: world.dir,
      dataDir: world.dataDir,
      identity: async () => CAST.onCall,
      running: deploys,
      trust: () => trustNamedFolder(world.dir),
    });
    const releases = await releasesService(deploys);
    const rolling = rollbacks.rollback({ environment: 'production' });
    await started();

    const view = await releases.get(releaseId);
    expect(view.state.phase).toBe('rolling-back');
    expect(view.state.steps.find((step) => step.step === 'rollback')?.status).toBe('running');

    await writeFile(path.join(world.dir, 'go'), '');
    await expect(rolling).resolves.toMatchObject({ kind: 'rolled-back', toSha: PREVIOUS_SHA });
    expect((await releases.get(releaseId)).state.phase).toBe('rolled-back');
  });

  it('shows a CLI rollback in another process as running too (needs `npm run build`)', async () => {
    const ids = await world.appendStory(switchedStory());
    const releaseId = ids.get('r1') ?? 'r1';
    const releases = await releasesService();
    const env: NodeJS.ProcessEnv = { ...process.env, RELEASE_DESK_CONFIG_DIR: world.configDir };
    delete env.RELEASE_DESK_WORKSPACE;
    const child = spawn(process.execPath, [bin, 'rollback', '--yes', '--workspace', world.dir], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await started();

    const view = await releases.get(releaseId);
    expect(view.state.phase).toBe('rolling-back');
    expect(view.state.steps.find((step) => step.step === 'rollback')?.status).toBe('running');

    await writeFile(path.join(world.dir, 'go'), '');
    expect(await exited, stderr).toBe(0);
    expect((await releases.get(releaseId)).state.phase).toBe('rolled-back');
  });
});
