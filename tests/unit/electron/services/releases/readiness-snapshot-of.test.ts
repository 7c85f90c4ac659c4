/**
 * The readiness snapshot frozen into a plan: taken from the board's row, with what the CI
 * source's state means (stale data said to be stale, a CI not configured or still being read
 * recorded as absent with why), and cut to the journal schema's bounds so an oversized check
 * name or checklist can never make the plan's append fail.
 */
import { describe, expect, it } from 'vitest';
import { eligibilityOn } from '../../../../../electron/services/releases/board-eligibility';
import type { BoardRow, BoardSnapshot } from '../../../../../shared/readiness/board-schema';
import { ReadinessSnapshotSchema } from '../../../../../shared/releases/readiness-snapshot';

const SHA = 'a'.repeat(40);

const row: BoardRow = {
  name: 'feat/x',
  headSha: SHA,
  author: { name: 'Erin', email: 'erin@welkin.example' },
  lastCommitAt: '2026-11-20T12:00:00.000Z',
  ahead: 1,
  behind: 0,
  checks: [
    { name: 'ci/test', state: 'success', url: 'https://ci.example/1' },
    { name: 'x'.repeat(500), state: 'pending', url: `https://ci.example/${'y'.repeat(3000)}` },
  ],
  localTests: { sha: SHA, outcome: 'passed', at: '2026-11-20T12:30:00.000Z', durationMs: 1200 },
  signOff: { sha: SHA, by: 'dave', at: '2026-11-20T12:40:00.000Z', items: Array.from({ length: 150 }, (_, index) => `item ${index}`) },
  pullRequest: { number: 7, url: 'https://github.example/pull/7', title: 'X', reviewDecision: 'CHANGES_REQUESTED' },
  readiness: { state: 'eligible', sha: SHA },
  summary: 'eligible for release',
};

const board = (ci: BoardSnapshot['sources']['ci']): BoardSnapshot => ({
  mainBranch: 'master',
  mainSha: 'b'.repeat(40),
  branches: [row],
  sources: { git: { state: 'fresh', at: '2026-11-20T13:00:00.000Z' }, ci },
  ciProvider: 'github-checks',
  checklist: [],
  me: { login: null, email: null },
  refreshedAt: '2026-11-20T13:00:00.000Z',
});

describe('the readiness snapshot of a plan', () => {
  it('fresh CI: the checks, review decision, local tests and sign-off, cut to the schema bounds', () => {
    const snapshot = eligibilityOn(board({ state: 'fresh', at: '2026-11-20T13:00:00.000Z' }), 'feat/x')?.snapshot;
    expect(ReadinessSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({ reviewDecision: 'CHANGES_REQUESTED', ci: { provider: 'github-checks', sha: SHA }, localTests: { sha: SHA, outcome: 'passed', durationMs: 1200 }, summary: 'eligible for release' });
    expect(snapshot?.ci?.checks[1]?.name).toHaveLength(300);
    expect(snapshot?.ci?.checks[1]?.url).toHaveLength(2048);
    expect(snapshot?.signOff?.items).toHaveLength(100);
    expect(snapshot?.ciUnavailable).toBeUndefined();
  });

  it('stale CI keeps the last good checks and says they were stale; CI not configured or still reading records none, with why', () => {
    const stale = eligibilityOn(board({ state: 'stale', reason: 'GitHub did not answer', lastGoodAt: '2026-11-20T11:00:00.000Z', retryAt: null }), 'feat/x')?.snapshot;
    expect(stale?.ci?.checks).toHaveLength(2);
    expect(stale?.ciUnavailable).toBe('CI was stale when planned (GitHub did not answer); last good data from 2026-11-20T11:00:00.000Z');
    const none = eligibilityOn(board({ state: 'not-configured', reason: 'no CI provider is configured' }), 'feat/x')?.snapshot;
    expect(none).toMatchObject({ ci: null, ciUnavailable: 'no CI provider is configured' });
    const reading = eligibilityOn(board({ state: 'reading' }), 'feat/x')?.snapshot;
    expect(reading).toMatchObject({ ci: null, ciUnavailable: 'CI was still being read when the release was planned' });
  });
});
