import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../../fakes/fake-github';
import { checkAgainst, responseSchema } from '../../fakes/openapi-check';

const TOKEN = 'ghp_fake';
const SHA = 'c'.repeat(40);
let github: FakeGitHub;

beforeAll(async () => {
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'ada', id: 1, name: 'Ada' });
  github.readiness.setBranch('feat/login', SHA);
  github.readiness.setChecks(SHA, [
    { kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success', url: 'https://ci.example/1' },
    { kind: 'check-run', name: 'e2e', status: 'in_progress', conclusion: null },
    { kind: 'status', context: 'ci/circleci: test', state: 'failure', url: 'https://circleci.example/2' },
  ]);
});
afterAll(() => github.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${github.url}${path}`, { headers: { authorization: `token ${TOKEN}`, ...headers } });

describe('the fake GitHub answers in the shapes @octokit/openapi documents', () => {
  it.each([
    ['/repos/welkin/web/branches?per_page=100', '/repos/{owner}/{repo}/branches'],
    [`/repos/welkin/web/commits/${SHA}/status`, '/repos/{owner}/{repo}/commits/{ref}/status'],
    ['/repos/welkin/web/commits/feat%2Flogin/check-runs', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ])('GET %s', async (url, operation) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    expect(checkAgainst(responseSchema(operation, 'get'), body)).toEqual([]);
  });

  it('the checker itself rejects a wrong shape', () => {
    expect(checkAgainst(responseSchema('/repos/{owner}/{repo}/branches', 'get'), [{ name: 'x', protected: 'no' }])).toEqual([
      '$[0].commit: required',
      '$[0].protected: expected boolean, got "no"',
    ]);
  });

  it('answers If-None-Match with a free 304 and rate-limit headers', async () => {
    github.readiness.resetCharges();
    const first = await get(`/repos/welkin/web/commits/${SHA}/status`);
    const etag = first.headers.get('etag') ?? '';
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4999');
    const second = await get(`/repos/welkin/web/commits/${SHA}/status`, { 'if-none-match': etag });
    expect(second.status).toBe(304);
    expect(github.readiness.charged.core).toBe(1);
  });

  it('rejects a GraphQL query GitHub would reject', async () => {
    const response = await fetch(`${github.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `bearer ${TOKEN}` },
      body: JSON.stringify({ query: '{ repository(owner: "welkin", name: "web") { nonsense } }' }),
    });
    const body = (await response.json()) as { errors?: { message: string }[] };
    expect(body.errors?.[0]?.message).toMatch(/nonsense/);
  });
});
