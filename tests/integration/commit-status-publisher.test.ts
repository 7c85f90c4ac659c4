import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCommitStatusPublisher,
  formatDuration,
  LOCAL_TESTS_CONTEXT,
  MANUAL_TESTING_CONTEXT,
  parseGitHubSlug,
  truncateDescription,
  type CommitStatusPublisherOptions,
} from '../../electron/services/github/commit-status-publisher';
import { createGitHubCiSource } from '../../electron/services/github/github-ci-source';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { checkAgainst, responseSchema } from '../fakes/openapi-check';

const TOKEN = 'ghp_publisher_token';
const SHA = 'a'.repeat(40);
const UNKNOWN_SHA = 'f'.repeat(40);

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'alice', id: 7, name: 'Alice' });
  github.readiness.setBranch('feat/login', SHA);
  github.readiness.setChecks(SHA, [{ kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success', url: 'https://circleci.example/1' }]);
});
afterEach(async () => {
  await github.close();
});

const publisher = (overrides: Partial<CommitStatusPublisherOptions> = {}) =>
  createCommitStatusPublisher({ repository: { owner: 'welkin', repo: 'web' }, baseUrl: github.url, token: async () => TOKEN, client: { timeoutMs: 2000 }, ...overrides });

const posts = () => github.server.requests.filter((request) => request.method === 'POST' && request.path.includes('/statuses/'));

async function combinedStatus(ref: string): Promise<{ state: string; statuses: { context: string; state: string; description: string | null }[] }> {
  const response = await fetch(`${github.url}/repos/welkin/web/commits/${ref}/status`, { headers: { authorization: `token ${TOKEN}` } });
  const body: unknown = await response.json();
  expect(checkAgainst(responseSchema('/repos/{owner}/{repo}/commits/{ref}/status', 'get'), body)).toEqual([]);
  return body as never;
}

describe('publishing Release Desk results as GitHub commit statuses', () => {
  it('publishes local tests and sign-off; both show in the combined status and in the board CI facts', async () => {
    const desk = publisher();
    expect(await desk.publishLocalTests({ sha: SHA, outcome: 'passed', durationMs: 12_300, machineOf: 'alice' })).toEqual({
      kind: 'published',
      context: LOCAL_TESTS_CONTEXT,
      url: `${github.url}/repos/welkin/web/statuses/${SHA}`,
    });
    expect(await desk.publishSignOff({ sha: SHA, by: 'carol', items: ['login', 'checkout', 'refund'] })).toMatchObject({ kind: 'published', context: MANUAL_TESTING_CONTEXT });
    expect(posts()).toHaveLength(2);
    expect(JSON.parse(posts()[0]?.body ?? '{}')).toEqual({
      state: 'success',
      context: 'release-desk/local-tests',
      description: "Local tests passed in 12 s on alice's machine",
    });

    const combined = await combinedStatus(SHA);
    expect(combined.state).toBe('success');
    expect(combined.statuses).toEqual([
      expect.objectContaining({ context: 'release-desk/local-tests', state: 'success', description: "Local tests passed in 12 s on alice's machine" }),
      expect.objectContaining({ context: 'release-desk/manual-testing', state: 'success', description: 'Signed off by carol: 3 checklist items' }),
    ]);

    const read = await createGitHubCiSource({ owner: 'welkin', repo: 'web', baseUrl: github.url, token: async () => TOKEN }).read([{ name: 'feat/login', headSha: SHA }]);
    if (read.kind !== 'ok') throw new Error(read.reason);
    expect(read.branches.get('feat/login')?.ci).toEqual({
      kind: 'reported',
      sha: SHA,
      checks: [
        { name: 'build', state: 'success', url: 'https://circleci.example/1' },
        { name: 'release-desk/local-tests', state: 'success', url: null },
        { name: 'release-desk/manual-testing', state: 'success', url: null },
      ],
    });
  });

  it('a board already reading GitHub sees the new status after invalidate() (ETags do not show statuses)', async () => {
    const ci = createGitHubCiSource({ owner: 'welkin', repo: 'web', baseUrl: github.url, token: async () => TOKEN });
    const heads = [{ name: 'feat/login', headSha: SHA }];
    const names = async () => {
      const read = await ci.read(heads);
      const facts = read.kind === 'ok' ? read.branches.get('feat/login')?.ci : undefined;
      return facts?.kind === 'reported' ? facts.checks.map((check) => check.name) : [];
    };
    expect(await names()).toEqual(['build']);
    await publisher().publishLocalTests({ sha: SHA, outcome: 'passed', durationMs: 1000, machineOf: 'alice' });
    expect(await names()).toEqual(['build']); // branch list and PRs unchanged: 304s, completed results not re-asked
    ci.invalidate();
    expect(await names()).toEqual(['build', LOCAL_TESTS_CONTEXT]);
  });

  it('a later result replaces the earlier one for the same context (failure, then a pass)', async () => {
    const desk = publisher();
    await desk.publishLocalTests({ sha: SHA, outcome: 'failed', durationMs: 185_000, machineOf: 'bob@welkin.example', targetUrl: 'https://desk.example/log/1' });
    expect((await combinedStatus(SHA)).statuses).toEqual([
      expect.objectContaining({ context: LOCAL_TESTS_CONTEXT, state: 'failure', description: "Local tests failed in 3 min 5 s on bob@welkin.example's machine" }),
    ]);
    expect(JSON.parse(posts()[0]?.body ?? '{}')).toMatchObject({ target_url: 'https://desk.example/log/1' });
    await desk.publishLocalTests({ sha: SHA, outcome: 'passed', durationMs: 9_000, machineOf: 'bob' });
    const combined = await combinedStatus(SHA);
    expect(combined.statuses.map((s) => [s.context, s.state])).toEqual([[LOCAL_TESTS_CONTEXT, 'success']]);
  });

  it("the fake's POST answer has GitHub's documented shape (201 status object)", async () => {
    const response = await fetch(`${github.url}/repos/welkin/web/statuses/${SHA}`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'success', context: MANUAL_TESTING_CONTEXT, description: 'Signed off by carol' }),
    });
    expect(response.status).toBe(201);
    const body: unknown = await response.json();
    expect(checkAgainst(responseSchema('/repos/{owner}/{repo}/statuses/{sha}', 'post', '201'), body)).toEqual([]);
    expect(body).toMatchObject({ state: 'success', context: MANUAL_TESTING_CONTEXT, description: 'Signed off by carol', target_url: null });
  });

  it('descriptions longer than 140 characters are cut, so GitHub accepts them', async () => {
    const by = `carol-${'x'.repeat(200)}`;
    expect(await publisher().publishSignOff({ sha: SHA, by, items: ['one'] })).toMatchObject({ kind: 'published' });
    const sent = (JSON.parse(posts()[0]?.body ?? '{}') as { description: string }).description;
    expect([...sent]).toHaveLength(140);
    expect(sent.endsWith('…')).toBe(true);
    expect(github.readiness.createdStatuses).toHaveLength(1);
    // The fake refuses what GitHub refuses: proof the cut matters.
    const raw = await fetch(`${github.url}/repos/welkin/web/statuses/${SHA}`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}` },
      body: JSON.stringify({ state: 'success', description: 'y'.repeat(141) }),
    });
    expect(raw.status).toBe(422);
  });

  it('no token: kept local, nothing sent', async () => {
    expect(await publisher({ token: async () => null }).publishLocalTests({ sha: SHA, outcome: 'passed', durationMs: 1000, machineOf: 'alice' })).toEqual({
      kind: 'kept-local',
      reason: 'GitHub is not connected',
    });
    expect(github.server.requests).toHaveLength(0);
  });

  it('no repository.github: kept local, nothing sent', async () => {
    expect(await publisher({ repository: parseGitHubSlug(undefined) }).publishSignOff({ sha: SHA, by: 'carol', items: [] })).toEqual({
      kind: 'kept-local',
      reason: 'no repository.github in release-desk.yml',
    });
    expect(github.server.requests).toHaveLength(0);
  });

  it("422: kept local with GitHub's message", async () => {
    expect(await publisher().publishLocalTests({ sha: UNKNOWN_SHA, outcome: 'passed', durationMs: 1000, machineOf: 'alice' })).toEqual({
      kind: 'kept-local',
      reason: `GitHub answered HTTP 422: No commit found for SHA: ${UNKNOWN_SHA}`,
    });
    expect(posts()).toHaveLength(1);
  });

  it("500: kept local with GitHub's message, after exactly one POST (a write is never retried)", async () => {
    github.readiness.setFault({ kind: 'server-error', status: 500 });
    const outcome = await publisher({ client: { retryBaseMs: 1, timeoutMs: 2000 } }).publishSignOff({ sha: SHA, by: 'carol', items: ['a', 'b'] });
    expect(outcome).toEqual({ kind: 'kept-local', reason: 'GitHub answered HTTP 500: Server Error' });
    await new Promise((resolve) => setTimeout(resolve, 100)); // a late retry would show up here
    expect(posts()).toHaveLength(1);
    expect(github.readiness.createdStatuses).toHaveLength(0);
  });

  it('401: kept local, asking to reconnect', async () => {
    const outcome = await publisher({ token: async () => 'ghp_revoked' }).publishSignOff({ sha: SHA, by: 'carol', items: [] });
    expect(outcome).toEqual({ kind: 'kept-local', reason: 'GitHub rejected the token (Bad credentials): reconnect GitHub in Settings' });
  });

  it('a timeout: kept local, saying GitHub did not answer, one POST', async () => {
    github.server.setLatency(400);
    const outcome = await publisher({ client: { timeoutMs: 100 } }).publishSignOff({ sha: SHA, by: 'carol', items: [] });
    expect(outcome).toEqual({ kind: 'kept-local', reason: 'GitHub did not answer within 0.1 s' });
    expect(posts()).toHaveLength(1);
  });
});

describe('status wording', () => {
  it('formats durations and slugs, and cuts at 140 code points', () => {
    expect([850, 12_300, 60_000, 185_000, 3_720_000, 7_200_000].map(formatDuration)).toEqual(['850 ms', '12 s', '1 min', '3 min 5 s', '1 h 2 min', '2 h']);
    expect(parseGitHubSlug('welkin/web')).toEqual({ owner: 'welkin', repo: 'web' });
    expect(parseGitHubSlug('nonsense')).toBeNull();
    expect(truncateDescription('short')).toBe('short');
    const emoji = '✅'.repeat(70) + '🚀'.repeat(80);
    const cut = truncateDescription(emoji);
    expect([...cut]).toHaveLength(140);
    expect(cut.at(-1)).toBe('…');
  });
});
