/**
 * The world the outbox tests run in: a fake GitHub and a fake Slack on 127.0.0.1, a temp
 * data folder, tokens from a TokenSource like the app's, and team updates built by the
 * real factory with short timeouts and backoff so outages resolve within a test.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TEAM_UPDATES_DIR, createTeamUpdates, type TeamUpdates, type TeamUpdatesOptions } from '../../electron/services/team-updates/team-updates';
import { OUTBOX_FILE } from '../../electron/services/outbox/outbox-file';
import type { TokenSource } from '../../electron/services/vault/token-source';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack';

export const GITHUB_TOKEN = 'ghp_outboxWorldToken1234567890abcdefABCD';
export const SLACK_TOKEN = 'xoxb-1111-2222-outboxWorldSlackToken';
export const CHANNEL = 'C0RELEASES';
export const SHA = '3f1c2ab9e0d7c1a2b3c4d5e6f708192a3b4c5d6e';

export interface OutboxWorld {
  readonly dir: string;
  readonly github: FakeGitHub;
  readonly slack: FakeSlack;
  /** Builds team updates on the world's folder; later calls are "restarts". */
  open(overrides?: Partial<TeamUpdatesOptions>): Promise<TeamUpdates>;
  /** The outbox file's text as stored. */
  outboxText(): Promise<string>;
  close(): Promise<void>;
}

export function tokenSource(tokens: { github?: string | null; slack?: string | null }): TokenSource {
  return {
    getToken: async (service) => (service === 'github' ? (tokens.github ?? null) : service === 'slack' ? (tokens.slack ?? null) : null),
    knownSecrets: () => [tokens.github, tokens.slack].filter((t): t is string => typeof t === 'string'),
  };
}

/**
 * Team updates for welkin/web and the #releases channel on the given fakes' addresses, with
 * short timeouts and backoff so outages resolve within a test.
 */
export function testTeamUpdatesOptions(dataDir: string, github: FakeGitHub, slack: FakeSlack, tokens = tokenSource({ github: GITHUB_TOKEN, slack: SLACK_TOKEN })): TeamUpdatesOptions {
  return {
    dataDir,
    tokens,
    endpoints: () => ({ github: github.url, slack: slack.apiUrl, circleci: 'http://127.0.0.1:9' }),
    repository: 'welkin/web',
    slackChannel: CHANNEL,
    timeoutMs: 2_000,
    backoff: { baseMs: 20, maxMs: 250 },
    rescanMs: 50,
  };
}

export async function startOutboxWorld(): Promise<OutboxWorld> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-outbox-'));
  const github = await startFakeGitHub();
  github.addToken(GITHUB_TOKEN, { login: 'carol', id: 7, name: 'Carol' });
  const slack = await startFakeSlack();
  slack.addToken(SLACK_TOKEN, { team: 'Welkin', teamId: 'T0WELKIN', user: 'release-desk', userId: 'U0DESK' });
  slack.threads.addChannel(CHANNEL, 'releases');
  const opened: TeamUpdates[] = [];
  return {
    dir,
    github,
    slack,
    open: async (overrides = {}) => {
      const updates = await createTeamUpdates({ ...testTeamUpdatesOptions(dir, github, slack), timeoutMs: 1_000, ...overrides });
      opened.push(updates);
      return updates;
    },
    outboxText: () => readFile(path.join(dir, TEAM_UPDATES_DIR, OUTBOX_FILE), 'utf8'),
    close: async () => {
      await Promise.all(opened.map((updates) => updates.stop()));
      await Promise.all([github.server.faults.recover(), slack.server.faults.recover()]);
      await Promise.all([github.close(), slack.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A typical release's updates, in the order the release service would enqueue them. */
export function typicalRelease(releaseId: string, branch: string) {
  return [
    { kind: 'deployment.create', releaseId, environment: 'production', sha: SHA, description: `Release ${branch}` },
    { kind: 'slack.thread-start', releaseId, text: `Release of ${branch} (3f1c2ab) planned by carol` },
    { kind: 'deployment.status', releaseId, state: 'in_progress', description: 'Stage 1: preview starting' },
    { kind: 'deployment.status', releaseId, state: 'in_progress', environmentUrl: 'http://127.0.0.1:4100/preview', description: 'Stage 1: preview ready' },
    { kind: 'slack.thread-reply', releaseId, text: 'Preview ready: http://127.0.0.1:4100/preview' },
    { kind: 'slack.thread-reply', releaseId, text: 'Signed off by dave' },
    { kind: 'deployment.status', releaseId, state: 'success', environmentUrl: 'http://127.0.0.1:4000/', description: 'Stage 2: production runs 3f1c2ab' },
    { kind: 'slack.thread-reply', releaseId, text: 'Switched over: production runs 3f1c2ab' },
  ] as const;
}
