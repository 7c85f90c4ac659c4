import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubCiSource, GITHUB_NOT_CONNECTED, GITHUB_TOKEN_REJECTED, type GitHubCiSourceOptions } from '../../electron/services/github/github-ci-source';
import type { BranchHead, CiRead } from '../../electron/services/readiness/readiness-service';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';

const TOKEN = 'ghp_ci_source_token';
const sha = (i: number) => i.toString(16).padStart(40, '0');

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'ada', id: 1, name: 'Ada' });
  github.readiness.setBranch('feat/green', sha(1));
  github.readiness.setChecks(sha(1), [
    { kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success', url: 'https://circleci.example/1' },
    { kind: 'status', context: 'ci/circleci: test', state: 'success', url: 'https://circleci.example/1/test' },
  ]);
  github.readiness.setBranch('feat/red', sha(2));
  github.readiness.setChecks(sha(2), [
    { kind: 'check-run', name: 'build', status: 'completed', conclusion: 'failure', url: 'https://circleci.example/2' },
    { kind: 'status', context: 'ci/circleci: test', state: 'error' },
  ]);
  github.readiness.setBranch('feat/running', sha(3));
  github.readiness.setChecks(sha(3), [{ kind: 'check-run', name: 'build', status: 'in_progress', conclusion: null }]);
  github.readiness.setBranch('feat/$(touch x)/ünïcode', sha(4));
  github.readiness.openPull('feat/green', 'Green feature', 'APPROVED');
});
afterEach(async () => {
  await github.close();
});

const HEADS: readonly BranchHead[] = [
  { name: 'feat/green', headSha: sha(1) },
  { name: 'feat/red', headSha: sha(2) },
  { name: 'feat/running', headSha: sha(3) },
  { name: 'feat/$(touch x)/ünïcode', headSha: sha(4) },
];

const source = (overrides: Partial<GitHubCiSourceOptions> = {}) =>
  createGitHubCiSource({
    owner: 'welkin',
    repo: 'web',
    baseUrl: github.url,
    token: async () => TOKEN,
    client: { retries: 1, retryBaseMs: 10, timeoutMs: 2000, maxRateLimitWaitSeconds: 5 },
    ...overrides,
  });

