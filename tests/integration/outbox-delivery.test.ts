import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, SHA, startOutboxWorld, typicalRelease, type OutboxWorld } from './outbox-world';

let world: OutboxWorld;
beforeEach(async () => {
  world = await startOutboxWorld();
});
afterEach(() => world.close());

const statusesOf = (w: OutboxWorld) => w.github.deployments.all.map((d) => d.statuses.map((s) => [s.state, s.environmentUrl, s.description]));

describe('team updates for a typical release', () => {
  it('land on GitHub and in one Slack thread, in order, once each', async () => {
    const updates = await world.open();
    for (const message of typicalRelease('rel-1', 'feature/login')) await updates.enqueue(message);
    await expect.poll(() => updates.pending(), { timeout: 15_000 }).toEqual([]);

    expect(world.github.deployments.all).toHaveLength(1);
    const deployment = world.github.deployments.all[0];
    expect(deployment).toMatchObject({ ref: SHA, environment: 'production', creator: 'carol', description: 'Release feature/login' });
    expect(deployment?.payload).toMatchObject({ releaseId: 'rel-1' });
    expect(statusesOf(world)).toEqual([
      [
        ['in_progress', '', 'Stage 1: preview starting'],
        ['in_progress', 'http://127.0.0.1:4100/preview', 'Stage 1: preview ready'],
        ['success', 'http://127.0.0.1:4000/', 'Stage 2: production runs 3f1c2ab'],
      ],
    ]);

    const [parent, ...rest] = world.slack.threads.messages;
    expect(parent).toMatchObject({ channel: CHANNEL, threadTs: null, text: 'Release of feature/login (3f1c2ab) planned by carol' });
    expect(rest.map((m) => [m.threadTs, m.text])).toEqual([
      [parent?.ts, 'Preview ready: http://127.0.0.1:4100/preview'],
      [parent?.ts, 'Signed off by dave'],
      [parent?.ts, 'Switched over: production runs 3f1c2ab'],
    ]);
    // Once each: one request per message on the happy path, no look-ups.
    const posts = world.github.server.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(4);
    expect(world.slack.server.requests.filter((r) => r.path === '/api/chat.postMessage')).toHaveLength(4);
  });

  it('keeps releases apart: each has its own deployment and thread', async () => {
    const updates = await world.open();
    const a = typicalRelease('rel-a', 'feature/a');
    const b = typicalRelease('rel-b', 'feature/b');
    for (const [i, message] of a.entries()) {
      await updates.enqueue(message);
      await updates.enqueue(b[i] ?? message);
    }
    await expect.poll(() => updates.pending(), { timeout: 15_000 }).toEqual([]);
    const byRelease = (id: string) => world.github.deployments.all.find((d) => (d.payload as { releaseId?: string }).releaseId === id);
    expect(byRelease('rel-a')?.statuses.map((s) => s.state)).toEqual(['in_progress', 'in_progress', 'success']);
    expect(byRelease('rel-b')?.statuses.map((s) => s.state)).toEqual(['in_progress', 'in_progress', 'success']);
    const parents = world.slack.threads.messages.filter((m) => m.threadTs === null);
    expect(parents.map((p) => p.text)).toEqual(['Release of feature/a (3f1c2ab) planned by carol', 'Release of feature/b (3f1c2ab) planned by carol']);
    for (const parent of parents) expect(world.slack.threads.repliesTo(CHANNEL, parent.ts)).toHaveLength(3);
  });

  it('posts untrusted text as plain text: no mentions, no links smuggled in', async () => {
    const updates = await world.open();
    await updates.enqueue({ kind: 'slack.thread-start', releaseId: 'rel-x', text: 'Release of <!channel> & <https://evil.example|docs>' });
    await expect.poll(() => world.slack.threads.messages.length, { timeout: 10_000 }).toBe(1);
    expect(world.slack.threads.messages[0]?.text).toBe('Release of &lt;!channel&gt; &amp; &lt;https://evil.example|docs&gt;');
  });

  it('creates a preview deployment as transient, with auto_merge off and no required contexts', async () => {
    const updates = await world.open();
    await updates.enqueue({ kind: 'deployment.create', releaseId: 'rel-p', environment: 'preview', sha: SHA, transientEnvironment: true });
    await updates.enqueue({ kind: 'deployment.status', releaseId: 'rel-p', state: 'success', environmentUrl: 'http://127.0.0.1:4100/' });
    await expect.poll(() => updates.pending(), { timeout: 10_000 }).toEqual([]);
    expect(world.github.deployments.all[0]).toMatchObject({ environment: 'preview', transientEnvironment: true });
    const body = JSON.parse(world.github.server.requests.find((r) => r.method === 'POST' && r.path.endsWith('/deployments'))?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ ref: SHA, auto_merge: false, required_contexts: [], transient_environment: true });
  });

  it('refuses a malformed message at enqueue, naming the field', async () => {
    const updates = await world.open();
    await expect(updates.enqueue({ kind: 'deployment.status', releaseId: 'rel-1', state: 'done' } as never)).rejects.toThrow(/state: /);
    await expect(updates.enqueue({ kind: 'deployment.status', releaseId: 'rel-1', state: 'success', environmentUrl: 'javascript:alert(1)' })).rejects.toThrow(
      /environmentUrl: must be an http\(s\) URL/,
    );
    await expect(updates.enqueue({ kind: 'slack.thread-reply', releaseId: '', text: 'x' })).rejects.toThrow(/releaseId: is required/);
  });
});
