/**
 * The GitHub reader's branch-list probe: on a later refresh (or a new reader started from the
 * state kept on disk) the pages known from the last read are asked at once, so an unchanged
 * list of 250 branches costs one round trip, not three, and nothing against the rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../electron/services/github/github-client';
import { GitHubReadinessReader } from '../../electron/services/github/github-readiness';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';

const LATENCY_MS = 150;
let github: FakeGitHub;

beforeAll(async () => {
  github = await startFakeGitHub();
  github.addToken('t', { login: 'carol', id: 7, name: null });
  for (let i = 0; i < 250; i++) {
    const sha = (i + 1).toString(16).padStart(40, '0');
    github.readiness.setBranch(`feature/p-${i}`, sha);
    github.readiness.setChecks(sha, [{ kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success' }]);
  }
});
afterAll(async () => {
  await github.close();
});

const reader = (restored?: ReturnType<GitHubReadinessReader['state']>) =>
  new GitHubReadinessReader(createGitHubClient({ token: 't', baseUrl: github.url, retries: 0 }), { owner: 'welkin', name: 'web' }, restored === null || restored === undefined ? {} : { restored });

describe('branch list pages', () => {
  it('known pages are asked together, all conditional, and a new reader from the kept state does the same', async () => {
    const first = reader();
    expect((await first.refresh()).kind).toBe('fresh');
    github.server.setLatency(LATENCY_MS);
    try {
      for (const next of [first, reader(first.state())]) {
        github.readiness.resetCharges();
        const before = github.server.requests.length;
        const outcome = await next.refresh();
        expect(outcome.kind).toBe('fresh');
        if (outcome.kind === 'fresh') expect(outcome.snapshot.branches.size).toBe(250);
        const pages = github.server.requests.slice(before).filter((request) => request.path.endsWith('/branches'));
        expect(pages.map((request) => request.query.get('page')).sort()).toEqual(['1', '2', '3']);
        const arrivals = pages.map((request) => request.receivedAt);
        // One round trip: every page was sent before the first answer (LATENCY_MS) came back.
        expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(LATENCY_MS);
        expect(github.readiness.charged).toEqual({ core: 0, graphql: 0 });
      }
    } finally {
      github.server.setLatency(0);
    }
  });

  it('a list that got shorter ends at its last page', async () => {
    const first = reader();
    await first.refresh();
    for (let i = 100; i < 250; i++) github.readiness.deleteBranch(`feature/p-${i}`);
    const outcome = await first.refresh();
    expect(outcome.kind).toBe('fresh');
    if (outcome.kind === 'fresh') expect([...outcome.snapshot.branches.keys()].sort()).toEqual(Array.from({ length: 100 }, (_, i) => `feature/p-${i}`).sort());
  });
});
