/**
 * A fake Slack Web API on 127.0.0.1, answering in the shapes Slack documents
 * (https://api.slack.com/methods/auth.test): HTTP 200 with `ok: true` and the token's
 * identity, or `ok: false` and an error code. Point @slack/web-api at it with
 * `slackApiUrl: fake.apiUrl`.
 */
import { startFakeHttpServer, type FakeHttpServer, type RecordedRequest } from './fake-http-server';
import { installSlackThreadRoutes, type FakeSlackThreadsApi } from './fake-slack-threads';

export interface FakeSlackIdentity {
  readonly team: string;
  readonly teamId: string;
  readonly user: string;
  readonly userId: string;
}

export interface FakeSlack {
  readonly server: FakeHttpServer;
  /** `slackApiUrl` for @slack/web-api: ends in /api/. */
  readonly apiUrl: string;
  addToken(token: string, identity: FakeSlackIdentity): void;
  /** Channels, chat.postMessage and thread reads (fake-slack-threads.ts). */
  readonly threads: FakeSlackThreadsApi;
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const server = await startFakeHttpServer();
  const tokens = new Map<string, FakeSlackIdentity>();
  server.route((request) => {
    if (request.method !== 'POST' || request.path !== '/api/auth.test') return undefined;
    const token = tokenOf(request);
    if (token === null) return { status: 200, body: { ok: false, error: 'not_authed' } };
    const identity = tokens.get(token);
    if (identity === undefined) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    return {
      status: 200,
      body: {
        ok: true,
        url: `https://${identity.team.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.slack.com/`,
        team: identity.team,
        user: identity.user,
        team_id: identity.teamId,
        user_id: identity.userId,
      },
    };
  });
  const threads = installSlackThreadRoutes(server, (request) => {
    const token = tokenOf(request);
    if (token === null) return 'not_authed';
    return tokens.get(token) ?? 'invalid_auth';
  });
  return {
    server,
    apiUrl: `${server.url}/api/`,
    threads,
    addToken: (token, identity) => tokens.set(token, identity),
    close: () => server.close(),
  };
}

/** Slack takes the token as a Bearer header or as a `token` form field. */
function tokenOf(request: RecordedRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^bearer\s+/i.test(header)) return header.replace(/^bearer\s+/i, '');
  const field = new URLSearchParams(request.body).get('token');
  return field === null || field === '' ? null : field;
}
