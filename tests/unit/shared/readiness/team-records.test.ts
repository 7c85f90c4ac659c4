import { describe, expect, it } from 'vitest';
import type { LocalTestFacts, SignOffFacts } from '../../../../shared/readiness/branch-facts';
import { allowedSignOff, recordForHead } from '../../../../shared/readiness/team-records';

const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
const tests = (sha: string, at: string, outcome: LocalTestFacts['outcome'] = 'passed'): LocalTestFacts => ({ sha, outcome, at });
const signOff = (by: string): SignOffFacts => ({ sha: HEAD, by, at: '2026-11-26T09:00:00Z', items: [] });

describe('recordForHead', () => {
  it('takes whichever record is on the head', () => {
    expect(recordForHead(null, tests(HEAD, '2026-11-26T09:00:00Z'), HEAD)).toEqual(tests(HEAD, '2026-11-26T09:00:00Z'));
    expect(recordForHead(tests(OLD, '2026-11-26T10:00:00Z'), tests(HEAD, '2026-11-26T09:00:00Z'), HEAD)).toEqual(tests(HEAD, '2026-11-26T09:00:00Z'));
    expect(recordForHead(tests(HEAD, '2026-11-26T09:00:00Z'), tests(OLD, '2026-11-26T10:00:00Z'), HEAD)).toEqual(tests(HEAD, '2026-11-26T09:00:00Z'));
  });

  it('of two on the head, takes the later, so a newer failure is not hidden by an older pass', () => {
    const mineFailedLater = tests(HEAD, '2026-11-26T10:00:00Z', 'failed');
    expect(recordForHead(mineFailedLater, tests(HEAD, '2026-11-26T09:00:00Z'), HEAD)).toBe(mineFailedLater);
    const teamFailedLater = tests(HEAD, '2026-11-26T11:00:00Z', 'failed');
    expect(recordForHead(tests(HEAD, '2026-11-26T09:00:00Z'), teamFailedLater, HEAD)).toBe(teamFailedLater);
  });

  it('keeps this machine’s older record when nothing is on the head, so the board can say it is outdated', () => {
    const mine = tests(OLD, '2026-11-26T09:00:00Z');
    expect(recordForHead(mine, tests(OLD, '2026-11-26T10:00:00Z'), HEAD)).toBe(mine);
    expect(recordForHead(null, null, HEAD)).toBeNull();
  });
});

describe('allowedSignOff', () => {
  it('counts a published sign-off only from someone people.signOff lists, matching logins case-insensitively', () => {
    expect(allowedSignOff(signOff('Dave'), ['dave', 'carol@welkin.example'])).toEqual(signOff('Dave'));
    expect(allowedSignOff(signOff('mallory'), ['dave', 'carol@welkin.example'])).toBeNull();
  });

  it('with no list, counts anyone’s, as local sign-offs do', () => {
    expect(allowedSignOff(signOff('mallory'), [])).toEqual(signOff('mallory'));
    expect(allowedSignOff(null, ['dave'])).toBeNull();
  });
});
