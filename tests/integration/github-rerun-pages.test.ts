/**
 * "Passing reliably" on GitHub, past the first page: a head's query reads its first 3 check
 * suites with 30 completed runs each (readiness-query.ts). A head with more suites (one per
 * app or workflow) or more runs in one suite (a matrix re-run) has the rest read page by page
 * (check-run-pages.ts), so a check that failed once on the commit is flaky whichever page
 * its failure is on — through the board's refs query, the targeted query, and one branch.
 * The fake GitHub honours `first:`/`after:` and validates every query against GitHub's schema.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubCiSource } from '../../electron/services/github/github-ci-source';
import { RERUN_RUNS, RERUN_SUITES } from '../../electron/services/github/readiness-query';
import type { CiRead } from '../../electron/services/readiness/readiness-service';
import type { FakeCheck } from '../fakes/fake-github-readiness';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';

const TOKEN = 'ghp_rerun_pages_token';
const sha = (i: number) => i.toString(16).padStart(40, '0');

let github: FakeGitHub;

beforeEach(async () => {
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'ada', id: 1, name: 'Ada' });
});

afterEach(async () => {
  await github.close();
});

const source = () => createGitHubCiSource({ owner: 'welkin', repo: 'web', baseUrl: github.url, token: async () => TOKEN, client: { retries: 0, timeoutMs: 5000 } });

function historyOf(read: CiRead, branch: string) {
  if (read.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(read)}`);
  return read.branches.get(branch)?.runHistory;
}

/** Passing checks in suites before the one that matters, so it lies past the first page. */
const passingSuites = (count: number): FakeCheck[] =>
  Array.from({ length: count }, (_, i) => ({ kind: 'check-run', name: `lint-${i}`, status: 'completed', conclusion: 'success', suite: `workflow-${i}` }) as const);

const graphqlQueries = () => github.server.requests.filter((request) => request.path === '/graphql').map((request) => (JSON.parse(request.body) as { query: string }).query);

describe('GitHub re-runs past the first page', () => {
  it('a flaky check in the 5th check suite (first page: 3) is read, on the board, the targeted query and one branch', async () => {
    const checks: FakeCheck[] = [...passingSuites(RERUN_SUITES + 1), { kind: 'check-run', name: 'e2e', status: 'completed', conclusion: 'success', earlier: ['failure'], suite: 'e2e-workflow' }];
    github.readiness.setBranch('feat/many-suites', sha(1));
    github.readiness.setChecks(sha(1), checks);
    const flaky = [{ source: 'check', name: 'e2e', sha: sha(1), outcomes: ['failed', 'passed'] }];

    // The board: the refs page query, then the rest of this head's suites.
    const board = source();
    expect(historyOf(await board.read([{ name: 'feat/many-suites', headSha: sha(1) }]), 'feat/many-suites')).toEqual(flaky);
    expect(graphqlQueries().filter((query) => query.includes('ReadinessMoreSuites'))).toHaveLength(1);

    // One branch (`readiness BRANCH`): its query, and one more for the suites it did not hold.
    const before = github.server.requests.length;
    expect(historyOf(await source().readByName?.('feat/many-suites') as CiRead, 'feat/many-suites')).toEqual(flaky);
    expect(github.server.requests.length - before).toBe(2);

    // The targeted query (a head that moved): the same.
    github.readiness.setBranch('feat/many-suites', sha(2));
    github.readiness.setChecks(sha(2), checks);
    expect(historyOf(await board.read([{ name: 'feat/many-suites', headSha: sha(2) }]), 'feat/many-suites')).toEqual([{ ...flaky[0], sha: sha(2) }]);
  });

  it('a failure past the first 30 runs of one suite (a matrix re-run) is read from the suite’s next pages', async () => {
    // 70 passing runs of "unit", then the one that failed, then a pass: 72 runs in one suite.
    github.readiness.setBranch('feat/matrix', sha(3));
    github.readiness.setChecks(sha(3), [
      { kind: 'check-run', name: 'matrix', status: 'completed', conclusion: 'success', earlier: [...Array.from({ length: 70 }, () => 'success' as const), 'failure'] },
    ]);
    const history = historyOf(await source().readByName?.('feat/matrix') as CiRead, 'feat/matrix');
    expect(history).toHaveLength(1);
    expect(history?.[0]?.outcomes).toHaveLength(72);
    expect(history?.[0]?.outcomes.filter((outcome) => outcome === 'failed')).toHaveLength(1);
    // 72 runs: 30 with the branch, 42 in one page of the suite's own (100 a page).
    expect(graphqlQueries().filter((query) => query.includes('ReadinessMoreRuns'))).toHaveLength(1);
    expect(RERUN_RUNS).toBeLessThan(72);
  });

  it('a head that fits the first page costs no more request than before', async () => {
    github.readiness.setBranch('feat/small', sha(4));
    github.readiness.setChecks(sha(4), [{ kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success', earlier: ['failure'] }]);
    const before = github.server.requests.length;
    expect(historyOf(await source().readByName?.('feat/small') as CiRead, 'feat/small')).toEqual([{ source: 'check', name: 'build', sha: sha(4), outcomes: ['failed', 'passed'] }]);
    expect(github.server.requests.length - before).toBe(1);
  });

  it('a page that cannot be read leaves the CI unread (stale), never a partial, reliable-looking history', async () => {
    github.readiness.setBranch('feat/many-suites', sha(5));
    github.readiness.setChecks(sha(5), [...passingSuites(RERUN_SUITES), { kind: 'check-run', name: 'e2e', status: 'completed', conclusion: 'success', earlier: ['failure'], suite: 'late' }]);
    // The branch's query answers; the follow-up for the other suites fails.
    github.server.route((request) => (request.path === '/graphql' && request.body.includes('ReadinessMoreSuites') ? { status: 502, body: { message: 'Bad Gateway' } } : undefined));
    const read = await source().readByName?.('feat/many-suites');
    expect(read?.kind).toBe('failed');
  });
});
