import { describe, expect, it } from 'vitest';
import { parsePublishedRuns, publishedRunHistory, publishedRunsTally } from '../../../../shared/readiness/published-runs';
import { flakyResults } from '../../../../shared/readiness/run-history';

const SHA = '3f1c2ab'.padEnd(40, '0');

describe('published local-test runs', () => {
  it('writes a tally only when the runs on the commit disagree', () => {
    expect(publishedRunsTally(['passed'])).toBe('');
    expect(publishedRunsTally(['failed', 'failed'])).toBe('');
    expect(publishedRunsTally(['failed', 'passed', 'passed'])).toBe('(1 of 3 runs on this commit failed)');
  });

  it('reads the tally back from a description, and nothing from one without it or an impossible one', () => {
    expect(parsePublishedRuns("Local tests passed in 3.2 s (1 of 3 runs on this commit failed) on dave's machine")).toEqual({ failed: 1, total: 3 });
    expect(parsePublishedRuns("Local tests passed in 3.2 s on dave's machine")).toBeNull();
    expect(parsePublishedRuns(null)).toBeNull();
    expect(parsePublishedRuns('(0 of 3 runs on this commit failed)')).toBeNull();
    expect(parsePublishedRuns('(3 of 3 runs on this commit failed)')).toBeNull();
    expect(parsePublishedRuns('(4 of 3 runs on this commit failed)')).toBeNull();
  });

  it('gives a history that ends with the status\'s own outcome and is flaky as the publisher\'s runs were', () => {
    const history = publishedRunHistory({ failed: 1, total: 3 }, 'passed', SHA, 'local tests');
    expect(history?.outcomes).toEqual(['failed', 'passed', 'passed']);
    expect(flakyResults(history === null ? [] : [history], SHA)).toEqual([
      { source: 'local-tests', name: 'local tests', sha: SHA, runs: 3, failed: 1, latest: 'passed', history: 'failed 1 of 3 runs on 3f1c2ab' },
    ]);
    expect(publishedRunHistory({ failed: 2, total: 3 }, 'failed', SHA, 'local tests')?.outcomes).toEqual(['failed', 'passed', 'failed']);
    // A tally of one failure whose status says "failed" has no earlier failure: 1 of 2 failed, the newest.
    expect(publishedRunHistory({ failed: 1, total: 2 }, 'failed', SHA, 'local tests')?.outcomes).toEqual(['passed', 'failed']);
  });

  it('round-trips what the publisher writes', () => {
    const outcomes = ['passed', 'failed', 'failed', 'passed'] as const;
    const parsed = parsePublishedRuns(`Local tests passed in 1 s ${publishedRunsTally(outcomes)} on erin's machine`);
    expect(parsed).toEqual({ failed: 2, total: 4 });
    expect(publishedRunHistory(parsed ?? { failed: 0, total: 0 }, 'passed', SHA, 'local tests')?.outcomes.filter((outcome) => outcome === 'failed')).toHaveLength(2);
  });
});
