import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConditionalCache } from '../../electron/services/github/conditional-get';
import { createGitHubClient, type GitHubClientOptions, type RateLimitWait } from '../../electron/services/github/github-client';
import { GitHubReadinessReader } from '../../electron/services/github/github-readiness';
import { readCiViaRest } from '../../electron/services/github/rest-ci-reader';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';

const TOKEN = 'ghp_test_token';
const REPO = { owner: 'welkin', name: 'web' };
const sha = (i: number) => i.toString(16).padStart(40, '0');

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'ada', id: 1, name: 'Ada' });
});
afterEach(async () => {
  await github.close();
});

const client = (options: Partial<GitHubClientOptions> = {}) => createGitHubClient({ token: TOKEN, baseUrl: github.url, retries: 1, retryBaseMs: 10, timeoutMs: 2000, ...options });

function seed(count: number): void {
  for (let i = 0; i < count; i++) {
    github.readiness.setBranch(`feat/b-${i}`, sha(i + 1));
    github.readiness.setChecks(sha(i + 1), [
      { kind: 'check-run', name: 'build', status: 'completed', conclusion: i % 7 === 0 ? 'failure' : 'success', url: `https://circleci.example/b/${i}` },
      { kind: 'status', context: 'ci/circleci: test', state: 'success' },
    ]);
    if (i % 10 === 0) github.readiness.openPull(`feat/b-${i}`, `Feature ${i}`, 'APPROVED');
  }
}

