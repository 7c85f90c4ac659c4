import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamUpdates } from '../../electron/services/team-updates/team-updates';
import { CHANNEL, startOutboxWorld, typicalRelease, type OutboxWorld } from './outbox-world';

let world: OutboxWorld;
beforeEach(async () => {
  world = await startOutboxWorld();
});
afterEach(() => world.close());

/** Enqueues the whole release and returns how long the slowest enqueue took. */
async function enqueueRelease(updates: TeamUpdates, releaseId: string): Promise<number> {
  let slowest = 0;
  for (const message of typicalRelease(releaseId, 'feature/login')) {
    const started = performance.now();
    await updates.enqueue(message);
    slowest = Math.max(slowest, performance.now() - started);
  }
  return slowest;
}

/** Everything arrived exactly once and in order. */
function expectDeliveredOnce(w: OutboxWorld): void {
  expect(w.github.deployments.all).toHaveLength(1);
  expect(w.github.deployments.all[0]?.statuses.map((s) => `${s.state} ${s.environmentUrl}`)).toEqual([
    'in_progress ',
    'in_progress http://127.0.0.1:4100/preview',
    'success http://127.0.0.1:4000/',
  ]);
  const [parent, ...replies] = w.slack.threads.messages;
  expect(parent?.threadTs).toBeNull();
  expect(replies.map((m) => [m.threadTs, m.text])).toEqual([
    [parent?.ts, 'Preview ready: http://127.0.0.1:4100/preview'],
    [parent?.ts, 'Signed off by dave'],
    [parent?.ts, 'Switched over: production runs 3f1c2ab'],
  ]);
}

