/**
 * The team is told after a rollback, end to end through the app's services (createAppServices,
 * the IPC dispatch, the workspace's release outbox) with the fake GitHub and Slack on
 * 127.0.0.1. History: r1 went live through Release Desk (its Deployment success), then r8 (its
 * Deployment success, a Slack thread). With both fakes hanging on every request, the rollback
 * of r8 completes in its own time; once they answer again, r8's Deployment gets `failure`,
 * r1's `success` again, and r8's thread a reply saying production is back — each exactly once.
 * While the rollback runs, the app's Release view shows it rolling back (not inconclusive).
 * The CLI rollback hands the same messages to the same outbox (built CLI: `npm run build`).
 */
import { spawn } from 'node:child_process';
import { access, realpath, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { dispatch } from '../../electron/ipc/dispatch';
import { createAppServices, vaultFileIn, type AppServices } from '../../electron/services/app-services';
import { memoryEndpointStore } from '../../electron/services/connections/api-url-settings';
import { ENDPOINT_ENV_VARS } from '../../electron/services/connections/endpoints';
import { teamUpdatesOverOutbox } from '../../electron/services/releases/outbox-team-updates';
import type { TeamMessage } from '../../electron/services/releases/team-updates';
import { createTeamUpdates } from '../../electron/services/team-updates/team-updates';
import { memoryTrustStore } from '../../electron/services/trust/workspace-trust';
import type { Result } from '../../shared/ipc/result';
import type { ReleaseView } from '../../shared/releases/release-ipc';
import type { RollbackOutcome } from '../../shared/releases/rollback-ipc';
import { fakeEncryptor } from '../fakes/fake-encryptor';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack';
import { CAST, PREVIOUS_SHA, RELEASE_SHA, releaseStory } from '../fixtures/release-events';
import { createRollbackWorld, type RollbackWorld } from '../fixtures/rollback-world';
import { testTeamUpdatesOptions, tokenSource } from './outbox-world';

const GITHUB_TOKEN = 'ghp_rollbackTeamToldToken1234567890abcd';
const SLACK_TOKEN = 'xoxb-1111-2222-rollbackTeamToldSlack';
const CHANNEL = 'C0RELEASES';

let world: RollbackWorld;
let github: FakeGitHub;
let slack: FakeSlack;
let services: AppServices | null = null;

beforeEach(async () => {
  world = await createRollbackWorld();
  github = await startFakeGitHub();
  github.addToken(GITHUB_TOKEN, { login: CAST.both, id: 7, name: 'Carol' });
  slack = await startFakeSlack();
  slack.addToken(SLACK_TOKEN, { team: 'Welkin', teamId: 'T0WELKIN', user: 'release-desk', userId: 'U0DESK' });
  slack.threads.addChannel(CHANNEL, 'releases');
});
afterEach(async () => {
  await services?.stop();
  services = null;
  await Promise.all([github.server.faults.recover(), slack.server.faults.recover()]);
  await Promise.all([github.close(), slack.close()]);
  await world.close();
});

async function call<T>(app: AppServices, name: string, ...args: unknown[]): Promise<T> {
  const result: Result<unknown> = await dispatch(app.handlers, name, args, () => undefined, app.secrets);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** The journal and the outbox as the release service left them after r1 and then r8 went live. */
async function releasedTwice(): Promise<{ previous: string; faulty: string }> {
  const story = releaseStory().plan({ sha: PREVIOUS_SHA }).stage1().signOffAll().preflight();
  story.startStep('switchover', CAST.onCall).finishStep('switchover', 'succeeded', { productionVersion: PREVIOUS_SHA, healthy: true }, CAST.onCall);
  story.verdict('healthy').merge();
  const previous = story.releaseId;
  for (let i = 0; i < 3; i++) story.add('lock-released', { reason: 'padding so the ids differ' }, { releaseId: null }); // r8, not r2
  story.plan().stage1().signOffAll().preflight().switchover();
  const faulty = story.releaseId;
  const ids = await world.appendStory(story);
  expect([ids.get(previous), ids.get(faulty)]).toEqual([previous, faulty]);

  const outbox = await createTeamUpdates(testTeamUpdatesOptions(world.dataDir, github, slack, tokenSource({ github: GITHUB_TOKEN, slack: SLACK_TOKEN })));
  const updates = teamUpdatesOverOutbox(Promise.resolve(outbox), (message, error) => console.error(message, error));
  const told: TeamMessage[] = [
    { kind: 'deployment.create', releaseId: previous, environment: 'production', sha: PREVIOUS_SHA, description: 'Release feature/x', transient: false },
    { kind: 'deployment.status', releaseId: previous, state: 'success', description: 'Stage 2: production runs 9e0d7c1' },
    { kind: 'deployment.create', releaseId: faulty, environment: 'production', sha: RELEASE_SHA, description: 'Release feature/x', transient: false },
    { kind: 'slack.thread-start', releaseId: faulty, channel: CHANNEL, text: 'Release of feature/x (3f1c2ab) planned by alice' },
    { kind: 'deployment.status', releaseId: faulty, state: 'success', description: 'Stage 2: production runs 3f1c2ab' },
  ];
  for (const message of told) await updates.enqueue(message);
  expect(await updates.settle(30_000)).toBe(true);
  await updates.stop();
  return { previous, faulty };
}

/** release-desk.yml names the GitHub repository and the Slack channel. */
async function configureTeam(): Promise<void> {
  const file = path.join(world.dir, 'release-desk.yml');
  const document = parse(await readFile(file, 'utf8')) as { repository: Record<string, unknown>; slack?: unknown };
  document.repository.github = 'welkin/web';
  document.slack = { channel: CHANNEL };
  await writeFile(file, stringify(document));
}

function statesOf(releaseId: string): string[] {
  const deployment = github.deployments.all.find((candidate) => (candidate.payload as { releaseId?: string } | null)?.releaseId === releaseId);
  return deployment?.statuses.map((status) => status.state) ?? [];
}

describe('the team is told after a rollback', () => {
  it('with GitHub and Slack hanging the rollback ends in its own time; once they answer: failure on the faulty Deployment, success on the previous one, one Slack reply', async () => {
    const { previous, faulty } = await releasedTwice();
    expect(statesOf(previous)).toEqual(['success']);
    expect(statesOf(faulty)).toEqual(['success']);
    const thread = slack.threads.messages.find((message) => message.threadTs === null);
    expect(thread).toBeDefined();

    // The rollback waits for the test's go-ahead, so the Release view is read while it runs.
    await world.writeConfig('touch rollback-started; while [ ! -f go ]; do sleep 0.05; done; printf %s "$PREVIOUS_SHA" > live-version; echo "rolled back to $PREVIOUS_SHA"');
    await configureTeam();
    const folder = await realpath(world.dir);
    services = createAppServices({
      host: 'browser-bridge',
      version: '0.0.0-test',
      userDataDir: world.configDir,
      vaultFile: vaultFileIn(world.configDir),
      encryptor: fakeEncryptor(),
      env: { [ENDPOINT_ENV_VARS.github]: github.url, [ENDPOINT_ENV_VARS.slack]: slack.apiUrl, [ENDPOINT_ENV_VARS.circleci]: 'http://127.0.0.1:9' },
      savedEndpoints: memoryEndpointStore(),
      externalHosts: ['github.com'],
      openExternal: async () => undefined,
      workspacePath: () => folder,
      confirmPlaintextStorage: async () => true,
      trustStore: memoryTrustStore([{ path: folder, trustedAt: new Date().toISOString(), how: 'dialog' }]),
      askTrust: async () => false,
    });
    await call(services, 'connections.connect', 'github', GITHUB_TOKEN);
    await call(services, 'connections.connect', 'slack', SLACK_TOKEN);

    github.server.faults.hang();
    slack.server.faults.hang();
    const asked = { github: github.server.requests.length, slack: slack.server.requests.length };
    const started = performance.now();
    const rolling = call<RollbackOutcome>(services, 'rollback.start', 'production', {});
    await expect.poll(() => access(path.join(world.dir, 'rollback-started')).then(() => true, () => false), { timeout: 30_000, interval: 50 }).toBe(true);
    // The app's release service sees the app's rollback running (the registry is shared), not an inconclusive step.
    expect((await call<ReleaseView>(services, 'releases.get', faulty)).state.phase).toBe('rolling-back');
    await writeFile(path.join(world.dir, 'go'), '');
    const outcome = await rolling;
    const tookMs = performance.now() - started;
    expect(outcome).toMatchObject({ kind: 'rolled-back', releaseId: faulty, fromSha: RELEASE_SHA, toSha: PREVIOUS_SHA });
    expect(await world.live()).toBe(PREVIOUS_SHA);
    // Nothing reached the team yet: every request hangs (the outbox's own timeout is 10 s).
    expect(tookMs).toBeLessThan(10_000);
    expect(statesOf(faulty)).toEqual(['success']);
    expect(statesOf(previous)).toEqual(['success']);
    // The outbox did try, and both hang on it, while the rollback is already over.
    await expect.poll(() => github.server.requests.length > asked.github && slack.server.requests.length > asked.slack, { timeout: 30_000, interval: 50 }).toBe(true);
    expect(statesOf(faulty)).toEqual(['success']);

    await github.server.faults.recover();
    await slack.server.faults.recover();
    await expect.poll(() => statesOf(faulty).at(-1), { timeout: 120_000, interval: 200 }).toBe('failure');
    await expect.poll(() => statesOf(previous).length, { timeout: 120_000, interval: 200 }).toBe(2);
    const replies = () => slack.threads.repliesTo(CHANNEL, thread?.ts ?? '').filter((reply) => /Rolled back and healthy/.test(reply.text));
    await expect.poll(() => replies().length, { timeout: 120_000, interval: 200 }).toBe(1);

    // Delivered, and delivered once: nothing is left to send, and a while later nothing was sent twice.
    const app = services;
    await expect.poll(async () => (await call<ReleaseView>(app, 'releases.get', faulty)).pendingUpdates.length, { timeout: 60_000, interval: 200 }).toBe(0);
    expect(statesOf(faulty)).toEqual(['success', 'failure']);
    expect(statesOf(previous)).toEqual(['success', 'success']);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.text).toContain('9e0d7c1');
  }, 240_000);

  it('the CLI rollback tells the team through the same outbox: queued on disk while both hang, delivered once later', async () => {
    const { previous, faulty } = await releasedTwice();
    await configureTeam();
    github.server.faults.hang();
    slack.server.faults.hang();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      RELEASE_DESK_CONFIG_DIR: world.configDir,
      GITHUB_TOKEN,
      SLACK_TOKEN,
      [ENDPOINT_ENV_VARS.github]: github.url,
      [ENDPOINT_ENV_VARS.slack]: slack.apiUrl,
    };
    delete env.RELEASE_DESK_WORKSPACE;
    const bin = path.resolve(import.meta.dirname, '../../bin/release-desk.js');
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, '--json', 'rollback', '--yes', '--workspace', world.dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'rolled-back', releaseId: faulty, toSha: PREVIOUS_SHA });
    expect(run.stdout + run.stderr).not.toContain(GITHUB_TOKEN);
    expect(statesOf(faulty)).toEqual(['success']);

    // The app (or the next CLI run) opens the same outbox once GitHub and Slack answer again.
    await github.server.faults.recover();
    await slack.server.faults.recover();
    const later = await createTeamUpdates(testTeamUpdatesOptions(world.dataDir, github, slack, tokenSource({ github: GITHUB_TOKEN, slack: SLACK_TOKEN })));
    try {
      expect(await later.settle(60_000)).toBe(true);
    } finally {
      await later.stop();
    }
    expect(statesOf(faulty)).toEqual(['success', 'failure']);
    expect(statesOf(previous)).toEqual(['success', 'success']);
    const thread = slack.threads.messages.find((message) => message.threadTs === null);
    expect(slack.threads.repliesTo(CHANNEL, thread?.ts ?? '').filter((reply) => /Rolled back and healthy/.test(reply.text))).toHaveLength(1);
  }, 240_000);
});
