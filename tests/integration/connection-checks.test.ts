import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCircleCiToken } from '../../electron/services/connections/check-circleci';
import { checkGitHubToken } from '../../electron/services/connections/check-github';
import { checkSlackToken } from '../../electron/services/connections/check-slack';
import { startFakeCircleCi, type FakeCircleCi } from '../fakes/fake-circleci';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack';

const GOOD = 'good_token_0123456789';
const BAD = 'bad_token_9876543210';
const timeoutMs = 2_000;

let github: FakeGitHub;
let circleci: FakeCircleCi;
let slack: FakeSlack;
let closedPortUrl: string;

beforeAll(async () => {
  [github, circleci, slack] = await Promise.all([startFakeGitHub(), startFakeCircleCi(), startFakeSlack()]);
  github.addToken(GOOD, { login: 'octocat', id: 583231, name: 'The Octocat' });
  circleci.addToken(GOOD, { id: '5f2b6b2c-0000-4000-8000-000000000001', login: 'circle-octocat', name: 'Circle Octocat' });
  slack.addToken(GOOD, { team: 'Acme', teamId: 'T0001', user: 'releasebot', userId: 'U0001' });
  closedPortUrl = await urlOfAClosedPort();
});

afterAll(async () => {
  await Promise.all([github.close(), circleci.close(), slack.close()]);
});

describe('GitHub token check (GET /user)', () => {
  it('names the owner of an accepted token', async () => {
    const outcome = await checkGitHubToken({ token: GOOD, baseUrl: github.url, timeoutMs });
    expect(outcome).toEqual({ kind: 'connected', service: 'github', connectedAs: '@octocat' });
    const sent = github.server.requests.at(-1);
    expect(sent?.path).toBe('/user');
    expect(sent?.headers.authorization).toBe(`token ${GOOD}`);
  });

  it("reports GitHub's exact words for a refused token", async () => {
    const outcome = await checkGitHubToken({ token: BAD, baseUrl: `${github.url}/`, timeoutMs });
    expect(outcome).toEqual({ kind: 'refused', service: 'github', reason: 'Bad credentials' });
  });

  it('calls a closed port unreachable', async () => {
    const outcome = await checkGitHubToken({ token: GOOD, baseUrl: closedPortUrl, timeoutMs });
    expect(outcome).toEqual({ kind: 'unreachable', service: 'github', reason: 'connection refused' });
  });

  it('calls a server error unreachable, not a refusal', async () => {
    const server = await startFakeGitHub();
    server.server.route(() => ({ status: 503, body: { message: 'Service Unavailable' } }));
    try {
      const outcome = await checkGitHubToken({ token: GOOD, baseUrl: server.url, timeoutMs });
      expect(outcome).toEqual({
        kind: 'unreachable',
        service: 'github',
        reason: 'GitHub answered HTTP 503: Service Unavailable',
      });
      expect(server.server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('gives up after the timeout', async () => {
    const slow = await startFakeGitHub();
    slow.server.setLatency(1_500);
    try {
      const started = Date.now();
      const outcome = await checkGitHubToken({ token: GOOD, baseUrl: slow.url, timeoutMs: 300 });
      expect(outcome).toEqual({ kind: 'unreachable', service: 'github', reason: 'no answer within 300 ms' });
      expect(Date.now() - started).toBeLessThan(1_400);
    } finally {
      await slow.close();
    }
  });
});

describe('CircleCI token check (GET /api/v2/me)', () => {
  it('names the owner of an accepted token', async () => {
    const outcome = await checkCircleCiToken({ token: GOOD, baseUrl: circleci.url, timeoutMs });
    expect(outcome).toEqual({ kind: 'connected', service: 'circleci', connectedAs: '@circle-octocat' });
    expect(circleci.server.requests.at(-1)?.headers['circle-token']).toBe(GOOD);
  });

  it("reports CircleCI's exact words for a refused token", async () => {
    const outcome = await checkCircleCiToken({ token: BAD, baseUrl: circleci.url, timeoutMs });
    expect(outcome).toEqual({ kind: 'refused', service: 'circleci', reason: 'Invalid token provided.' });
  });

  it('gives up after the timeout', async () => {
    const slow = await startFakeCircleCi();
    slow.server.setLatency(1_500);
    try {
      const outcome = await checkCircleCiToken({ token: GOOD, baseUrl: slow.url, timeoutMs: 300 });
      expect(outcome).toEqual({ kind: 'unreachable', service: 'circleci', reason: 'no answer within 300 ms' });
    } finally {
      await slow.close();
    }
  });

  it('calls a closed port unreachable', async () => {
    const outcome = await checkCircleCiToken({ token: GOOD, baseUrl: closedPortUrl, timeoutMs });
    expect(outcome).toEqual({ kind: 'unreachable', service: 'circleci', reason: 'connection refused' });
  });
});

describe('Slack token check (auth.test)', () => {
  it('names the owner of an accepted token', async () => {
    const outcome = await checkSlackToken({ token: GOOD, baseUrl: slack.apiUrl, timeoutMs });
    expect(outcome).toEqual({ kind: 'connected', service: 'slack', connectedAs: '@releasebot in Acme' });
  });

  it("reports Slack's exact error code for a refused token", async () => {
    const outcome = await checkSlackToken({ token: BAD, baseUrl: slack.apiUrl, timeoutMs });
    expect(outcome).toEqual({ kind: 'refused', service: 'slack', reason: 'invalid_auth' });
  });

  it('calls a closed port unreachable, after a single attempt', async () => {
    const started = Date.now();
    const outcome = await checkSlackToken({ token: GOOD, baseUrl: `${closedPortUrl}/api/`, timeoutMs });
    expect(outcome).toEqual({ kind: 'unreachable', service: 'slack', reason: 'connection refused' });
    expect(Date.now() - started).toBeLessThan(timeoutMs);
  });

  it('gives up after the timeout', async () => {
    const slow = await startFakeSlack();
    slow.server.setLatency(1_500);
    try {
      const started = Date.now();
      const outcome = await checkSlackToken({ token: GOOD, baseUrl: slow.apiUrl, timeoutMs: 300 });
      expect(outcome).toEqual({ kind: 'unreachable', service: 'slack', reason: 'no answer within 300 ms' });
      expect(Date.now() - started).toBeLessThan(1_400);
      expect(slow.server.requests).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('does not retry a server error', async () => {
    const failing = await startFakeSlack();
    failing.server.route(() => ({ status: 500, body: 'oops' }));
    try {
      const outcome = await checkSlackToken({ token: GOOD, baseUrl: failing.apiUrl, timeoutMs });
      expect(outcome).toEqual({ kind: 'unreachable', service: 'slack', reason: 'Slack answered HTTP 500' });
      expect(failing.server.requests).toHaveLength(1);
    } finally {
      await failing.close();
    }
  });
});

async function urlOfAClosedPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}
