/**
 * GitHub Deployments as the team's record of a release: the outbox adapter that creates a
 * release's deployment and posts its statuses, and the direct read that tells whether
 * someone else's deployment is active in an environment.
 *
 * Writes go through the project's client (github-client.ts) with its retries off and
 * rate-limit waits off: the outbox decides when to try again, never the client.
 *
 * Exactly once:
 * - deployment.create carries `payload: { releaseId, outboxId }`. When an earlier attempt
 *   may have reached GitHub (the outbox says so), the adapter first lists the deployments
 *   for that environment and SHA and adopts the one whose payload names this release.
 * - deployment.status has no field for a key. On a repeated attempt the adapter reads the
 *   deployment's newest status and counts the message delivered when it has the same
 *   state, description and environment_url: the outbox sends a release's statuses one at a
 *   time in order, so an equal newest status is ours. Residual: someone else posting an
 *   identical status in between makes us skip ours (the team sees the same thing).
 * The deployment id is remembered by releaseId (a fact `github.deployment:<releaseId>`);
 * without it (an outbox file from elsewhere) the id is looked up by the payload.
 */
import { describeNetworkFailure } from '../connections/network-failure';
import { createGitHubClient, type GitHubClient } from '../github/github-client';
import { truncateDescription } from '../github/commit-status-publisher';
import type { ChannelAdapter, DeliveryContext, DeliveryOutcome } from '../outbox/outbox-types';
import type { TeamUpdateMessage } from './team-update-messages';

export const deploymentFact = (releaseId: string): string => `github.deployment:${releaseId}`;

export interface GitHubAccess {
  /** From release-desk.yml's repository.github; null when absent. */
  readonly repository: { readonly owner: string; readonly repo: string } | null;
  readonly baseUrl: () => string;
  /** The current token, or null when GitHub is not connected. */
  readonly token: () => Promise<string | null>;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
  readonly now: () => number;
}

export const GITHUB_NOT_CONNECTED = 'GitHub not connected';
export const NO_GITHUB_REPOSITORY = 'no repository.github in release-desk.yml';

type Client = { readonly client: GitHubClient; readonly owner: string; readonly repo: string };
type Access = { readonly ok: true; readonly gh: Client } | { readonly ok: false; readonly reason: string };

function clientCache(access: GitHubAccess): () => Promise<Access> {
  let cached: { key: string; client: GitHubClient } | null = null;
  return async () => {
    if (access.repository === null) return { ok: false, reason: NO_GITHUB_REPOSITORY };
    const token = (await access.token().catch(() => null))?.trim() ?? '';
    if (token === '') return { ok: false, reason: GITHUB_NOT_CONNECTED };
    const baseUrl = access.baseUrl();
    const key = `${baseUrl}\u0000${token}`;
    if (cached?.key !== key) {
      cached = {
        key,
        client: createGitHubClient({
          token,
          baseUrl,
          timeoutMs: access.timeoutMs ?? 10_000,
          retries: 0,
          maxRateLimitWaitSeconds: 0,
          now: access.now,
        }),
      };
    }
    return { ok: true, gh: { client: cached.client, ...access.repository } };
  };
}

export function createGitHubDeploymentsAdapter(access: GitHubAccess): ChannelAdapter<TeamUpdateMessage> {
  const connect = clientCache(access);
  const timeoutMs = access.timeoutMs ?? 10_000;
  return {
    async deliver(message, context) {
      const connection = await connect();
      if (!connection.ok) return { kind: 'skipped', reason: connection.reason };
      try {
        if (message.kind === 'deployment.create') return await createDeployment(connection.gh, message, context);
        if (message.kind === 'deployment.status') return await createStatus(connection.gh, message, context);
        return { kind: 'refused', reason: `GitHub does not deliver ${message.kind} messages` };
      } catch (error) {
        return outcomeOfGitHubError(error, timeoutMs, access.now());
      }
    },
  };
}