describe('the outbox while GitHub and Slack are in trouble', () => {
  it('enqueue returns while both hang; the messages arrive once each when they answer again', async () => {
    world.github.server.faults.hang();
    world.slack.server.faults.hang();
    const updates = await world.open({ timeoutMs: 5_000 });
    const slowest = await enqueueRelease(updates, 'rel-1');
    // Every enqueue resolved while the first requests were still hanging.
    await expect.poll(() => world.github.server.faults.hanging + world.slack.server.faults.hanging, { timeout: 10_000 }).toBe(2);
    expect(slowest).toBeLessThan(1000);
    const pending = await updates.pending();
    expect(pending.map((p) => p.state)).toEqual(['sending', 'sending', 'waiting', 'waiting', 'waiting', 'waiting', 'waiting', 'waiting']);
    expect(pending[2]?.reason).toBe('waiting for an earlier github update of this release');

    // The hung requests are handled on recovery (GitHub got them, the answers come late).
    await world.github.server.faults.recover();
    await world.slack.server.faults.recover();
    await expect.poll(() => updates.pending(), { timeout: 20_000 }).toEqual([]);
    expectDeliveredOnce(world);
  });

  it('a hanging request times out and is retried; the request GitHub did handle is not repeated', async () => {
    world.github.server.faults.hang();
    const updates = await world.open({ timeoutMs: 300 });
    await updates.enqueue(typicalRelease('rel-1', 'feature/login')[0]);
    await expect.poll(async () => (await updates.pending())[0]?.reason ?? '', { timeout: 10_000 }).toMatch(/^unreachable: no answer within 300 ms, next try \d\d:\d\d:\d\d$/);
    // Every attempt so far hangs; on recovery each is handled, and only one deployment may come of it.
    await world.github.server.faults.recover();
    await expect.poll(() => updates.pending(), { timeout: 10_000 }).toEqual([]);
    expect(world.github.server.requests.filter((r) => r.method === 'POST').length).toBeGreaterThanOrEqual(1);
    expect(world.github.deployments.all).toHaveLength(1);
  });

  it('answers lost after GitHub and Slack acted (the crash window) are found, not repeated', async () => {
    world.github.server.faults.loseAnswers();
    world.slack.server.faults.loseAnswers();
    const updates = await world.open();
    await enqueueRelease(updates, 'rel-1');
    // The first message of each lane reached the service, but its answer never came back.
    await expect.poll(() => world.github.deployments.all.length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => world.slack.threads.messages.length, { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => ((await updates.pending())[0]?.attempts ?? 0) >= 2, { timeout: 10_000 }).toBe(true);
    await world.github.server.faults.recover();
    await world.slack.server.faults.recover();
    await expect.poll(() => updates.pending(), { timeout: 20_000 }).toEqual([]);
    expectDeliveredOnce(world);
    // The retries looked before posting again.
    expect(world.github.server.requests.some((r) => r.method === 'GET' && r.path.endsWith('/deployments'))).toBe(true);
    expect(world.slack.server.requests.some((r) => r.path === '/api/conversations.history')).toBe(true);
  });

  it('5xx answers are retried with backoff until the service recovers', async () => {
    world.github.server.faults.answer({ status: 502, body: { message: 'Server Error' } });
    world.slack.server.faults.answer({ status: 503, body: 'upstream unavailable' });
    const updates = await world.open();
    await enqueueRelease(updates, 'rel-1');
    await expect.poll(async () => (await updates.pending()).slice(0, 2).map((p) => p.reason.replace(/\d\d:\d\d:\d\d/, 'T')), { timeout: 10_000 }).toEqual([
      'GitHub answered HTTP 502, next try T',
      'Slack answered HTTP 503, next try T',
    ]);
    // Backoff: several tries, but not a tight loop (base 20 ms, ceiling 250 ms).
    await expect.poll(() => world.github.server.requests.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await world.github.server.faults.recover();
    await world.slack.server.faults.recover();
    await expect.poll(() => updates.pending(), { timeout: 20_000 }).toEqual([]);
    expectDeliveredOnce(world);
  });

  it('rate limits are waited out until the time the service names', async () => {
    const resetAt = Math.ceil(Date.now() / 1000) + 2;
    world.github.server.faults.answer({
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': String(resetAt) },
      body: { message: 'API rate limit exceeded for user ID 7.', documentation_url: 'https://docs.github.com/rest/rate-limit' },
    });
    world.slack.server.faults.answer({ status: 429, headers: { 'retry-after': '2' }, body: { ok: false, error: 'ratelimited' } });
    const updates = await world.open();
    await enqueueRelease(updates, 'rel-1');
    await expect.poll(async () => (await updates.pending()).slice(0, 2).map((p) => p.state), { timeout: 10_000 }).toEqual(['rate-limited', 'rate-limited']);
    const [gh, sl] = await updates.pending();
    expect(gh?.reason).toMatch(/^rate-limited by GitHub until \d\d:\d\d:\d\d$/);
    expect(sl?.reason).toMatch(/^rate-limited by Slack until \d\d:\d\d:\d\d$/);
    expect(Date.parse(gh?.nextAttemptAt ?? '')).toBeGreaterThanOrEqual(resetAt * 1000);
    const requestsWhileLimited = world.github.server.requests.length + world.slack.server.requests.length;
    await world.github.server.faults.recover();
    await world.slack.server.faults.recover();
    await expect.poll(() => updates.pending(), { timeout: 20_000 }).toEqual([]);
    // Nothing was sent again before the named time.
    expect(Date.now()).toBeGreaterThanOrEqual(resetAt * 1000);
    expect(requestsWhileLimited).toBe(2);
    expectDeliveredOnce(world);
  });

  it('refused connections (service down) are retried and reported as unreachable', async () => {
    await world.github.server.faults.refuseConnections();
    await world.slack.server.faults.refuseConnections();
    const updates = await world.open();
    await enqueueRelease(updates, 'rel-1');
    await expect.poll(async () => (await updates.pending()).slice(0, 2).map((p) => p.reason.replace(/\d\d:\d\d:\d\d/, 'T')), { timeout: 10_000 }).toEqual([
      'unreachable: connection refused, next try T',
      'unreachable: connection refused, next try T',
    ]);
    await world.github.server.faults.recover();
    await world.slack.server.faults.recover();
    await expect.poll(() => updates.pending(), { timeout: 20_000 }).toEqual([]);
    expectDeliveredOnce(world);
  });

  it('Slack down does not hold GitHub back: each service is its own lane', async () => {
    await world.slack.server.faults.refuseConnections();
    const updates = await world.open();
    await enqueueRelease(updates, 'rel-1');
    await expect.poll(async () => (await updates.pending()).map((p) => p.message.kind), { timeout: 10_000 }).toEqual([
      'slack.thread-start',
      'slack.thread-reply',
      'slack.thread-reply',
      'slack.thread-reply',
    ]);
    expect(world.github.deployments.all[0]?.statuses).toHaveLength(3);
    expect(world.slack.threads.messages).toHaveLength(0);
    await world.slack.server.faults.recover();
    await expect.poll(() => updates.pending(), { timeout: 20_000 }).toEqual([]);
    expect(world.slack.threads.repliesTo(CHANNEL, world.slack.threads.messages[0]?.ts ?? '')).toHaveLength(3);
  });
});
