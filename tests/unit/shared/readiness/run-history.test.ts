import { describe, expect, it } from 'vitest';
import { checkHistories, checkRunOutcome, flakyResults, type RunHistory } from '../../../../shared/readiness/run-history';

const HEAD = '3f1c2ab'.padEnd(40, '0');
const OLD = 'b'.repeat(40);
const history = (outcomes: RunHistory['outcomes'], overrides: Partial<RunHistory> = {}): RunHistory => ({ source: 'check', name: 'build', sha: HEAD, outcomes, ...overrides });

describe('flakyResults', () => {
  it('calls a check that failed once and then passed twice on the head flaky, with its history', () => {
    expect(flakyResults([history(['failed', 'passed', 'passed'])], HEAD)).toEqual([
      { source: 'check', name: 'build', sha: HEAD, runs: 3, failed: 1, latest: 'passed', history: 'failed 1 of 3 runs on 3f1c2ab' },
    ]);
  });

  it('keeps the newest outcome as the one that counts', () => {
    expect(flakyResults([history(['passed', 'failed'], { source: 'local-tests', name: 'local tests' })], HEAD)).toMatchObject([{ latest: 'failed', failed: 1, runs: 2 }]);
  });

  it('does not call runs that agree flaky, however many', () => {
    expect(flakyResults([history(['failed', 'failed', 'failed']), history(['passed', 'passed'], { name: 'lint' }), history(['passed'])], HEAD)).toEqual([]);
  });

  it('ignores runs on another commit: a new push is a new question', () => {
    expect(flakyResults([history(['failed', 'passed'], { sha: OLD })], HEAD)).toEqual([]);
  });
});

describe('checkHistories', () => {
  it('groups re-runs of a check by name, leaving out checks reported once and runs that decided nothing', () => {
    const runs = [
      { name: 'build', state: 'failure', url: null },
      { name: 'lint', state: 'success', url: null },
      { name: 'build', state: 'cancelled', url: null },
      { name: 'build', state: 'success', url: null },
    ] as const;
    expect(checkHistories(HEAD, runs)).toEqual([{ source: 'check', name: 'build', sha: HEAD, outcomes: ['failed', 'passed'] }]);
  });

  it('reads failures of every kind as failed and only success as passed', () => {
    expect(['failure', 'error', 'timed-out', 'stale'].map((state) => checkRunOutcome(state as never))).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(['success', 'skipped', 'neutral', 'pending', 'cancelled', 'action-required'].map((state) => checkRunOutcome(state as never))).toEqual(['passed', null, null, null, null, null]);
  });
});
