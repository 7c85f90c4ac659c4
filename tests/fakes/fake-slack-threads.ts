/**
 * The fake Slack's messaging part, in the shapes Slack documents:
 *  - chat.postMessage (channel by ID or "#name", text, thread_ts, metadata as a JSON
 *    string) → `{ ok, channel, ts, message }`; `not_in_channel` when the app was not
 *    invited, `channel_not_found` for an unknown channel, `thread_not_found` for an
 *    unknown thread_ts, `no_text` without text;
 *  - conversations.history (channel ID, oldest, include_all_metadata, limit, cursor) →
 *    top-level messages, newest first;
 *  - conversations.replies (channel ID, ts, include_all_metadata, limit, cursor) → the parent,
 *    then its replies oldest first;
 *    both in pages of `limit` (default 100 and 1000), `has_more` and
 *    `response_metadata.next_cursor` leading to the next (`invalid_cursor` for a bad one).
 * Messages carry `metadata` only when include_all_metadata is true, as Slack does.
 */
import type { FakeHttpServer, FakeReply, RecordedRequest } from './fake-http-server';

export interface FakeSlackChannel {
  readonly id: string;
  readonly name: string;
  /** Whether the bot was invited (posting needs it). */
  member: boolean;
}

export interface FakeSlackMessage {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs: string | null;
  readonly text: string;
  readonly user: string;
  readonly metadata: { readonly event_type: string; readonly event_payload: Record<string, unknown> } | null;
}

export interface FakeSlackThreadsApi {
  addChannel(id: string, name: string, member?: boolean): FakeSlackChannel;
  /** Every posted message, in posting order. */
  readonly messages: readonly FakeSlackMessage[];
  /** The replies in a thread, oldest first. */
  repliesTo(channel: string, threadTs: string): FakeSlackMessage[];
}

export function installSlackThreadRoutes(server: FakeHttpServer, userOf: (request: RecordedRequest) => { readonly userId: string } | 'not_authed' | 'invalid_auth'): FakeSlackThreadsApi {
  const channels = new Map<string, FakeSlackChannel>();
  const messages: FakeSlackMessage[] = [];
  // Slack's ts is the server's clock in microseconds, unique per channel.
  let last = 0;
  const nextTs = () => {
    last = Math.max(last + 1, Date.now() * 1000);
    return `${Math.floor(last / 1_000_000)}.${String(last % 1_000_000).padStart(6, '0')}`;
  };
  const channelOf = (value: string | null) => (value === null ? undefined : (channels.get(value) ?? [...channels.values()].find((c) => `#${c.name}` === value || c.name === value)));
  const ok = (body: Record<string, unknown>): FakeReply => ({ status: 200, body: { ok: true, ...body } });
  const fail = (error: string): FakeReply => ({ status: 200, body: { ok: false, error } });
  const json = (m: FakeSlackMessage, withMetadata: boolean) => ({
    type: 'message',
    user: m.user,
    text: m.text,
    ts: m.ts,
    ...(m.threadTs === null ? {} : { thread_ts: m.threadTs }),
    ...(withMetadata && m.metadata !== null ? { metadata: m.metadata } : {}),
  });
  const fields = (request: RecordedRequest) => {
    const type = String(request.headers['content-type'] ?? '');
    if (type.includes('application/json')) {
      const body = JSON.parse(request.body || '{}') as Record<string, unknown>;
      return new URLSearchParams(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    }
    return new URLSearchParams(request.body);
  };

  server.route((request) => {
    const method = request.path.replace(/^\/api\//, '');
    if (request.method !== 'POST' || !['chat.postMessage', 'conversations.history', 'conversations.replies'].includes(method)) return undefined;
    const who = userOf(request);
    if (typeof who === 'string') return fail(who);
    const form = fields(request);
    const channel = channelOf(form.get('channel'));
    if (channel === undefined) return fail('channel_not_found');
    const withMetadata = form.get('include_all_metadata') === 'true';
    if (method === 'chat.postMessage') {
      if (!channel.member) return fail('not_in_channel');
      const text = form.get('text') ?? '';
      if (text === '') return fail('no_text');
      const threadTs = form.get('thread_ts');
      if (threadTs !== null && !messages.some((m) => m.channel === channel.id && m.ts === threadTs && m.threadTs === null)) return fail('thread_not_found');
      let metadata: FakeSlackMessage['metadata'] = null;
      const rawMetadata = form.get('metadata');
      if (rawMetadata !== null) {
        try {
          metadata = JSON.parse(rawMetadata) as FakeSlackMessage['metadata'];
        } catch {
          return fail('invalid_metadata_format');
        }
      }
      const message: FakeSlackMessage = { channel: channel.id, ts: nextTs(), threadTs, text, user: who.userId, metadata };
      messages.push(message);
      return ok({ channel: channel.id, ts: message.ts, message: { ...json(message, true), bot_id: 'B0FAKE' } });
    }
    if (!channel.member) return fail('not_in_channel');
    // Pages of `limit` (Slack's defaults: 100 for history, 1000 for replies), continued by an opaque cursor.
    const page = (list: FakeSlackMessage[], defaultLimit: number): FakeReply | { readonly items: FakeSlackMessage[]; readonly hasMore: boolean; readonly next: string } => {
      const limit = Number(form.get('limit') ?? defaultLimit);
      const cursor = form.get('cursor') ?? '';
      const start = cursor === '' ? 0 : Number(/^next:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))?.[1] ?? Number.NaN);
      if (!Number.isInteger(start)) return fail('invalid_cursor');
      const items = list.slice(start, start + limit);
      const hasMore = start + limit < list.length;
      return { items, hasMore, next: hasMore ? Buffer.from(`next:${start + limit}`).toString('base64') : '' };
    };
    if (method === 'conversations.history') {
      const oldest = Number(form.get('oldest') ?? 0);
      const paged = page(messages.filter((m) => m.channel === channel.id && m.threadTs === null && Number(m.ts) >= oldest).reverse(), 100);
      if ('status' in paged) return paged;
      return ok({ messages: paged.items.map((m) => json(m, withMetadata)), has_more: paged.hasMore, pin_count: 0, response_metadata: { next_cursor: paged.next } });
    }
    const ts = form.get('ts') ?? '';
    const parent = messages.find((m) => m.channel === channel.id && m.ts === ts);
    if (parent === undefined) return fail('thread_not_found');
    const paged = page([parent, ...messages.filter((m) => m.channel === channel.id && m.threadTs === ts)], 1000);
    if ('status' in paged) return paged;
    return ok({ messages: paged.items.map((m) => json(m, withMetadata)), has_more: paged.hasMore, response_metadata: { next_cursor: paged.next } });
  });

  return {
    addChannel: (id, name, member = true) => {
      const channel = { id, name, member };
      channels.set(id, channel);
      return channel;
    },
    messages,
    repliesTo: (channel, threadTs) => messages.filter((m) => m.channel === channel && m.threadTs === threadTs),
  };
}
