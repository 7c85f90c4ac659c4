/**
 * Team updates for one workspace: the durable outbox with the GitHub Deployments and Slack
 * thread adapters, plus the direct "is someone else deploying?" read. The release service
 * enqueues and never waits on GitHub or Slack; the release view lists pending().
 *
 * Tokens and endpoints are read at each delivery (like readiness's ServiceAccess), so
 * connecting GitHub or Slack later takes effect for the messages still queued; a message
 * delivered while its service is not connected or not configured is recorded as skipped
 * ("skipped: GitHub not connected"), never sent later.
 */
import path from 'node:path';
import type { ServiceEndpoints } from '../connections/endpoints';
import { redactText } from '../runner/redactor';
import { parseGitHubSlug } from '../github/commit-status-publisher';
import { Outbox, type Enqueued } from '../outbox/outbox';
import type { PendingUpdate } from '../outbox/outbox-types';
import type { BackoffPolicy } from '../outbox/backoff';
import type { TokenSource } from '../vault/token-source';
import { createActiveDeploymentReader, createGitHubDeploymentsAdapter, type ActiveDeploymentCheck, type ActiveForOptions } from './github-deployments';
import { createSlackThreadAdapter } from './slack-thread';
import { parseTeamUpdate, redactTeamUpdate, summarizeTeamUpdate, type TeamUpdateInput, type TeamUpdateMessage } from './team-update-messages';

/** The folder inside a workspace's data dir (workspaceDataDir) that holds the outbox. */
export const TEAM_UPDATES_DIR = 'team-updates';

export interface TeamUpdatesOptions {
  /** The workspace's data folder (electron/services/workspace/workspace-data.ts). */
  readonly dataDir: string;
  readonly tokens: TokenSource;
  readonly endpoints: () => ServiceEndpoints;
  /** Extra secrets to scrub besides the tokens (the runner's list). */
  readonly secrets?: () => readonly string[];
  /** The clock, as the other services take it; default the system clock. */
  readonly now?: () => Date;
  /** release-desk.yml's repository.github ("owner/name"), if any. */
  readonly repository?: string;
  /** release-desk.yml's slack.channel, if any. */
  readonly slackChannel?: string;
  /** Tuning for tests: request timeout (default 10 s), backoff, rescan interval. */
  readonly timeoutMs?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly rescanMs?: number;
}

export interface PendingTeamUpdate extends PendingUpdate<TeamUpdateMessage> {
  /** "GitHub deployment status success (https://…)", "Slack reply: Preview ready …". */
  readonly summary: string;
}

export interface TeamUpdates {
  /** Stores the message (fsync'ed) and returns; delivery happens in the background. */
  enqueue(message: TeamUpdateInput): Promise<Enqueued>;
  /** Messages not delivered (queued, retrying, rate-limited, refused, skipped), oldest first. */
  pending(filter?: { readonly releaseId?: string }): Promise<PendingTeamUpdate[]>;
  readonly deployments: {
    /** Someone else's active deployment in the environment (direct read, with a timeout). */
    activeFor(environment: string, options?: ActiveForOptions): Promise<ActiveDeploymentCheck>;
  };
  /**
   * For the CLI before it exits: resolves true once nothing is due or in flight (all
   * delivered, final, or waiting for a later retry), false at the deadline or when another
   * process (the app) delivers for this workspace. Never needed for correctness.
   */
  settle(timeoutMs: number): Promise<boolean>;
  /** Ends delivery; resolves when requests in flight have ended. Undelivered messages stay on disk. */
  stop(): Promise<void>;
}

export async function createTeamUpdates(options: TeamUpdatesOptions): Promise<TeamUpdates> {
  const clock = options.now;
  const now = clock === undefined ? Date.now : () => clock().getTime();
  const secrets = () => [...options.tokens.knownSecrets(), ...(options.secrets?.() ?? [])];
  const github = {
    repository: parseGitHubSlug(options.repository),
    baseUrl: () => options.endpoints().github,
    // Bound to the address in effect: a token checked elsewhere is not handed out.
    token: () => options.tokens.getToken('github', options.endpoints().github),
    now,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
  const outbox = await Outbox.open<TeamUpdateMessage>({
    dir: path.join(options.dataDir, TEAM_UPDATES_DIR),
    adapters: {
      github: createGitHubDeploymentsAdapter(github),
      slack: createSlackThreadAdapter({
        token: () => options.tokens.getToken('slack', options.endpoints().slack),
        apiUrl: () => options.endpoints().slack,
        channel: options.slackChannel?.trim() || null,
        now,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      }),
    },
    parseMessage: parseTeamUpdate,
    redactMessage: redactTeamUpdate,
    secrets,
    now,
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.rescanMs === undefined ? {} : { rescanMs: options.rescanMs }),
  });
  const activeFor = createActiveDeploymentReader(github);
  return {
    enqueue: (message) => outbox.enqueue(message),
    // Messages were scrubbed when stored; the summary is scrubbed again for tokens connected since.
    pending: async (filter) => (await outbox.pending(filter)).map((update) => ({ ...update, summary: redactText(summarizeTeamUpdate(update.message), secrets()) })),
    deployments: { activeFor },
    settle: (timeoutMs) => outbox.settle(timeoutMs),
    stop: () => outbox.stop(),
  };
}
