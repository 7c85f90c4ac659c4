import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEAM_UPDATES_DIR } from '../../electron/services/team-updates/team-updates';
import { LOCK_FILE } from '../../electron/services/outbox/outbox-lock';
import { CHANNEL, GITHUB_TOKEN, SLACK_TOKEN, startOutboxWorld, tokenSource, typicalRelease, type OutboxWorld } from './outbox-world';

let world: OutboxWorld;
beforeEach(async () => {
  world = await startOutboxWorld();
});
afterEach(() => world.close());

describe('the outbox across restarts', () => {
  it('a new instance on the same folder delivers what the stopped one could not', async () => {
    await world.github.server.faults.refuseConnections();
    await world.slack.server.faults.refuseConnections();
    const first = await world.open();
    for (const message of typicalRelease('rel-1', 'feature/login')) await first.enqueue(message);
    await expect.poll(async () => (await first.pending())[0]?.state, { timeout: 10_000 }).toBe('retrying');
    await first.stop();

    await world.github.server.faults.recover();
    await world.slack.server.faults.recover();
    const second = await world.open();
    expect(await second.pending({ releaseId: 'rel-1' })).toHaveLength(8);
    await expect.poll(() => second.pending(), { timeout: 20_000 }).toEqual([]);
    expect(world.github.deployments.all).toHaveLength(1);
    expect(world.github.deployments.all[0]?.statuses.map((s) => s.state)).toEqual(['in_progress', 'in_progress', 'success']);
    expect(world.slack.threads.messages.map((m) => m.threadTs === null)).toEqual([true, false, false, false]);
  });

  it('stopped mid-request (as in a crash), the next instance finds what the service already did', async () => {
    world.github.server.faults.hang();
    world.slack.server.faults.hang();
    const first = await world.open({ timeoutMs: 30_000 });
    for (const message of typicalRelease('rel-1', 'feature/login')) await first.enqueue(message);
    await expect.poll(() => world.github.server.faults.hanging + world.slack.server.faults.hanging, { timeout: 10_000 }).toBe(2);
    // stop() aborts the hanging requests: it must not wait out the 30 s timeout.
    await first.stop();
    // The services handle what they had received: the deployment and the thread's parent exist.
    await world.github.server.faults.recover();
    await world.slack.server.faults.recover();
    await expect.poll(() => world.github.deployments.all.length + world.slack.threads.messages.length, { timeout: 10_000 }).toBe(2);

    const second = await world.open();
    await expect.poll(() => second.pending(), { timeout: 20_000 }).toEqual([]);
    expect(world.github.deployments.all).toHaveLength(1);
    expect(world.github.deployments.all[0]?.statuses).toHaveLength(3);
    expect(world.slack.threads.messages).toHaveLength(4);
  });

  it('takes over the lock of a process that died (kill -9)', async () => {
    const dir = path.join(world.dir, TEAM_UPDATES_DIR);
    const first = await world.open();
    await first.stop();
    // A lock left by a process that no longer exists.
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, instance: 'gone', at: new Date().toISOString() }));
    const second = await world.open();
    await second.enqueue({ kind: 'slack.thread-start', releaseId: 'rel-1', text: 'Release planned' });
    await expect.poll(() => world.slack.threads.messages.length, { timeout: 10_000 }).toBe(1);
  });

  it('two instances on one folder (app and CLI): one delivers, each message once', async () => {
    const app = await world.open();
    const cli = await world.open();
    const release = typicalRelease('rel-1', 'feature/login');
    for (const [i, message] of release.entries()) await (i % 2 === 0 ? cli : app).enqueue(message);
    await expect.poll(() => app.pending(), { timeout: 20_000 }).toEqual([]);
    await expect.poll(() => cli.pending(), { timeout: 20_000 }).toEqual([]);
    expect(world.github.deployments.all).toHaveLength(1);
    expect(world.github.deployments.all[0]?.statuses).toHaveLength(3);
    expect(world.slack.threads.messages).toHaveLength(4);
  });
});

