/**
 * The app prepares the next rollback while nobody is waiting: when the workspace opens and
 * whenever its journal changes (another writer, here the release's own), the rollback service
 * reads and folds it, so a click does not fold the whole journal on its way to the spawn
 * (the cost grows with the journal: milliseconds for a few hundred releases on a loaded
 * machine). The folds are counted through the planning module; the window closes when the
 * runner is asked to start the command.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as PlanModule from '../../electron/services/rollback/rollback-plan';
import type * as RunCommandModule from '../../electron/services/runner/run-command';

const folds = vi.hoisted(() => ({ total: 0, inWindow: 0, recording: false }));

vi.mock('../../electron/services/rollback/rollback-plan', async (importOriginal) => {
  const plan = await importOriginal<typeof PlanModule>();
  return {
    ...plan,
    journalFacts: (...args: Parameters<typeof plan.journalFacts>) => {
      folds.total += 1;
      if (folds.recording) folds.inWindow += 1;
      return plan.journalFacts(...args);
    },
  };
});
vi.mock('../../electron/services/runner/run-command', async (importOriginal) => {
  const runner = await importOriginal<typeof RunCommandModule>();
  return {
    ...runner,
    runCommand: (...args: Parameters<typeof runner.runCommand>) => {
      folds.recording = false;
      return runner.runCommand(...args);
    },
  };
});

const { RollbackRuntimes } = await import('../../electron/services/rollback/rollback-runtimes');
const { createTrustService, memoryTrustStore } = await import('../../electron/services/trust/workspace-trust');
const { CAST } = await import('../fixtures/release-events');
const { createRollbackWorld, switchedStory } = await import('../fixtures/rollback-world');

let world: Awaited<ReturnType<typeof createRollbackWorld>>;
let rollbacks: InstanceType<typeof RollbackRuntimes> | null = null;
beforeEach(async () => {
  world = await createRollbackWorld();
});
afterEach(async () => {
  rollbacks?.stopAll();
  folds.recording = false;
  await world.close();
});

async function waitFor(what: string, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the next rollback, prepared', () => {
  it('is folded when the workspace opens and again when another writer grows the journal, so the click folds nothing before the spawn', async () => {
    await world.appendStory(switchedStory());
    const trust = createTrustService({ store: memoryTrustStore() });
    await trust.grant(world.dir, 'dialog');
    rollbacks = new RollbackRuntimes({ userDataDir: world.configDir, trust, emit: () => undefined, secrets: () => [] });
    const service = rollbacks.for(world.dir, await world.config());
    await waitFor('the facts folded when the workspace opened', () => folds.total >= 1);

    // The release service (another writer) appends: the runtime notices and folds again.
    const before = folds.total;
    const grown = await world.journal.append(() => ({ at: new Date().toISOString(), actor: CAST.coordinator, type: 'lock-taken', releaseId: null, environment: 'staging', data: { reason: 'another writer' } }));
    expect(grown.kind).toBe('appended');
    await waitFor('the facts folded again after the journal grew', () => folds.total > before);

    folds.recording = true;
    folds.inWindow = 0;
    const outcome = await service.rollback({ environment: 'production' });
    expect(outcome.kind).toBe('rolled-back');
    expect(folds.recording).toBe(false);
    expect(folds.inWindow).toBe(0);
  });
});
