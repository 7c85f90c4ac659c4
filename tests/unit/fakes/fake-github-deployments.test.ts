import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../../fakes/fake-github';
import { checkAgainst, responseSchema } from '../../fakes/openapi-check';

const TOKEN = 'ghp_fakeDeployments';
let github: FakeGitHub;

beforeAll(async () => {
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'ada', id: 1, name: 'Ada' });
});
afterAll(() => github.close());

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${github.url}${path}`, {
    method,
    headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { id?: number } };
};

describe('the fake GitHub Deployments answer in the shapes @octokit/openapi documents', () => {
  it('create, list, create status, list statuses', async () => {
    const created = await call('POST', '/repos/welkin/web/deployments', {
      ref: 'c'.repeat(40),
      environment: 'production',
      description: 'Release feature/login',
      payload: { releaseId: 'rel-1' },
      auto_merge: false,
      required_contexts: [],
    });
    expect(created.status).toBe(201);
    expect(checkAgainst(responseSchema('/repos/{owner}/{repo}/deployments', 'post', '201'), created.body)).toEqual([]);
    const listed = await call('GET', '/repos/welkin/web/deployments?environment=production&per_page=100');
    expect(checkAgainst(responseSchema('/repos/{owner}/{repo}/deployments', 'get'), listed.body)).toEqual([]);
    const statusPath = `/repos/welkin/web/deployments/${created.body.id}/statuses`;
    const status = await call('POST', statusPath, { state: 'in_progress', environment_url: 'https://preview.example/', description: 'Stage 1' });
    expect(status.status).toBe(201);
    expect(checkAgainst(responseSchema('/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', 'post', '201'), status.body)).toEqual([]);
    const statuses = await call('GET', statusPath);
    expect(checkAgainst(responseSchema('/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', 'get'), statuses.body)).toEqual([]);
  });

  it('refuses what GitHub refuses: a bad state, a long description, an unknown deployment, a bad token', async () => {
    const created = await call('POST', '/repos/welkin/web/deployments', { ref: 'main' });
    expect((await call('POST', `/repos/welkin/web/deployments/${created.body.id}/statuses`, { state: 'done' })).status).toBe(422);
    expect((await call('POST', '/repos/welkin/web/deployments', { ref: 'main', description: 'x'.repeat(141) })).status).toBe(422);
    expect((await call('POST', '/repos/welkin/web/deployments/999999/statuses', { state: 'success' })).status).toBe(404);
    const anonymous = await fetch(`${github.url}/repos/welkin/web/deployments`);
    expect(anonymous.status).toBe(401);
  });

  it('pages a list as GitHub does: `page`, and a Link header to the next page while more follow', async () => {
    const created = await call('POST', '/repos/welkin/web/deployments', { ref: 'paged', environment: 'paging' });
    const statusPath = `/repos/welkin/web/deployments/${created.body.id}/statuses`;
    for (const description of ['one', 'two', 'three']) await call('POST', statusPath, { state: 'in_progress', description });
    const first = await fetch(`${github.url}${statusPath}?per_page=2`, { headers: { authorization: `token ${TOKEN}` } });
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(((await first.json()) as { description: string }[]).map((status) => status.description)).toEqual(['three', 'two']);
    expect(next).toBe(`${github.url}${statusPath}?per_page=2&page=2`);
    const second = await fetch(next ?? '', { headers: { authorization: `token ${TOKEN}` } });
    expect(second.headers.get('link')).toBeNull();
    expect(((await second.json()) as { description: string }[]).map((status) => status.description)).toEqual(['one']);
  });
});
