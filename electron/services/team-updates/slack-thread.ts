/**
 * One Slack thread per release: `slack.thread-start` posts the parent message (its channel
 * and ts are remembered by releaseId), `slack.thread-reply` answers in that thread.
 *
 * The client makes one attempt with a timeout (its own retries off, rate-limited calls
 * rejected rather than waited out): the outbox decides when to try again. Text is made
 * plain (escapeMrkdwn) so a branch name or a note can never mention @channel or fake a link.
 *
 * Exactly once: every post carries message metadata
 * `{ event_type: "release_desk_update", event_payload: { outbox_id, release_id } }`. When an
 * earlier attempt may have reached Slack, the adapter first reads the thread
 * (conversations.replies) or, for the parent, the channel's history since the first
 * attempt (conversations.history, include_all_metadata) and counts the message delivered
 * if it finds its outbox_id there. Residual window: the parent's history lookup needs a
 * channel ID; with a channel name ("#releases") it cannot look, and a crash between Slack
 * accepting the parent and the outbox recording it can post the parent twice. A lookup
 * Slack refuses (missing_scope) also falls back to posting.
 */
import { WebClient, type FetchFunction } from '@slack/web-api';
import { silentSlackLogger } from '../connections/slack-silent-logger';
import { describeNetworkFailure } from '../connections/network-failure';
import type { ChannelAdapter, DeliveryContext, DeliveryOutcome } from '../outbox/outbox-types';
import { escapeMrkdwn } from './mrkdwn';
import type { TeamUpdateMessage } from './team-update-messages';

export const threadChannelFact = (releaseId: string): string => `slack.channel:${releaseId}`;
export const threadTsFact = (releaseId: string): string => `slack.thread:${releaseId}`;
export const METADATA_EVENT = 'release_desk_update';

export interface SlackAccess {
  /** The current token, or null when Slack is not connected. */
  readonly token: () => Promise<string | null>;
  /** @slack/web-api's slackApiUrl (…/api/). */
  readonly apiUrl: () => string;
  /** release-desk.yml's slack.channel; null when Slack is off for the workspace. */
  readonly channel: string | null;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
  readonly now: () => number;
}

export const SLACK_NOT_CONNECTED = 'Slack not connected';
export const NO_SLACK_CHANNEL = 'no slack.channel in release-desk.yml';

/** Slack's error codes that retrying cannot fix; any other ok:false is refused too, except these transient ones. */
const TRANSIENT_SLACK_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'team_added_to_org']);

interface SlackMessage {
  readonly ts?: string;
  readonly metadata?: { readonly event_type?: string; readonly event_payload?: { readonly outbox_id?: unknown } };
}

export function createSlackThreadAdapter(access: SlackAccess): ChannelAdapter<TeamUpdateMessage> {
  const timeoutMs = access.timeoutMs ?? 10_000;
  return {
    async deliver(message, context) {
      const token = (await access.token().catch(() => null))?.trim() ?? '';
      if (token === '') return { kind: 'skipped', reason: SLACK_NOT_CONNECTED };
      const client = slackClient(token, access.apiUrl(), timeoutMs, context.signal);
      try {
        if (message.kind === 'slack.thread-start') return await startThread(client, message, context, access.channel);
        if (message.kind === 'slack.thread-reply') return await reply(client, message, context);
        return { kind: 'refused', reason: `Slack does not deliver ${message.kind} messages` };
      } catch (error) {
        return outcomeOfSlackError(error, timeoutMs, access.now());
      }
    },
  };
}

async function startThread(
  client: WebClient,
  message: Extract<TeamUpdateMessage, { kind: 'slack.thread-start' }>,
  context: DeliveryContext,
  configured: string | null,
): Promise<DeliveryOutcome> {
  const channel = message.channel ?? configured;
  if (channel === null) return { kind: 'skipped', reason: NO_SLACK_CHANNEL };
  if (context.previousAttempts > 0 && isChannelId(channel)) {
    // Slack stamps ts with its own clock: allow for ours being some minutes off.
    const oldest = ((context.firstAttemptAt ?? context.now()) - 10 * 60_000) / 1000;
    const found = await lookUp(() => client.conversations.history({ channel, oldest: oldest.toFixed(6), limit: 200, include_all_metadata: true }), context.messageId);
    if (found !== null) return delivered(message.releaseId, channel, found);
  }
  const posted = await client.chat.postMessage({
    channel,
    text: escapeMrkdwn(message.text),
    unfurl_links: false,
    unfurl_media: false,
    metadata: { event_type: METADATA_EVENT, event_payload: { outbox_id: context.messageId, release_id: message.releaseId } },
  });
  if (typeof posted.ts !== 'string') return { kind: 'refused', reason: 'Slack accepted the message but named no ts' };
  return delivered(message.releaseId, typeof posted.channel === 'string' ? posted.channel : channel, posted.ts);
}

