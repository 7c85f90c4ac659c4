import { validate } from '@octokit/graphql-schema';
import { describe, expect, it } from 'vitest';
import { isIdempotentRequest } from '../../../../../electron/services/github/github-client';
import { describeGitHubError } from '../../../../../electron/services/github/github-problem';
import { checkRunState, commitStatusState, MORE_RUNS_QUERY, MORE_SUITES_QUERY, namedRefsQuery, REFS_PAGE_QUERY } from '../../../../../electron/services/github/readiness-query';

describe('readiness GraphQL queries', () => {
  it('are valid against GitHub\'s published schema', () => {
    expect(validate(REFS_PAGE_QUERY).map((e) => e.message)).toEqual([]);
    expect(validate(namedRefsQuery(1)).map((e) => e.message)).toEqual([]);
    expect(validate(namedRefsQuery(50)).map((e) => e.message)).toEqual([]);
    // The follow-ups for heads with more check suites or runs than the first page holds.
    expect(validate(MORE_SUITES_QUERY).map((e) => e.message)).toEqual([]);
    expect(validate(MORE_RUNS_QUERY).map((e) => e.message)).toEqual([]);
  });

  it('would be caught if a field were wrong (the check is real)', () => {
    expect(validate(REFS_PAGE_QUERY.replace('detailsUrl', 'detailsLink')).length).toBeGreaterThan(0);
  });

  it('never put a branch name into the query text', () => {
    expect(namedRefsQuery(2)).toContain('b1: ref(qualifiedName: $q1)');
    expect(namedRefsQuery(2)).not.toMatch(/refs\/heads\//);
  });
});

describe('check state mapping', () => {
  it.each([
    ['COMPLETED', 'SUCCESS', 'success'],
    ['COMPLETED', 'FAILURE', 'failure'],
    ['COMPLETED', 'STARTUP_FAILURE', 'failure'],
    ['COMPLETED', 'TIMED_OUT', 'timed-out'],
    ['COMPLETED', 'CANCELLED', 'cancelled'],
    ['COMPLETED', 'SKIPPED', 'skipped'],
    ['completed', 'neutral', 'neutral'],
    ['IN_PROGRESS', null, 'pending'],
    ['queued', null, 'pending'],
  ] as const)('check run %s/%s → %s', (status, conclusion, state) => {
    expect(checkRunState(status, conclusion)).toBe(state);
  });

  it.each([
    ['SUCCESS', 'success'],
    ['failure', 'failure'],
    ['ERROR', 'error'],
    ['PENDING', 'pending'],
    ['EXPECTED', 'pending'],
  ] as const)('commit status %s → %s', (input, state) => {
    expect(commitStatusState(input)).toBe(state);
  });
});

describe('isIdempotentRequest', () => {
  it('lets reads and GraphQL queries be retried, not POSTs, PATCHes or mutations', () => {
    expect(isIdempotentRequest('GET', '/repos/o/r/branches', undefined)).toBe(true);
    expect(isIdempotentRequest('POST', 'https://api.github.com/graphql', { query: 'query { viewer { login } }' })).toBe(true);
    expect(isIdempotentRequest('POST', 'https://api.github.com/graphql', { query: ' mutation { x }' })).toBe(false);
    expect(isIdempotentRequest('POST', '/repos/o/r/statuses/abc', {})).toBe(false);
    expect(isIdempotentRequest('PATCH', '/repos/o/r/pulls/1', {})).toBe(false);
  });
});

describe('describeGitHubError', () => {
  const now = () => Date.parse('2026-11-01T10:00:00Z');
  it('401 → reconnect', () => {
    expect(describeGitHubError({ status: 401, message: 'Bad credentials' }, now)).toEqual({ kind: 'unauthorized', refused: 'token', message: 'GitHub rejected the token: reconnect GitHub.' });
  });
  it('403 with remaining 0 → rate-limited until the reset', () => {
    expect(describeGitHubError({ status: 403, response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.parse('2026-11-01T10:42:00Z') / 1000) } } }, now)).toEqual({
      kind: 'rate-limited',
      retryAt: '2026-11-01T10:42:00.000Z',
      secondary: false,
      message: 'GitHub rate limit reached; data refreshes at 10:42:00 UTC.',
    });
  });
  it('429 → rate-limited for retry-after seconds', () => {
    expect(describeGitHubError({ status: 429, response: { headers: { 'retry-after': '30' } } }, now)).toMatchObject({ kind: 'rate-limited', retryAt: '2026-11-01T10:00:30.000Z', secondary: true });
  });
  it('403 without a rate limit → access refused', () => {
    expect(describeGitHubError({ status: 403, message: 'Resource not accessible by integration', response: { headers: {} } }, now)).toMatchObject({ kind: 'unauthorized', refused: 'repository' });
  });
  it('5xx → unavailable', () => {
    expect(describeGitHubError({ status: 503 }, now)).toEqual({ kind: 'unavailable', message: 'GitHub is unavailable (HTTP 503).' });
  });
});
