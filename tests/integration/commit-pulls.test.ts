/**
 * The conformance check's GitHub source against the fake GitHub: the pull requests of a
 * commit in GitHub's shapes, what it says when GitHub cannot be asked, and an outage: each
 * look-up retried once, and after three failures in a row GitHub is not asked again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommitPullsSource } from '../../electron/services/github/commit-pulls';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';

const TOKEN = 'ghp_commitPulls';
let github: FakeGitHub;
const pullPath = (request: { path: string }) => request.path.endsWith('/pulls') && request.path.includes('/commits/');

beforeAll(async () => {
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'alice', id: 7, name: null });
  github.commitPulls.add({ title: 'Outside', headRef: 'hotfix/x', commits: ['b'.repeat(40)], merged: { mergeCommitSha: 'c'.repeat(40), mergedAt: '2026-11-03T10:00:00Z' } });
});
afterAll(() => github.close());

const source = (token: string | null, repository: string | null = 'welkin/web', retryBaseMs = 20) =>
  createCommitPullsSource({ repository: repository ?? undefined, baseUrl: github.url, token: async () => token, retryBaseMs });

describe('createCommitPullsSource', () => {
  it('answers the pull requests of a commit', async () => {
    const pulls = await source(TOKEN);
    if (pulls.kind !== 'github') throw new Error('GitHub should be available');
    expect(await pulls.lookup('c'.repeat(40))).toEqual({ kind: 'pulls', pulls: [{ number: 500, url: 'https://github.com/welkin/web/pull/500', title: 'Outside', mergedAt: '2026-11-03T10:00:00Z', mergeCommitSha: 'c'.repeat(40) }] });
    expect(await pulls.lookup('e'.repeat(40))).toEqual({ kind: 'pulls', pulls: [] });
  });

  it('says why GitHub cannot be asked: no repository, no token', async () => {
    expect(await source(TOKEN, null)).toEqual({ kind: 'unavailable', reason: 'release-desk.yml names no repository.github, so GitHub cannot be asked' });
    expect(await source(null)).toMatchObject({ kind: 'unavailable', reason: expect.stringMatching(/^GitHub is not connected/) });
  });

  it('a refused token is not retried', async () => {
    const pulls = await source('ghp_wrong');
    if (pulls.kind !== 'github') throw new Error('GitHub should be asked');
    const before = github.server.requests.filter(pullPath).length;
    expect(await pulls.lookup('c'.repeat(40))).toEqual({ kind: 'unknown', reason: 'GitHub rejected the token: reconnect GitHub.' });
    expect(github.server.requests.filter(pullPath).length - before).toBe(1);
  });

  it('an outage: one retry per look-up, each as quick as the first, then not asked again after three failures in a row', async () => {
    const pulls = await source(TOKEN, 'welkin/web', 300);
    if (pulls.kind !== 'github') throw new Error('GitHub should be available');
    github.server.faults.answer({ status: 502, body: { message: 'Server Error' } });
    try {
      const before = github.server.requests.filter(pullPath).length;
      const answers = [];
      const started = Date.now();
      for (const sha of ['1', '2', '3', '4'].map((c) => c.repeat(40))) answers.push(await pulls.lookup(sha));
      // Three waits of 300 ms (tests/integration/github-client-retry.test.ts: they once grew).
      expect(Date.now() - started).toBeLessThan(5000);
      expect(answers.slice(0, 3)).toEqual(Array(3).fill({ kind: 'unknown', reason: 'GitHub is unavailable (HTTP 502).' }));
      expect(answers[3]).toEqual({ kind: 'unknown', reason: 'GitHub was not asked again after 3 failures in a row (GitHub is unavailable (HTTP 502).)' });
      expect(github.server.requests.filter(pullPath).length - before).toBe(6);
    } finally {
      await github.server.faults.recover();
    }
  });
});
