import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOutboxWorld, tokenSource, type OutboxWorld } from './outbox-world';

let world: OutboxWorld;
beforeEach(async () => {
  world = await startOutboxWorld();
});
afterEach(() => world.close());

describe('deployments.activeFor (the planning check)', () => {
  it("names someone else's deployment that is in progress", async () => {
    const updates = await world.open();
    world.github.deployments.add({ ref: 'feature/search', environment: 'production', creator: 'dave', payload: { releaseId: 'rel-dave' }, statuses: ['queued', 'in_progress'] });
    const check = await updates.deployments.activeFor('production');
    expect(check).toMatchObject({ kind: 'active', deployment: { creator: 'dave', state: 'in_progress', ref: 'feature/search', releaseId: 'rel-dave', environment: 'production' } });
  });

  it('a finished, a status-less or one of our own deployments does not block', async () => {
    const updates = await world.open();
    world.github.deployments.add({ ref: 'feature/a', environment: 'production', creator: 'dave', statuses: ['in_progress', 'success'] });
    expect(await updates.deployments.activeFor('production')).toEqual({ kind: 'none' });
    world.github.deployments.add({ ref: 'feature/b', environment: 'production', creator: 'erin' });
    expect(await updates.deployments.activeFor('production')).toEqual({ kind: 'none' });
    world.github.deployments.add({ ref: 'feature/c', environment: 'production', creator: 'carol', payload: { releaseId: 'rel-mine' }, statuses: ['in_progress'] });
    expect(await updates.deployments.activeFor('production', { ours: ['rel-mine'] })).toEqual({ kind: 'none' });
    expect((await updates.deployments.activeFor('production')).kind).toBe('active');
    // Other environments are not looked at.
    expect(await updates.deployments.activeFor('staging')).toEqual({ kind: 'none' });
  });

  it('says why it cannot tell: not connected, unreachable, hanging (within its timeout)', async () => {
    const disconnected = await world.open({ tokens: tokenSource({}) });
    expect(await disconnected.deployments.activeFor('production')).toEqual({ kind: 'unknown', reason: 'GitHub not connected' });
    const updates = await world.open({ timeoutMs: 300 });
    await world.github.server.faults.refuseConnections();
    expect(await updates.deployments.activeFor('production')).toEqual({ kind: 'unknown', reason: 'unreachable: connection refused' });
    await world.github.server.faults.recover();
    world.github.server.faults.hang();
    expect(await updates.deployments.activeFor('production')).toEqual({ kind: 'unknown', reason: 'unreachable: no answer within 300 ms' });
  });
});
