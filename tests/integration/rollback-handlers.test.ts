/**
 * The rollback calls over the real IPC dispatch on a real workspace: the preview names what
 * will happen, start rolls back and streams output as releases.output, unlock lets releases
 * in again, a broken release-desk.yml still rolls back by its last valid version, and the
 * monitor's expected version follows the journal (a rollback's target afterwards).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/services/handlers';
import { createExpectedVersions } from '../../electron/services/rollback/expected-versions';
import { RollbackRuntimes } from '../../electron/services/rollback/rollback-runtimes';
import { createTrustService, memoryTrustStore, type TrustService } from '../../electron/services/trust/workspace-trust';
import { createWorkspaceSessions } from '../../electron/services/workspace/workspace-session';
import type { EventName } from '../../shared/ipc/names';
import { PREVIOUS_SHA, RELEASE_SHA } from '../fixtures/release-events';
import { testHandlerDeps } from '../fixtures/handler-deps';
import { createRollbackWorld, switchedStory, type RollbackWorld } from '../fixtures/rollback-world';

let world: RollbackWorld;
let trustService: TrustService;
beforeEach(async () => {
  world = await createRollbackWorld();
  trustService = createTrustService({ store: memoryTrustStore() });
  await trustService.grant(world.dir, 'dialog');
});
afterEach(async () => {
  await world.close();
});

function handlersFor(emitted: { event: EventName; payload: unknown }[]) {
  const rollbacks = new RollbackRuntimes({
    userDataDir: world.configDir,
    trust: trustService,
    emit: (event, payload) => emitted.push({ event, payload }),
    secrets: () => [],
  });
  return createHandlers(testHandlerDeps({ workspacePath: () => world.dir, rollbacks, sessionFor: createWorkspaceSessions() }));
}

describe('rollback calls', () => {
  it('preview → start → unlock, with live output and the lock in between', async () => {
    await world.appendStory(switchedStory());
    const emitted: { event: EventName; payload: unknown }[] = [];
    const handlers = handlersFor(emitted);
    const preview = await dispatch(handlers, 'rollback.preview', ['production'], () => undefined, () => []);
    expect(preview).toMatchObject({ ok: true, value: { allowed: true, viewer: 'dave', target: { sha: PREVIOUS_SHA }, nowRunning: { version: RELEASE_SHA } } });

    const started = await dispatch(handlers, 'rollback.start', ['production', {}], () => undefined, () => []);
    expect(started).toMatchObject({ ok: true, value: { kind: 'rolled-back', toSha: PREVIOUS_SHA } });
    expect(emitted.filter((entry) => entry.event === 'releases.output')).toEqual([
      { event: 'releases.output', payload: expect.objectContaining({ releaseId: 'r1', step: 'rollback', attempt: 1 }) },
    ]);
    const locked = await dispatch(handlers, 'rollback.preview', ['production'], () => undefined, () => []);
    expect(locked).toMatchObject({ ok: true, value: { lock: { by: 'dave', reason: expect.stringMatching(/^rolled back 3f1c2ab at/) } } });

    const tooShort = await dispatch(handlers, 'rollback.unlock', ['production', ''], () => undefined, () => []);
    expect(tooShort).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const unlocked = await dispatch(handlers, 'rollback.unlock', ['production', 'the cause is reverted'], () => undefined, () => []);
    expect(unlocked).toMatchObject({ ok: true, value: { lock: null } });
  });

  it('a second rollback is refused with the reason (nothing to roll back), and a broken file still previews by its last valid version', async () => {
    await world.appendStory(switchedStory());
    const handlers = handlersFor([]);
    await dispatch(handlers, 'rollback.start', ['production', {}], () => undefined, () => []);
    await writeFile(path.join(world.dir, 'release-desk.yml'), 'version: 1\nenvironments: [\n');
    // A fresh host (the app restarted while the file is broken): the copy saved on disk is used.
    const fresh = handlersFor([]);
    const again = await dispatch(fresh, 'rollback.start', ['production', {}], () => undefined, () => []);
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const preview = await dispatch(fresh, 'rollback.preview', ['production'], () => undefined, () => []);
    expect(preview).toMatchObject({ ok: true, value: { allowed: false } });
  });

  it('an untrusted folder previews but runs nothing: its rollback command waits for trust', async () => {
    await world.appendStory(switchedStory());
    await trustService.revoke(world.dir);
    const handlers = handlersFor([]);
    const preview = await dispatch(handlers, 'rollback.preview', ['production'], () => undefined, () => []);
    expect(preview).toMatchObject({ ok: true, value: { allowed: false, nowRunning: { version: null }, refusal: { reason: expect.stringContaining('not trusted') } } });
    const started = await dispatch(handlers, 'rollback.start', ['production', {}], () => undefined, () => []);
    expect(started).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('not trusted') } });
    expect(await world.live()).toBe(RELEASE_SHA);
  });

  it("the monitor's expected version is the journal's live version, refreshed when the journal changes", async () => {
    const expected = createExpectedVersions(world.configDir, { minCheckIntervalMs: 0 });
    await expected.refresh(world.dir);
    expect(expected(world.dir, 'production')).toBeNull();
    await world.appendStory(switchedStory());
    await expected.refresh(world.dir);
    expect(expected(world.dir, 'production')).toBe(RELEASE_SHA);
    await dispatch(handlersFor([]), 'rollback.start', ['production', {}], () => undefined, () => []);
    await expected.refresh(world.dir);
    expect(expected(world.dir, 'production')).toBe(PREVIOUS_SHA);
  });
});