async function createDeployment(
  { client, owner, repo }: Client,
  message: Extract<TeamUpdateMessage, { kind: 'deployment.create' }>,
  context: DeliveryContext,
): Promise<DeliveryOutcome> {
  if (context.previousAttempts > 0) {
    const earlier = await findDeployment({ client, owner, repo }, message.releaseId, { environment: message.environment, sha: message.sha }, context.signal);
    if (earlier !== null) return { kind: 'delivered', facts: { [deploymentFact(message.releaseId)]: earlier } };
  }
  const response = await client.rest.repos.createDeployment({
    owner,
    repo,
    ref: message.sha,
    environment: message.environment,
    description: truncateDescription(message.description),
    payload: { releaseId: message.releaseId, outboxId: context.messageId },
    auto_merge: false,
    required_contexts: [],
    transient_environment: message.transientEnvironment,
    ...(message.productionEnvironment === undefined ? {} : { production_environment: message.productionEnvironment }),
    request: { signal: context.signal },
  });
  // 202 is GitHub merging the default branch into the ref instead; auto_merge:false rules it out.
  if (!('id' in response.data)) return { kind: 'refused', reason: `GitHub did not create the deployment: ${response.data.message ?? `HTTP ${response.status}`}` };
  return { kind: 'delivered', facts: { [deploymentFact(message.releaseId)]: response.data.id } };
}

async function createStatus(
  gh: Client,
  message: Extract<TeamUpdateMessage, { kind: 'deployment.status' }>,
  context: DeliveryContext,
): Promise<DeliveryOutcome> {
  const { client, owner, repo } = gh;
  const remembered = context.fact(deploymentFact(message.releaseId));
  const deploymentId = typeof remembered === 'number' ? remembered : await findDeployment(gh, message.releaseId, {}, context.signal);
  if (deploymentId === null) {
    return { kind: 'refused', reason: `no GitHub deployment for release ${message.releaseId} (creating it was refused or skipped)` };
  }
  const facts = { [deploymentFact(message.releaseId)]: deploymentId };
  const description = truncateDescription(message.description);
  if (context.previousAttempts > 0) {
    const { data } = await client.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: deploymentId, per_page: 1, request: { signal: context.signal } });
    const newest = data[0];
    if (
      newest !== undefined &&
      newest.state === message.state &&
      newest.description === description &&
      (newest.environment_url ?? '') === (message.environmentUrl ?? '')
    ) {
      return { kind: 'delivered', facts };
    }
  }
  await client.rest.repos.createDeploymentStatus({
    owner,
    repo,
    deployment_id: deploymentId,
    state: message.state,
    description,
    ...(message.environmentUrl === undefined ? {} : { environment_url: message.environmentUrl }),
    ...(message.logUrl === undefined ? {} : { log_url: message.logUrl }),
    request: { signal: context.signal },
  });
  return { kind: 'delivered', facts };
}

/** The id of the deployment whose payload names this release, among the newest 100 matching. */
async function findDeployment(
  { client, owner, repo }: Client,
  releaseId: string,
  filter: { readonly environment?: string; readonly sha?: string },
  signal: AbortSignal,
): Promise<number | null> {
  const { data } = await client.rest.repos.listDeployments({ owner, repo, ...filter, per_page: 100, request: { signal } });
  return data.find((deployment) => releaseIdOf(deployment.payload) === releaseId)?.id ?? null;
}

/** Release Desk's payload is `{ releaseId, outboxId }`; GitHub may hand a payload back as a JSON string. */
export function releaseIdOf(payload: unknown): string | null {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { releaseId?: unknown }).releaseId;
  return typeof id === 'string' ? id : null;
}