describe('GitHubReadinessReader against the fake GitHub', () => {
  it('reads 300 branches in 3 GraphQL requests plus 4 REST probes', async () => {
    seed(300);
    const reader = new GitHubReadinessReader(client(), REPO);
    const outcome = await reader.refresh();
    if (outcome.kind !== 'fresh') throw new Error(outcome.problem.message);
    expect(outcome.snapshot.branches.size).toBe(300);
    // 6 points a page of 100: 2 for checks and pull requests, 4 for the check suites' re-runs.
    expect(outcome.cost).toEqual({ requests: 7, notModified: 0, graphqlPoints: 18 });
    expect(outcome.snapshot.branches.get('feat/b-7')).toMatchObject({
      sha: sha(8),
      complete: true,
      checks: [
        { name: 'build', state: 'failure', url: 'https://circleci.example/b/7' },
        { name: 'ci/circleci: test', state: 'success', url: null },
      ],
      pullRequest: null,
    });
    expect(outcome.snapshot.branches.get('feat/b-10')?.pullRequest).toEqual({ number: 2, url: 'https://github.com/welkin/web/pull/2', title: 'Feature 10', reviewDecision: 'APPROVED' });
    expect(github.server.requests.filter((r) => r.path === '/graphql')).toHaveLength(3);
  });

  it('costs no rate limit when nothing changed (304s), and asks only about what changed', async () => {
    seed(150);
    const reader = new GitHubReadinessReader(client(), REPO);
    await reader.refresh();
    github.readiness.resetCharges();
    const unchanged = await reader.refresh();
    expect(unchanged.cost).toEqual({ requests: 3, notModified: 3, graphqlPoints: 0 });
    expect(github.readiness.charged).toEqual({ core: 0, graphql: 0 });

    github.readiness.setBranch('feat/b-3', sha(999));
    github.readiness.setChecks(sha(999), [{ kind: 'check-run', name: 'build', status: 'in_progress', conclusion: null }]);
    github.readiness.deleteBranch('feat/b-4');
    const pushed = await reader.refresh();
    if (pushed.kind !== 'fresh') throw new Error('expected fresh');
    expect(pushed.snapshot.branches.get('feat/b-3')).toMatchObject({ sha: sha(999), complete: false, checks: [{ name: 'build', state: 'pending' }] });
    expect(pushed.snapshot.branches.has('feat/b-4')).toBe(false);
    expect(pushed.cost.graphqlPoints).toBe(1);
    const query = JSON.parse(github.server.requests.at(-1)?.body ?? '{}') as { variables: Record<string, string> };
    expect(Object.values(query.variables)).toContain('refs/heads/feat/b-3');

    // The running check is asked about again even though nothing else changed.
    github.readiness.setChecks(sha(999), [{ kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success' }]);
    const finished = await reader.refresh();
    if (finished.kind !== 'fresh') throw new Error('expected fresh');
    expect(finished.snapshot.branches.get('feat/b-3')?.checks).toEqual([{ name: 'build', state: 'success', url: null }]);
  });

  it('re-reads every branch when the open pull requests changed', async () => {
    seed(20);
    const reader = new GitHubReadinessReader(client(), REPO);
    await reader.refresh();
    github.readiness.openPull('feat/b-5', 'Now with a PR');
    const outcome = await reader.refresh();
    if (outcome.kind !== 'fresh') throw new Error('expected fresh');
    expect(outcome.snapshot.branches.get('feat/b-5')?.pullRequest?.title).toBe('Now with a PR');
  });

  it('a revoked token says "reconnect GitHub" and keeps the last good data', async () => {
    seed(5);
    const reader = new GitHubReadinessReader(client(), REPO);
    const first = await reader.refresh();
    github.readiness.setFault({ kind: 'unauthorized' });
    const outcome = await reader.refresh();
    expect(outcome).toMatchObject({ kind: 'stale', problem: { kind: 'unauthorized', message: 'GitHub rejected the token: reconnect GitHub.' } });
    expect(outcome.snapshot).toBe(first.snapshot);
  });

  it('with no token known at all, the first refresh is unauthorized with no data', async () => {
    seed(2);
    const outcome = await new GitHubReadinessReader(client({ token: 'revoked' }), REPO).refresh();
    expect(outcome).toMatchObject({ kind: 'stale', snapshot: null, problem: { kind: 'unauthorized' } });
  });

  it('waits out a 429 retry-after as told, and reports when data will refresh', async () => {
    seed(3);
    const waits: RateLimitWait[] = [];
    const reader = new GitHubReadinessReader(client({ onRateLimitWait: (wait) => waits.push(wait) }), REPO);
    github.readiness.setFault({ kind: 'secondary-rate-limit', retryAfterSeconds: 1 }, 1);
    const started = Date.now();
    const outcome = await reader.refresh();
    expect(outcome.kind).toBe('fresh');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(waits).toHaveLength(1);
    expect(waits[0]?.kind).toBe('secondary-rate-limit');
    expect(waits[0]?.until.getTime()).toBeGreaterThan(started + 900);
  });

  it('does not sit out a long 403 rate limit: stale, with the reset time', async () => {
    seed(3);
    const reader = new GitHubReadinessReader(client({ maxRateLimitWaitSeconds: 5 }), REPO);
    github.readiness.setFault({ kind: 'rate-limit', resetInSeconds: 600 });
    const outcome = await reader.refresh();
    if (outcome.kind !== 'stale' || outcome.problem.kind !== 'rate-limited') throw new Error(`expected rate-limited, got ${JSON.stringify(outcome)}`);
    const retryAt = Date.parse(outcome.problem.retryAt);
    expect(retryAt).toBeGreaterThan(Date.now() + 590_000);
    expect(outcome.problem.message).toMatch(/^GitHub rate limit reached; data refreshes at \d\d:\d\d:\d\d UTC\.$/);
  });

  it('GitHub 5xx keeps the last good data, flagged stale, after retrying once', async () => {
    seed(5);
    const reader = new GitHubReadinessReader(client(), REPO);
    const first = await reader.refresh();
    github.readiness.setFault({ kind: 'server-error', status: 502 });
    const before = github.server.requests.length;
    const outcome = await reader.refresh();
    expect(outcome).toMatchObject({ kind: 'stale', problem: { kind: 'unavailable', message: 'GitHub is unavailable (HTTP 502).' } });
    expect(outcome.snapshot).toBe(first.snapshot);
    expect(outcome.snapshot?.branches.size).toBe(5);
    // Each of the parallel probes was tried twice (1 retry) before giving up.
    expect(github.server.requests.length - before).toBeLessThanOrEqual(6);
  });

  it('a timeout is "unavailable", with the last good data', async () => {
    seed(2);
    const reader = new GitHubReadinessReader(client({ timeoutMs: 100, retries: 0 }), REPO);
    const first = await reader.refresh();
    github.server.setLatency(400);
    const outcome = await reader.refresh();
    expect(outcome).toMatchObject({ kind: 'stale', problem: { kind: 'unavailable', message: expect.stringContaining('did not answer within 0.1 s') } });
    expect(outcome.snapshot).toBe(first.snapshot);
  });

  it('an unknown repository is "not-found"', async () => {
    seed(1);
    const outcome = await new GitHubReadinessReader(client(), { owner: 'welkin', name: 'nope' }).refresh();
    expect(outcome).toMatchObject({ kind: 'stale', problem: { kind: 'not-found' } });
  });
});

describe('GitHub client', () => {
  it('never retries a POST that failed, but retries a GET', async () => {
    github.readiness.setFault({ kind: 'server-error' });
    const octokit = client({ retries: 2 });
    await expect(octokit.request('POST /repos/{owner}/{repo}/statuses/{sha}', { owner: 'welkin', repo: 'web', sha: sha(1), state: 'success', context: 'release-desk/local-tests' })).rejects.toMatchObject({ status: 500 });
    expect(github.server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    await expect(octokit.request('GET /repos/{owner}/{repo}/branches', { owner: 'welkin', repo: 'web' })).rejects.toMatchObject({ status: 500 });
    expect(github.server.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });
});

describe('readCiViaRest (fallback and baseline)', () => {
  it('reads status and check runs per branch, and repeats for free with 304s', async () => {
    seed(10);
    const cache = createConditionalCache();
    const heads = new Map(Array.from({ length: 10 }, (_, i) => [`feat/b-${i}`, sha(i + 1)] as const));
    const stats = { requests: 0, notModified: 0 };
    const first = await readCiViaRest(client(), REPO, heads, cache, { stats });
    expect(first.get('feat/b-0')?.checks).toEqual([
      { name: 'build', state: 'failure', url: 'https://circleci.example/b/0' },
      { name: 'ci/circleci: test', state: 'success', url: null },
    ]);
    expect(stats).toEqual({ requests: 20, notModified: 0 });
    github.readiness.resetCharges();
    const again = await readCiViaRest(client(), REPO, heads, cache, { stats });
    expect(again).toEqual(first);
    expect(stats).toEqual({ requests: 40, notModified: 20 });
    expect(github.readiness.charged.core).toBe(0);
  });
});
