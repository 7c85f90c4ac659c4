/**
 * A fake CircleCI API v2 on 127.0.0.1, answering in the shapes CircleCI documents
 * (https://circleci.com/docs/api/v2/ — "Get current user"). Grows route by route.
 */
import { startFakeHttpServer, type FakeHttpServer } from './fake-http-server';

export interface FakeCircleCiUser {
  readonly id: string;
  readonly login: string;
  readonly name: string;
}

export interface FakeCircleCi {
  readonly server: FakeHttpServer;
  /** The host: clients append /api/v2/… */
  readonly url: string;
  addToken(token: string, user: FakeCircleCiUser): void;
  close(): Promise<void>;
}

export async function startFakeCircleCi(): Promise<FakeCircleCi> {
  const server = await startFakeHttpServer();
  const tokens = new Map<string, FakeCircleCiUser>();
  server.route((request) => {
    if (request.method !== 'GET' || request.path !== '/api/v2/me') return undefined;
    const offered = request.headers['circle-token'];
    const user = typeof offered === 'string' ? tokens.get(offered) : undefined;
    if (user === undefined) return { status: 401, body: { message: 'Invalid token provided.' } };
    return { status: 200, body: { id: user.id, login: user.login, name: user.name } };
  });
  return {
    server,
    url: server.url,
    addToken: (token, user) => tokens.set(token, user),
    close: () => server.close(),
  };
}