async function reply(client: WebClient, message: Extract<TeamUpdateMessage, { kind: 'slack.thread-reply' }>, context: DeliveryContext): Promise<DeliveryOutcome> {
  const channel = context.fact(threadChannelFact(message.releaseId));
  const threadTs = context.fact(threadTsFact(message.releaseId));
  if (typeof channel !== 'string' || typeof threadTs !== 'string') {
    return { kind: 'refused', reason: `release ${message.releaseId} has no Slack thread (starting it was refused or skipped)` };
  }
  if (context.previousAttempts > 0) {
    const found = await lookUp(() => client.conversations.replies({ channel, ts: threadTs, limit: 200, include_all_metadata: true }), context.messageId);
    if (found !== null) return { kind: 'delivered' };
  }
  await client.chat.postMessage({
    channel,
    thread_ts: threadTs,
    text: escapeMrkdwn(message.text),
    unfurl_links: false,
    unfurl_media: false,
    metadata: { event_type: METADATA_EVENT, event_payload: { outbox_id: context.messageId, release_id: message.releaseId } },
  });
  return { kind: 'delivered' };
}

function delivered(releaseId: string, channel: string, ts: string): DeliveryOutcome {
  return { kind: 'delivered', facts: { [threadChannelFact(releaseId)]: channel, [threadTsFact(releaseId)]: ts } };
}

/**
 * The ts of the message carrying our outbox id, or null when none does. A lookup Slack
 * refuses (a token without history scopes) counts as "not found": posting again risks a
 * duplicate, never posting would lose the message. Network trouble is thrown: retried.
 */
async function lookUp(read: () => Promise<{ messages?: SlackMessage[] }>, outboxId: string): Promise<string | null> {
  try {
    const { messages = [] } = await read();
    const match = messages.find((m) => m.metadata?.event_type === METADATA_EVENT && m.metadata.event_payload?.outbox_id === outboxId);
    return match?.ts ?? null;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'slack_webapi_platform_error') return null;
    throw error;
  }
}

function isChannelId(channel: string): boolean {
  return /^[CGD][A-Z0-9]{6,}$/.test(channel);
}

function slackClient(token: string, apiUrl: string, timeoutMs: number, signal: AbortSignal): WebClient {
  // The client sets its own timeout signal; the outbox's stop signal is added to it so
  // stop() never waits out a hanging request.
  const fetchWithStop: FetchFunction = (url, init) =>
    fetch(url, { ...init, signal: init?.signal === undefined ? signal : AbortSignal.any([init.signal, signal]) });
  return new WebClient(token, {
    slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    timeout: timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: silentSlackLogger(),
    fetch: fetchWithStop,
  });
}

/** What Slack's answer (or its absence) means for the outbox. */
export function outcomeOfSlackError(error: unknown, timeoutMs: number, now: number): DeliveryOutcome {
  const failure = error as { code?: unknown; data?: { error?: unknown; retry_after?: unknown }; statusCode?: unknown; retryAfter?: unknown; headers?: Record<string, unknown>; original?: unknown };
  switch (failure.code) {
    case 'slack_webapi_platform_error': {
      const code = String(failure.data?.error ?? 'unknown_error');
      if (code === 'ratelimited') {
        const seconds = Number(failure.data?.retry_after);
        return { kind: 'retry', reason: 'rate-limited by Slack', rateLimited: true, ...(Number.isFinite(seconds) ? { notBefore: now + seconds * 1000 } : {}) };
      }
      return TRANSIENT_SLACK_ERRORS.has(code) ? { kind: 'retry', reason: `Slack answered ${code}` } : { kind: 'refused', reason: code };
    }
    case 'slack_webapi_rate_limited_error': {
      const seconds = Number(failure.retryAfter);
      return { kind: 'retry', reason: 'rate-limited by Slack', rateLimited: true, ...(Number.isFinite(seconds) ? { notBefore: now + seconds * 1000 } : {}) };
    }
    case 'slack_webapi_http_error': {
      const status = typeof failure.statusCode === 'number' ? failure.statusCode : 0;
      if (status === 429 || status >= 500 || status === 408) return { kind: 'retry', reason: `Slack answered HTTP ${status}` };
      return { kind: 'refused', reason: `Slack answered HTTP ${status}` };
    }
    default:
      return { kind: 'retry', reason: `unreachable: ${describeNetworkFailure(failure.original ?? error, timeoutMs)}` };
  }
}
