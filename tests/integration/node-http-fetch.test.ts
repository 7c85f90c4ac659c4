/**
 * The CLI's node:http fetch (electron/services/connections/node-http-fetch.ts) against real
 * HTTP servers on 127.0.0.1: what the GitHub and CircleCI clients rely on (status, headers,
 * bodies, redirects, timeouts, failures), and the token rules: a redirect to another origin,
 * or a GitHub request addressed to another origin, never carries the token, and no error it
 * raises carries it.
 */
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeHttpFetch } from '../../electron/services/connections/node-http-fetch';
import { createGitHubClient } from '../../electron/services/github/github-client';
import { startFakeHttpServer, type FakeHttpServer } from '../fakes/fake-http-server';

const TOKEN = 'ghp_node_http_fetch_secret_0123456789';

let home: FakeHttpServer;
let foreign: FakeHttpServer;

beforeEach(async () => {
  home = await startFakeHttpServer();
  foreign = await startFakeHttpServer();
});

afterEach(async () => {
  await home.close();
  await foreign.close();
});

/** Every string an error and its causes show: message, name, code, stack, and its JSON. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 8; depth++) {
    const link = current as { message?: unknown; name?: unknown; code?: unknown; stack?: unknown; cause?: unknown };
    parts.push(String(link.message), String(link.name), String(link.code), String(link.stack), JSON.stringify(current));
    current = link.cause;
  }
  return parts.join('\n');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('node:http fetch', () => {
  it('sends the method, headers and body, and answers status, headers and body as fetch does', async () => {
    home.route((request) => (request.path === '/graphql' ? { status: 201, headers: { etag: 'W/"abc"', 'x-ratelimit-remaining': '4999' }, body: { echo: request.body } } : undefined));
    const fetch = createNodeHttpFetch();
    const response = await fetch(`${home.url}/graphql`, { method: 'POST', headers: { Authorization: `token ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{"query":"{ viewer { login } }"}' });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.redirected).toBe(false);
    expect(response.url).toBe(`${home.url}/graphql`);
    expect(response.headers.get('ETag')).toBe('W/"abc"');
    expect(response.headers.has('x-ratelimit-remaining')).toBe(true);
    expect(Object.fromEntries(response.headers)).toMatchObject({ etag: 'W/"abc"', 'content-type': 'application/json; charset=utf-8' });
    expect(await response.json()).toEqual({ echo: '{"query":"{ viewer { login } }"}' });
    const sent = home.requests[0];
    expect(sent?.method).toBe('POST');
    expect(sent?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(sent?.headers['content-length']).toBe(String('{"query":"{ viewer { login } }"}'.length));
  });

  it('decompresses a gzip answer', async () => {
    home.route(() => ({ status: 200, headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' }, body: gzipSync(JSON.stringify({ name: 'ünï' })) }));
    const response = await createNodeHttpFetch()(`${home.url}/x`);
    expect(await response.text()).toBe('{"name":"ünï"}');
    expect(home.requests[0]?.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('follows a redirect on the same origin with the token, and one to another origin without it', async () => {
    home.route((request) => (request.path === '/old' ? { status: 307, headers: { location: '/new' } } : undefined));
    home.route((request) => (request.path === '/new' ? { status: 302, headers: { location: `${foreign.url}/elsewhere` } } : undefined));
    foreign.route(() => ({ status: 200, body: 'landed' }));
    const response = await createNodeHttpFetch()(`${home.url}/old`, { headers: { authorization: `token ${TOKEN}`, 'circle-token': TOKEN, cookie: `t=${TOKEN}`, accept: 'application/json', 'user-agent': 'release-desk' } });
    expect(await response.text()).toBe('landed');
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${foreign.url}/elsewhere`);
    expect(home.requests.map((request) => [request.path, request.headers.authorization])).toEqual([
      ['/old', `token ${TOKEN}`],
      ['/new', `token ${TOKEN}`],
    ]);
    const abroad = foreign.requests[0];
    expect(abroad?.headers.accept).toBe('application/json');
    expect(abroad?.headers['user-agent']).toBe('release-desk');
    expect(JSON.stringify(abroad?.headers)).not.toContain(TOKEN);
  });

  it('turns a POST into a GET without its body after a 303, and keeps both after a 307', async () => {
    home.route((request) => (request.path === '/see-other' ? { status: 303, headers: { location: '/landing' } } : undefined));
    home.route((request) => (request.path === '/temporary' ? { status: 307, headers: { location: '/landing' } } : undefined));
    home.route((request) => (request.path === '/landing' ? { status: 200, body: `${request.method} ${request.body}` } : undefined));
    const fetch = createNodeHttpFetch();
    expect(await (await fetch(`${home.url}/see-other`, { method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain' } })).text()).toBe('GET ');
    expect(await (await fetch(`${home.url}/temporary`, { method: 'POST', body: 'payload' })).text()).toBe('POST payload');
  });

  it("refuses a redirect with redirect: 'error' and returns it as it is with 'manual'", async () => {
    home.route(() => ({ status: 301, headers: { location: `${foreign.url}/moved` } }));
    const fetch = createNodeHttpFetch();
    const refused = await rejection(fetch(`${home.url}/a`, { redirect: 'error', headers: { 'circle-token': TOKEN } }));
    expect(refused).toBeInstanceOf(TypeError);
    expect(everythingIn(refused)).toContain('redirect refused');
    expect(everythingIn(refused)).not.toContain(TOKEN);
    const manual = await fetch(`${home.url}/a`, { redirect: 'manual' });
    expect(manual.status).toBe(301);
    expect(manual.headers.get('location')).toBe(`${foreign.url}/moved`);
    expect(foreign.requests).toHaveLength(0);
  });

  it('rejects with the signal’s reason when it aborts while the server has not answered', async () => {
    home.faults.hang();
    const controller = new AbortController();
    const pending = createNodeHttpFetch()(`${home.url}/slow`, { signal: controller.signal, headers: { authorization: `token ${TOKEN}` } });
    await expect.poll(() => home.faults.hanging).toBe(1);
    const reason = new DOMException('no answer within 50 ms', 'TimeoutError');
    controller.abort(reason);
    const error = await rejection(pending);
    expect(error).toBe(reason);
    await home.faults.recover();
  });

  it('rejects a refused connection as fetch does (TypeError, the socket error as cause), without the token', async () => {
    await home.faults.refuseConnections();
    const error = await rejection(createNodeHttpFetch()(`${home.url}/x`, { headers: { authorization: `token ${TOKEN}` } }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    expect(everythingIn(error)).not.toContain(TOKEN);
    await home.faults.recover();
  });

  it('rejects an answer cut off before its end', async () => {
    home.faults.loseAnswers();
    const error = await rejection(createNodeHttpFetch()(`${home.url}/x`));
    expect(error).toBeInstanceOf(TypeError);
    await home.faults.recover();
  });
});

describe('the GitHub client over node:http', () => {
  const client = () => createGitHubClient({ token: TOKEN, baseUrl: home.url, transport: createNodeHttpFetch(), retries: 0 });

  it('reads through Octokit: JSON, ETag, and a 304 as "not modified"', async () => {
    home.route((request) =>
      request.path === '/repos/o/r/branches'
        ? request.headers['if-none-match'] === 'W/"1"'
          ? { status: 304, headers: { etag: 'W/"1"' } }
          : { status: 200, headers: { etag: 'W/"1"' }, body: [{ name: 'main', commit: { sha: 'abc' } }] }
        : undefined,
    );
    const github = client();
    const first = await github.request('GET /repos/{owner}/{repo}/branches', { owner: 'o', repo: 'r' });
    expect(first.data).toEqual([{ name: 'main', commit: { sha: 'abc' } }]);
    expect(first.headers.etag).toBe('W/"1"');
    const second = await rejection(github.request('GET /repos/{owner}/{repo}/branches', { owner: 'o', repo: 'r', headers: { 'if-none-match': 'W/"1"' } }));
    expect((second as { status?: number }).status).toBe(304);
    expect(home.requests.every((request) => request.headers.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('sends no token to an address on another origin (a next-page link pointing elsewhere, say)', async () => {
    foreign.route(() => ({ status: 200, body: [] }));
    await client().request(`GET ${foreign.url}/repos/o/r/branches?page=2`);
    expect(foreign.requests).toHaveLength(1);
    expect(JSON.stringify(foreign.requests[0]?.headers)).not.toContain(TOKEN);
    // The same guard with the app's transport (Node's fetch).
    await createGitHubClient({ token: TOKEN, baseUrl: home.url, retries: 0 }).request(`GET ${foreign.url}/repos/o/r/branches?page=3`);
    expect(foreign.requests).toHaveLength(2);
    expect(JSON.stringify(foreign.requests[1]?.headers)).not.toContain(TOKEN);
  });

  it('follows GitHub’s redirect to another host without the token, and its errors never show it', async () => {
    home.route(() => ({ status: 307, headers: { location: `${foreign.url}/graphql` } }));
    foreign.route(() => ({ status: 401, body: { message: 'Bad credentials' } }));
    const error = await rejection(client().graphql('query { viewer { login } }'));
    expect(foreign.requests).toHaveLength(1);
    expect(JSON.stringify(foreign.requests[0]?.headers)).not.toContain(TOKEN);
    expect(home.requests[0]?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(everythingIn(error)).not.toContain(TOKEN);

    await home.faults.refuseConnections();
    const refused = await rejection(client().graphql('query { viewer { login } }'));
    expect(everythingIn(refused)).toMatch(/ECONNREFUSED/);
    expect(everythingIn(refused)).not.toContain(TOKEN);
    await home.faults.recover();
  });
});