describe('settle() (a CLI run before it exits)', () => {
  it('waits for due messages to be delivered, not for later retries', async () => {
    const updates = await world.open({ timeoutMs: 10_000, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    for (const message of typicalRelease('rel-1', 'feature/login')) await updates.enqueue(message);
    expect(await updates.settle(20_000)).toBe(true);
    expect(await updates.pending()).toEqual([]);
    expect(world.github.deployments.all[0]?.statuses).toHaveLength(3);

    await world.slack.server.faults.refuseConnections();
    await updates.enqueue({ kind: 'slack.thread-reply', releaseId: 'rel-1', text: 'Merged' });
    // The failed reply is due again only in a minute: settle does not wait for it.
    expect(await updates.settle(20_000)).toBe(true);
    expect((await updates.pending()).map((p) => p.state)).toEqual(['retrying']);
  });

  it('says false when another process delivers for the folder', async () => {
    const app = await world.open();
    const cli = await world.open();
    await cli.enqueue({ kind: 'slack.thread-start', releaseId: 'rel-1', text: 'planned' });
    expect(await cli.settle(1_000)).toBe(false);
    await expect.poll(() => world.slack.threads.messages.length, { timeout: 10_000 }).toBe(1);
    expect(await app.settle(1_000)).toBe(true);
  });
});

describe('stop()', () => {
  it('resolves while the services hang, and nothing is sent afterwards', async () => {
    world.github.server.faults.hang();
    world.slack.server.faults.hang();
    const updates = await world.open({ timeoutMs: 60_000 });
    for (const message of typicalRelease('rel-1', 'feature/login')) await updates.enqueue(message);
    await expect.poll(() => world.github.server.faults.hanging + world.slack.server.faults.hanging, { timeout: 10_000 }).toBe(2);
    await updates.stop();
    await expect(updates.enqueue({ kind: 'slack.thread-reply', releaseId: 'rel-1', text: 'late' })).rejects.toThrow(/stopped/);
    const seen = world.github.server.requests.length + world.slack.server.requests.length;
    await world.github.server.faults.recover();
    await world.slack.server.faults.recover();
    // Longer than the backoff ceiling (250 ms) and the rescan interval (50 ms): a timer left behind would have fired.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(world.github.server.requests.length + world.slack.server.requests.length).toBe(seen);
    // The lock is free again: a new instance delivers at once.
    const next = await world.open();
    await expect.poll(() => next.pending(), { timeout: 20_000 }).toEqual([]);
  });
});

describe('permanent failures', () => {
  it('are reported and not retried: bad GitHub token, Slack channel the app is not in', async () => {
    world.slack.threads.addChannel('C0PRIVATE', 'private', false);
    const updates = await world.open({ tokens: tokenSource({ github: 'ghp_revoked000000000000000000000000000000', slack: SLACK_TOKEN }), slackChannel: 'C0PRIVATE' });
    for (const message of typicalRelease('rel-1', 'feature/login')) await updates.enqueue(message);
    await expect.poll(async () => (await updates.pending()).every((p) => p.state === 'refused'), { timeout: 10_000 }).toBe(true);
    expect((await updates.pending()).map((p) => `${p.message.kind}: ${p.reason}`)).toEqual([
      'deployment.create: refused: GitHub answered HTTP 401: Bad credentials',
      'slack.thread-start: refused: not_in_channel',
      // Without a remembered deployment, a status looks it up on GitHub first: refused the same way.
      'deployment.status: refused: GitHub answered HTTP 401: Bad credentials',
      'deployment.status: refused: GitHub answered HTTP 401: Bad credentials',
      'slack.thread-reply: refused: release rel-1 has no Slack thread (starting it was refused or skipped)',
      'slack.thread-reply: refused: release rel-1 has no Slack thread (starting it was refused or skipped)',
      'deployment.status: refused: GitHub answered HTTP 401: Bad credentials',
      'slack.thread-reply: refused: release rel-1 has no Slack thread (starting it was refused or skipped)',
    ]);
    const seen = world.github.server.requests.length + world.slack.server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(world.github.server.requests.length + world.slack.server.requests.length).toBe(seen);
  });

  it('a status for a release whose deployment GitHub never made is refused with that reason', async () => {
    const updates = await world.open();
    await updates.enqueue({ kind: 'deployment.status', releaseId: 'rel-unknown', state: 'success' });
    await expect.poll(async () => (await updates.pending())[0]?.reason, { timeout: 10_000 }).toBe(
      'refused: no GitHub deployment for release rel-unknown (creating it was refused or skipped)',
    );
  });

  it('a 422 from GitHub is final too', async () => {
    const updates = await world.open();
    await updates.enqueue({ kind: 'deployment.create', releaseId: 'rel-1', environment: 'production', sha: 'abc' });
    await expect.poll(() => updates.pending(), { timeout: 10_000 }).toEqual([]);
    world.github.server.faults.answer({ status: 422, body: { message: 'Validation Failed', documentation_url: 'https://docs.github.com/rest' } });
    await updates.enqueue({ kind: 'deployment.status', releaseId: 'rel-1', state: 'success' });
    await expect.poll(async () => (await updates.pending())[0]?.reason, { timeout: 10_000 }).toBe('refused: GitHub answered HTTP 422: Validation Failed');
  });

  it('nothing connected: messages are recorded as skipped, and nothing is sent', async () => {
    const updates = await world.open({ tokens: tokenSource({}), slackChannel: CHANNEL });
    await updates.enqueue(typicalRelease('rel-1', 'feature/login')[0]);
    await updates.enqueue(typicalRelease('rel-1', 'feature/login')[1]);
    await expect.poll(async () => (await updates.pending()).map((p) => p.reason), { timeout: 10_000 }).toEqual([
      'skipped: GitHub not connected',
      'skipped: Slack not connected',
    ]);
    const unconfigured = await (async () => {
      await updates.stop();
      return world.open({ repository: undefined, slackChannel: undefined });
    })();
    await unconfigured.enqueue({ kind: 'deployment.create', releaseId: 'rel-2', environment: 'production', sha: 'abc' });
    await unconfigured.enqueue({ kind: 'slack.thread-start', releaseId: 'rel-2', text: 'x' });
    await expect.poll(async () => (await unconfigured.pending({ releaseId: 'rel-2' })).map((p) => p.reason), { timeout: 10_000 }).toEqual([
      'skipped: no repository.github in release-desk.yml',
      'skipped: no slack.channel in release-desk.yml',
    ]);
    expect(world.github.server.requests).toHaveLength(0);
    expect(world.slack.server.requests).toHaveLength(0);
  });
});

describe('secrets', () => {
  it('never reach the outbox file, pending() or what is posted', async () => {
    world.slack.server.faults.answer({ status: 500, body: `internal error for ${SLACK_TOKEN}` });
    const updates = await world.open();
    await updates.enqueue({ kind: 'deployment.create', releaseId: 'rel-1', environment: 'production', sha: 'abc', description: `deploying with ${GITHUB_TOKEN}` });
    await updates.enqueue({ kind: 'slack.thread-start', releaseId: 'rel-1', text: `note: ${SLACK_TOKEN} and ${GITHUB_TOKEN}` });
    await expect.poll(async () => (await updates.pending()).map((p) => p.state), { timeout: 10_000 }).toEqual(['retrying']);
    const reported = JSON.stringify(await updates.pending());
    expect(reported).toContain('note: *** and ***');
    const stored = await world.outboxText();
    for (const token of [GITHUB_TOKEN, SLACK_TOKEN]) {
      expect(stored).not.toContain(token);
      expect(reported).not.toContain(token);
    }
    expect(world.github.deployments.all[0]?.description).toBe('deploying with ***');
  });
});