/** What GitHub's answer (or its absence) means for the outbox. */
export function outcomeOfGitHubError(error: unknown, timeoutMs: number, now: number): DeliveryOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    readonly status?: unknown;
    readonly message?: unknown;
    readonly response?: { readonly headers?: Readonly<Record<string, unknown>>; readonly data?: unknown };
  };
  if (e.response === undefined || typeof e.status !== 'number') {
    return { kind: 'retry', reason: `unreachable: ${describeNetworkFailure(error, timeoutMs)}` };
  }
  const status = e.status;
  const headers = e.response.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  const reset = Number(headers['x-ratelimit-reset']);
  const exhausted = String(headers['x-ratelimit-remaining']) === '0';
  const data = (typeof e.response.data === 'object' && e.response.data !== null ? e.response.data : {}) as { message?: unknown };
  const words = typeof data.message === 'string' && data.message !== '' ? data.message : typeof e.message === 'string' ? e.message : '';
  // GitHub's secondary limits may come without headers; its docs say to wait a minute then.
  const secondary = status === 403 && /secondary rate limit|abuse detection/i.test(words);
  if (status === 429 || (status === 403 && (Number.isFinite(retryAfter) || exhausted || secondary))) {
    const notBefore = Number.isFinite(retryAfter)
      ? now + retryAfter * 1000
      : exhausted && Number.isFinite(reset)
        ? reset * 1000
        : secondary
          ? now + 60_000
          : undefined;
    return { kind: 'retry', reason: 'rate-limited by GitHub', rateLimited: true, ...(notBefore === undefined ? {} : { notBefore }) };
  }
  if (status >= 500 || status === 408) return { kind: 'retry', reason: `GitHub answered HTTP ${status}` };
  return { kind: 'refused', reason: `GitHub answered HTTP ${status}${words === '' ? '' : `: ${words}`}` };
}

export type ActiveDeploymentCheck =
  | { readonly kind: 'none' }
  | { readonly kind: 'active'; readonly deployment: ActiveDeployment }
  /** GitHub not connected, no repository, unreachable, refused: the caller decides. */
  | { readonly kind: 'unknown'; readonly reason: string };

export interface ActiveDeployment {
  readonly id: number;
  readonly environment: string;
  readonly sha: string;
  readonly ref: string;
  /** GitHub login of who created it, when GitHub says. */
  readonly creator: string | null;
  readonly createdAt: string;
  readonly state: 'in_progress' | 'queued';
  /** When that status was posted. */
  readonly statusAt: string;
  readonly description: string;
  /** The Release Desk release it belongs to, when it was created by Release Desk. */
  readonly releaseId: string | null;
  readonly environmentUrl: string | null;
}

export interface ActiveForOptions {
  /** Our own releases: their deployments never count as someone else's. */
  readonly ours?: readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * Someone else's active deployment in the environment: the environment's newest
 * deployment, if its newest status is in_progress or queued and it is not one of ours.
 * A newer deployment supersedes older ones, so only the newest is looked at. Two GET
 * requests, each with the client's timeout; never retried, never queued.
 */
export function createActiveDeploymentReader(access: GitHubAccess): (environment: string, options?: ActiveForOptions) => Promise<ActiveDeploymentCheck> {
  const connect = clientCache(access);
  const timeoutMs = access.timeoutMs ?? 10_000;
  return async (environment, options = {}) => {
    const connection = await connect();
    if (!connection.ok) return { kind: 'unknown', reason: connection.reason };
    const { client, owner, repo } = connection.gh;
    // Each request has the client's timeout; the caller's signal can end the read sooner.
    const request = options.signal === undefined ? {} : { signal: options.signal };
    try {
      const { data: deployments } = await client.rest.repos.listDeployments({ owner, repo, environment, per_page: 1, request });
      const newest = deployments[0];
      if (newest === undefined) return { kind: 'none' };
      const releaseId = releaseIdOf(newest.payload);
      if (releaseId !== null && (options.ours ?? []).includes(releaseId)) return { kind: 'none' };
      const { data: statuses } = await client.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: newest.id, per_page: 1, request });
      const status = statuses[0];
      if (status === undefined || (status.state !== 'in_progress' && status.state !== 'queued')) return { kind: 'none' };
      return {
        kind: 'active',
        deployment: {
          id: newest.id,
          environment: newest.environment,
          sha: newest.sha,
          ref: newest.ref,
          creator: newest.creator?.login ?? null,
          createdAt: newest.created_at,
          state: status.state,
          statusAt: status.created_at,
          description: status.description,
          releaseId,
          environmentUrl: status.environment_url ?? null,
        },
      };
    } catch (error) {
      const outcome = outcomeOfGitHubError(error, timeoutMs, access.now());
      return { kind: 'unknown', reason: outcome.kind === 'delivered' ? 'unknown' : outcome.reason };
    }
  };
}