function ok(read: CiRead) {
  if (read.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(read)}`);
  return read.branches;
}

describe('GitHub as the board CI source', () => {
  it('reads re-runs on the head: a check that failed and then passed is one passing check with its history', async () => {
    github.readiness.setBranch('feat/rerun', sha(5));
    github.readiness.setChecks(sha(5), [
      { kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success', earlier: ['failure', 'success'] },
      { kind: 'check-run', name: 'lint', status: 'completed', conclusion: 'success', earlier: ['success'] },
      { kind: 'check-run', name: 'e2e', status: 'in_progress', conclusion: null, earlier: ['failure'] },
    ]);
    const facts = ok(await source().read([{ name: 'feat/rerun', headSha: sha(5) }])).get('feat/rerun');
    expect(facts?.ci).toMatchObject({ kind: 'reported', sha: sha(5), checks: [{ name: 'build', state: 'success' }, { name: 'lint', state: 'success' }, { name: 'e2e', state: 'pending' }] });
    // Oldest first; an attempt still running decides nothing; runs that agree are kept but are not flaky.
    expect(facts?.runHistory).toEqual([
      { source: 'check', name: 'build', sha: sha(5), outcomes: ['failed', 'passed', 'passed'] },
      { source: 'check', name: 'lint', sha: sha(5), outcomes: ['passed', 'passed'] },
    ]);
    expect(ok(await source().read([{ name: 'feat/green', headSha: sha(1) }])).get('feat/green')?.runHistory).toBeUndefined();
  });

  it('maps passing, failing and pending checks, and PR facts, per branch head', async () => {
    const branches = ok(await source().read(HEADS));
    expect(branches.get('feat/green')).toEqual({
      ci: {
        kind: 'reported',
        sha: sha(1),
        checks: [
          { name: 'build', state: 'success', url: 'https://circleci.example/1' },
          { name: 'ci/circleci: test', state: 'success', url: 'https://circleci.example/1/test' },
        ],
      },
      pullRequest: { number: 1, url: 'https://github.com/welkin/web/pull/1', title: 'Green feature', reviewDecision: 'APPROVED' },
      team: { localTests: null, signOff: null },
    });
    expect(branches.get('feat/red')).toEqual({
      ci: {
        kind: 'reported',
        sha: sha(2),
        checks: [
          { name: 'build', state: 'failure', url: 'https://circleci.example/2' },
          { name: 'ci/circleci: test', state: 'error', url: null },
        ],
      },
      pullRequest: null,
      team: { localTests: null, signOff: null },
    });
    expect(branches.get('feat/running')?.ci).toEqual({ kind: 'reported', sha: sha(3), checks: [{ name: 'build', state: 'pending', url: null }] });
    // A name full of shell metacharacters and unicode is data: no checks reported yet.
    expect(branches.get('feat/$(touch x)/ünïcode')?.ci).toEqual({ kind: 'reported', sha: sha(4), checks: [] });
  });

  it('reads what teammates published through Release Desk’s statuses: local tests, and sign-offs with their publisher', async () => {
    const at = '2026-11-26T09:00:00Z';
    github.readiness.setChecks(sha(1), [
      { kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success' },
      { kind: 'status', context: 'release-desk/local-tests', state: 'success', creator: 'dave', createdAt: at, description: "Local tests passed in 12 s on dave's machine" },
      { kind: 'status', context: 'release-desk/manual-testing', state: 'success', creator: 'dave', createdAt: at, description: 'Signed off by dave: 3 checklist items' },
    ]);
    github.readiness.setChecks(sha(2), [
      { kind: 'status', context: 'release-desk/local-tests', state: 'failure', creator: 'erin', createdAt: at },
      // A sign-off without a known publisher (an account since deleted) cannot be counted.
      { kind: 'status', context: 'release-desk/manual-testing', state: 'success', createdAt: at },
    ]);
    github.readiness.setChecks(sha(3), [{ kind: 'status', context: 'release-desk/manual-testing', state: 'pending', creator: 'dave', createdAt: at }]);
    const branches = ok(await source().read(HEADS));
    expect(branches.get('feat/green')?.team).toEqual({
      localTests: { sha: sha(1), outcome: 'passed', at, by: 'dave' },
      signOff: { sha: sha(1), by: 'dave', at, items: [] },
    });
    expect(branches.get('feat/red')?.team).toEqual({ localTests: { sha: sha(2), outcome: 'failed', at, by: 'erin' }, signOff: null });
    expect(branches.get('feat/running')?.team).toEqual({ localTests: null, signOff: null });
  });

  it('answers for the heads asked about only; a branch GitHub lacks is "unavailable"', async () => {
    const branches = ok(await source().read([{ name: 'feat/green', headSha: sha(1) }, { name: 'feat/local-only', headSha: sha(9) }]));
    expect([...branches.keys()]).toEqual(['feat/green', 'feat/local-only']);
    expect(branches.get('feat/local-only')).toEqual({ ci: { kind: 'unavailable', reason: 'GitHub has no branch of this name' }, pullRequest: null });
  });

  it('a second read with nothing changed costs 0 rate limit', async () => {
    github.readiness.setChecks(sha(3), [{ kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success' }]);
    const ci = source();
    const first = ok(await ci.read(HEADS));
    github.readiness.resetCharges();
    const before = github.server.requests.length;
    const second = ok(await ci.read(HEADS));
    expect(second).toEqual(first);
    expect(github.readiness.charged).toEqual({ core: 0, graphql: 0 });
    expect(ci.lastCost).toEqual({ requests: 2, notModified: 2, graphqlPoints: 0 });
    expect(github.server.requests.length - before).toBe(2);
  });

  it('a new push shows on the next read; invalidate() makes it re-read everything', async () => {
    const ci = source();
    await ci.read(HEADS);
    github.readiness.setBranch('feat/green', sha(11));
    github.readiness.setChecks(sha(11), [{ kind: 'check-run', name: 'build', status: 'queued', conclusion: null }]);
    expect(ok(await ci.read(HEADS)).get('feat/green')?.ci).toEqual({ kind: 'reported', sha: sha(11), checks: [{ name: 'build', state: 'pending', url: null }] });
    ci.invalidate();
    github.readiness.resetCharges();
    await ci.read(HEADS);
    expect(github.readiness.charged.graphql).toBeGreaterThan(0);
  });

  it('no token: failed, saying how to connect, without asking GitHub', async () => {
    const before = github.server.requests.length;
    expect(await source({ token: async () => null }).read(HEADS)).toEqual({ kind: 'failed', reason: GITHUB_NOT_CONNECTED, retryAt: null });
    expect(await source({ token: async () => '  ' }).read(HEADS)).toEqual({ kind: 'failed', reason: GITHUB_NOT_CONNECTED, retryAt: null });
    expect(github.server.requests.length).toBe(before);
  });

  it('401: failed with "reconnect GitHub in Settings"; a new token is used on the next read', async () => {
    let token = 'ghp_revoked';
    const ci = source({ token: async () => token });
    expect(await ci.read(HEADS)).toEqual({ kind: 'failed', reason: GITHUB_TOKEN_REJECTED, retryAt: null });
    expect(GITHUB_TOKEN_REJECTED).toBe('GitHub rejected the token: reconnect GitHub in Settings');
    token = TOKEN;
    expect(ok(await ci.read(HEADS)).get('feat/green')?.ci.kind).toBe('reported');
    const last = github.server.requests.at(-1);
    expect(last?.headers.authorization).toMatch(new RegExp(`${TOKEN}$`));
  });

  it('429 / 403 rate limit: failed with the reason and when data refreshes', async () => {
    github.readiness.setFault({ kind: 'secondary-rate-limit', retryAfterSeconds: 120 });
    const limited = await source().read(HEADS);
    if (limited.kind !== 'failed') throw new Error('expected failed');
    expect(limited.reason).toMatch(/^GitHub rate limit reached; data refreshes at \d\d:\d\d:\d\d UTC$/);
    expect(Date.parse(limited.retryAt ?? '')).toBeGreaterThan(Date.now() + 110_000);

    github.readiness.setFault({ kind: 'rate-limit', resetInSeconds: 600 });
    const exhausted = await source().read(HEADS);
    expect(exhausted).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/^GitHub rate limit reached/) });
    expect(Date.parse((exhausted as { retryAt: string }).retryAt)).toBeGreaterThan(Date.now() + 590_000);
  });

  it('500: failed with the reason, after the retry; the last good data is the board\'s to keep', async () => {
    const ci = source();
    ok(await ci.read(HEADS));
    github.readiness.setFault({ kind: 'server-error', status: 500 });
    expect(await ci.read(HEADS)).toEqual({ kind: 'failed', reason: 'GitHub is unavailable (HTTP 500)', retryAt: null });
    github.readiness.setFault(null);
    expect(ok(await ci.read(HEADS)).get('feat/red')?.ci.kind).toBe('reported');
  });

  it('a timeout: failed, saying GitHub did not answer', async () => {
    const ci = source({ client: { timeoutMs: 100, retries: 0 } });
    github.server.setLatency(400);
    expect(await ci.read(HEADS)).toMatchObject({ kind: 'failed', reason: expect.stringContaining('did not answer within 0.1 s'), retryAt: null });
  });

  it('an unknown repository points at repository.github', async () => {
    const read = await source({ repo: 'nope' }).read(HEADS);
    expect(read).toEqual({ kind: 'failed', reason: 'GitHub does not know welkin/nope, or the token cannot see it: check repository.github in release-desk.yml', retryAt: null });
  });

  it('concurrent reads take turns and both answer', async () => {
    const ci = source();
    const [a, b] = await Promise.all([ci.read(HEADS), ci.read(HEADS)]);
    expect(ok(a).get('feat/red')).toEqual(ok(b).get('feat/red'));
  });
});
