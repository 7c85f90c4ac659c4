/**
 * The release service telling the team through the real outbox, with the fake GitHub and
 * Slack on 127.0.0.1 (tests/integration/outbox-world.ts): while both hang or answer 500, no
 * step takes more than 100 ms longer than with them healthy; once they recover, every
 * message arrives exactly once — one Deployment per release whose statuses follow the
 * steps, one Slack thread whose replies follow them too.
 */
import { chmod, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamUpdatesOverOutbox } from '../../electron/services/releases/outbox-team-updates';
import type { ReleaseService } from '../../electron/services/releases/release-service';
import type { TeamUpdates } from '../../electron/services/releases/team-updates';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import { writeLocalCiWorkspace } from '../fixtures/local-ci-workspace';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { CHANNEL, startOutboxWorld, type OutboxWorld } from './outbox-world';
import { testReleaseService } from '../fixtures/test-release-service';

const CAROL = 'carol@example.com';
let repo: TestRepo;
let world: OutboxWorld;
let config: WorkspaceConfig;
let preview: http.Server;
let previewUrl: string;
let sha: string;

beforeAll(async () => {
  repo = await createTestRepo();
  world = await startOutboxWorld();
  await repo.commit('master', { 'README.md': 'hello\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await repo.git('checkout', '--quiet', '-b', 'feat/told', 'master');
  sha = await repo.commit('feat/told', { 'x.txt': 'x\n' });
  await repo.git('push', '--quiet', 'origin', 'feat/told');
  preview = http.createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => preview.listen(0, '127.0.0.1', resolve));
  const address = preview.address();
  previewUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  await writeFile(path.join(repo.root, 'stage1.sh'), '#!/bin/sh\necho "PREVIEW_URL=$TEST_PREVIEW_URL"\n');
  await chmod(path.join(repo.root, 'stage1.sh'), 0o755);
  const environment = { commands: { stage1: './stage1.sh', switchover: 'true', rollback: 'true', currentVersion: 'true' } };
  config = await writeLocalCiWorkspace(repo.root, {
    repository: { github: 'welkin/web' },
    environments: { production: environment, healthy: environment, hanging: environment, failing: environment },
    people: { coordinators: [CAROL], onCall: [CAROL], signOff: [CAROL] },
    slack: { channel: CHANNEL },
  });
});

afterAll(async () => {
  await new Promise((resolve) => preview.close(resolve));
  await world.close();
  await repo.cleanup();
});

function service(teamUpdates: TeamUpdates) {
  return testReleaseService({
    config,
    workspaceDir: repo.root,
    dataDir: world.dir,
    actor: CAROL,
    teamUpdates,
    eligibility: async () => ({ headSha: sha, eligible: true, summary: 'eligible for release', pullRequest: null }),
    baseEnv: { ...process.env, TEST_PREVIEW_URL: previewUrl },
    previewWaitMs: 5000,
  });
}

/** Plan, Stage 1, sign-off, abort; the wall time of Stage 1 and of the sign-off. */
async function walk(releases: ReleaseService, environment: string): Promise<{ id: string; stage1Ms: number; signOffMs: number }> {
  const planned = await releases.plan({ environment, branch: 'feat/told' });
  let started = performance.now();
  const staged = await releases.startStage1(planned.state.id);
  const stage1Ms = performance.now() - started;
  expect(staged.state.phase).toBe('exercising');
  started = performance.now();
  await releases.signOff(planned.state.id, { note: 'tried it' });
  const signOffMs = performance.now() - started;
  await releases.abort(planned.state.id, 'only telling the team');
  return { id: planned.state.id, stage1Ms, signOffMs };
}

/**
 * The fastest of three walks: on a loaded machine one walk's Stage 1 (a child process and a
 * probe) varies by more than 100 ms on its own, while waiting on a hanging service would add
 * seconds to every walk — the minimum keeps that difference and drops the noise.
 */
async function fastestWalk(releases: ReleaseService, environment: string): Promise<{ ids: string[]; stage1Ms: number; signOffMs: number }> {
  const walks = [];
  for (let i = 0; i < 3; i++) walks.push(await walk(releases, environment));
  return {
    ids: walks.map((one) => one.id),
    stage1Ms: Math.min(...walks.map((one) => one.stage1Ms)),
    signOffMs: Math.min(...walks.map((one) => one.signOffMs)),
  };
}

describe('team updates through the outbox', () => {
  it('GitHub and Slack hanging or answering 500 delay no step by more than 100 ms; after recovery each message arrives once', async () => {
    const outbox = teamUpdatesOverOutbox(world.open(), (message, error) => console.error(message, error));
    const releases = service(outbox);
    // Warm-up and the healthy reference, in the same run.
    await walk(releases, 'healthy');
    const healthy = await fastestWalk(releases, 'healthy');

    world.github.server.faults.hang();
    world.slack.server.faults.hang();
    const hanging = await fastestWalk(releases, 'hanging');
    await world.github.server.faults.recover();
    await world.slack.server.faults.recover();

    world.github.server.faults.answer({ status: 500, body: { message: 'Server Error' } });
    world.slack.server.faults.answer({ status: 500, body: 'internal error' });
    const failing = await fastestWalk(releases, 'failing');
    await world.github.server.faults.recover();
    await world.slack.server.faults.recover();

    for (const faulty of [hanging, failing]) {
      expect(faulty.stage1Ms - healthy.stage1Ms).toBeLessThan(100);
      expect(faulty.signOffMs - healthy.signOffMs).toBeLessThan(100);
    }

    // Recovered: every release's messages arrive, each exactly once, in step order.
    const deadline = Date.now() + 30_000;
    while ((await outbox.pending()).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await outbox.pending()).toEqual([]);
    for (const id of [...healthy.ids, ...hanging.ids, ...failing.ids]) {
      const deployments = world.github.deployments.all.filter((deployment) => deployment.description === `Release ${id} of feat/told`);
      expect(deployments).toHaveLength(1);
      expect(deployments[0]?.sha).toBe(sha);
      expect(deployments[0]?.statuses.map((status) => status.state)).toEqual(['in_progress', 'in_progress', 'inactive']);
      expect(deployments[0]?.statuses[1]?.environmentUrl).toBe(previewUrl);
      const starts = world.slack.threads.messages.filter((message) => message.threadTs === null && message.text.startsWith(`Release ${id}:`));
      expect(starts).toHaveLength(1);
      const replies = world.slack.threads.repliesTo(CHANNEL, starts[0]?.ts ?? '').map((message) => message.text);
      expect(replies).toEqual([
        expect.stringMatching(/^Stage 1 of feat\/told \([0-9a-f]{7}\) started by carol@example\.com\.$/),
        `Preview ready: ${previewUrl}. Engineers, please exercise it and sign off.`,
        'Signed off by carol@example.com: tried it',
        expect.stringMatching(/^Aborted by carol@example\.com: only telling the team · journal \d+:[0-9a-f]{12}$/),
      ]);
    }
    await outbox.stop();
  }, 120_000);
});
