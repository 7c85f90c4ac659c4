/**
 * Reads the journal heads Release Desk published in Slack (shared/audit/published-head.ts):
 * the release threads in the workspace's channel — parents carrying Release Desk's message
 * metadata (`release_desk_update`, with the release id; slack-thread.ts) — and every message
 * in each thread (conversations.replies). Reads only, through @slack/web-api with the token
 * inside the client; both lists are followed page by page (Slack's cursors).
 */
import { WebClient } from '@slack/web-api';
import { publishedHeadsIn, type JournalHead } from '../../../shared/audit/published-head';
import { silentSlackLogger } from '../connections/slack-silent-logger';
import { METADATA_EVENT } from '../team-updates/slack-thread';

export interface SlackHeadOrigin {
  readonly channel: string;
  readonly releaseId: string;
  /** The release thread's parent. */
  readonly threadTs: string;
  /** The message that carries the head. */
  readonly ts: string;
}

export interface SlackPublishedHead extends JournalHead {
  readonly from: SlackHeadOrigin;
}

export type SlackHeadsRead =
  | { readonly kind: 'read'; readonly heads: readonly SlackPublishedHead[]; readonly threads: number; readonly requests: number }
  /** Slack refused, could not be reached, or does not know the channel: `reason` says which. */
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface SlackHeadsOptions {
  /** release-desk.yml's slack.channel (Slack reads a channel's history by its ID). */
  readonly channel: string;
  /** @slack/web-api's slackApiUrl (…/api/). */
  readonly apiUrl: string;
  readonly token: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
  /** Messages asked for per page; default 200. */
  readonly pageSize?: number;
}

interface SlackMessage {
  readonly ts?: string;
  readonly text?: string;
  readonly metadata?: { readonly event_type?: string; readonly event_payload?: { readonly release_id?: unknown } };
}

interface Page {
  readonly messages?: SlackMessage[];
  readonly response_metadata?: { readonly next_cursor?: string };
}


export async function readSlackPublishedHeads(options: SlackHeadsOptions): Promise<SlackHeadsRead> {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`,
    timeout: options.timeoutMs ?? 10_000,
    retryConfig: { retries: 1 },
    rejectRateLimitedCalls: true,
    logger: silentSlackLogger(),
  });
  const { channel } = options;
  const limit = options.pageSize ?? 200;
  let requests = 0;
  /** Every message of a paged list, following next_cursor. */
  const all = async (read: (cursor: string | undefined) => Promise<Page>): Promise<SlackMessage[]> => {
    const messages: SlackMessage[] = [];
    let cursor: string | undefined;
    do {
      requests++;
      const page = await read(cursor);
      messages.push(...(page.messages ?? []));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor !== undefined);
    return messages;
  };
  try {
    const parents = (await all((cursor) => client.conversations.history({ channel, limit, include_all_metadata: true, ...(cursor === undefined ? {} : { cursor }) })))
      .map((message) => ({ ts: message.ts, releaseId: message.metadata?.event_type === METADATA_EVENT ? message.metadata.event_payload?.release_id : undefined }))
      .filter((parent): parent is { ts: string; releaseId: string } => typeof parent.ts === 'string' && typeof parent.releaseId === 'string');
    const heads: SlackPublishedHead[] = [];
    for (const parent of parents) {
      const thread = await all((cursor) => client.conversations.replies({ channel, ts: parent.ts, limit, ...(cursor === undefined ? {} : { cursor }) }));
      for (const message of thread) {
        if (typeof message.ts !== 'string') continue;
        for (const head of publishedHeadsIn(message.text ?? '')) heads.push({ ...head, from: { channel, releaseId: parent.releaseId, threadTs: parent.ts, ts: message.ts } });
      }
    }
    return { kind: 'read', heads, threads: parents.length, requests };
  } catch (error) {
    return { kind: 'unavailable', reason: describeSlackReadError(error) };
  }
}

/** One sentence, never the token: Slack's own error code where it gave one. */
function describeSlackReadError(error: unknown): string {
  const failure = error as { code?: unknown; data?: { error?: unknown } };
  if (failure.code === 'slack_webapi_platform_error' && typeof failure.data?.error === 'string') {
    const code = failure.data.error;
    const why: Record<string, string> = {
      invalid_auth: 'Slack rejected the token (invalid_auth)',
      not_authed: 'Slack was sent no token (not_authed)',
      channel_not_found: 'Slack knows no such channel (channel_not_found): give slack.channel as the channel ID',
      not_in_channel: 'the token\'s app is not in the channel (not_in_channel)',
      missing_scope: 'the token lacks the scope to read the channel\'s history (missing_scope: channels:history)',
    };
    return why[code] ?? `Slack answered ${code}`;
  }
  if (failure.code === 'slack_webapi_rate_limited_error') return 'Slack rate-limited the reads; try again in a minute';
  if (failure.code === 'slack_webapi_request_error' || failure.code === 'slack_webapi_http_error') return `Slack could not be reached (${error instanceof Error ? error.message : String(error)})`;
  return `Slack could not be read (${error instanceof Error ? error.message : String(error)})`;
}
