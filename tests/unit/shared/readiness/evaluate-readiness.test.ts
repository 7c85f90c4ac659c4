import { describe, expect, it } from 'vitest';
import type { BranchFacts, CheckResult } from '../../../../shared/readiness/branch-facts';
import { summarizeReadiness, type Blocker, type Readiness } from '../../../../shared/readiness/blockers';
import { evaluateReadiness } from '../../../../shared/readiness/evaluate-readiness';
import { DEFAULT_READINESS_POLICY, type ReadinessPolicy } from '../../../../shared/readiness/readiness-policy';

const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
const check = (name: string, state: CheckResult['state'], url: string | null = `https://ci.example/${name}`): CheckResult => ({ name, state, url });

/** A branch that meets every condition; each test breaks exactly one thing. */
function ready(overrides: Partial<BranchFacts> = {}): BranchFacts {
  return {
    name: 'feat/login',
    headSha: HEAD,
    author: { name: 'Ada', email: 'ada@example.com' },
    lastCommitAt: '2026-11-01T10:00:00Z',
    ahead: 2,
    behind: 0,
    conflict: { kind: 'none' },
    ci: { kind: 'reported', sha: HEAD, checks: [check('build', 'success'), check('lint', 'success')] },
    localTests: { sha: HEAD, outcome: 'passed', at: '2026-11-01T10:05:00Z' },
    signOff: { sha: HEAD, by: 'carol', at: '2026-11-01T10:30:00Z', items: ['login works'] },
    pullRequest: { number: 7, url: 'https://github.com/o/r/pull/7', title: 'Login', reviewDecision: 'APPROVED' },
    ...overrides,
  };
}

const policy = (overrides: Partial<ReadinessPolicy> = {}): ReadinessPolicy => ({ ...DEFAULT_READINESS_POLICY, ...overrides });

function blockersOf(readiness: Readiness): readonly Blocker[] {
  if (readiness.state !== 'blocked') throw new Error(`expected blocked, got ${readiness.state}`);
  return readiness.blockers;
}

describe('evaluateReadiness', () => {
  it('calls a branch meeting every condition eligible', () => {
    expect(evaluateReadiness(ready(), policy())).toEqual({ state: 'eligible', sha: HEAD });
  });

  describe('CI', () => {
    it('blocks on a failed check, naming it and linking its page', () => {
      const blockers = blockersOf(evaluateReadiness(ready({ ci: { kind: 'reported', sha: HEAD, checks: [check('build', 'failure'), check('lint', 'success')] } }), policy()));
      expect(blockers).toEqual([
        { kind: 'ci-failed', check: 'build', checkState: 'failure', reason: 'check "build" failed on aaaaaaa', link: 'https://ci.example/build' },
      ]);
    });

    it.each([
      ['timed-out', 'timed out'],
      ['error', 'errored'],
      ['action-required', 'needs action'],
    ] as const)('treats %s as a failure', (state, words) => {
      const [blocker] = blockersOf(evaluateReadiness(ready({ ci: { kind: 'reported', sha: HEAD, checks: [check('build', state)] } }), policy()));
      expect(blocker).toMatchObject({ kind: 'ci-failed', checkState: state });
      expect(blocker?.reason).toContain(words);
    });

    it('blocks on a pending check', () => {
      const blockers = blockersOf(evaluateReadiness(ready({ ci: { kind: 'reported', sha: HEAD, checks: [check('build', 'pending')] } }), policy()));
      expect(blockers).toMatchObject([{ kind: 'ci-pending', check: 'build', reason: 'check "build" is still running on aaaaaaa' }]);
    });

    it('blocks on a cancelled check', () => {
      const blockers = blockersOf(evaluateReadiness(ready({ ci: { kind: 'reported', sha: HEAD, checks: [check('e2e', 'cancelled')] } }), policy()));
      expect(blockers).toMatchObject([{ kind: 'ci-cancelled', check: 'e2e' }]);
    });

    it('blocks on a required check that never reported, linking the PR', () => {
      const blockers = blockersOf(evaluateReadiness(ready(), policy({ requiredChecks: ['build', 'e2e'] })));
      expect(blockers).toEqual([
        { kind: 'ci-missing', check: 'e2e', reason: 'required check "e2e" has not reported on aaaaaaa', link: 'https://github.com/o/r/pull/7' },
      ]);
    });

    it('ignores failing checks that are not required when required checks are named', () => {
      const facts = ready({ ci: { kind: 'reported', sha: HEAD, checks: [check('build', 'success'), check('flaky-optional', 'failure')] } });
      expect(evaluateReadiness(facts, policy({ requiredChecks: ['build'] })).state).toBe('eligible');
      expect(evaluateReadiness(facts, policy()).state).toBe('blocked');
    });

    it('counts skipped and neutral checks as passing', () => {
      const facts = ready({ ci: { kind: 'reported', sha: HEAD, checks: [check('build', 'success'), check('docs', 'skipped'), check('info', 'neutral')] } });
      expect(evaluateReadiness(facts, policy()).state).toBe('eligible');
    });

    it('blocks when no check at all reported on the head', () => {
      const blockers = blockersOf(evaluateReadiness(ready({ ci: { kind: 'reported', sha: HEAD, checks: [] } }), policy()));
      expect(blockers).toMatchObject([{ kind: 'ci-missing', check: null, reason: 'no CI check has reported on aaaaaaa' }]);
    });

    it('does not let a pass hide a failure of the same check', () => {
      const facts = ready({ ci: { kind: 'reported', sha: HEAD, checks: [check('build', 'success'), check('build', 'failure', null)] } });
      const blockers = blockersOf(evaluateReadiness(facts, policy()));
      expect(blockers).toMatchObject([{ kind: 'ci-failed', check: 'build', link: 'https://github.com/o/r/pull/7' }]);
    });

    it('treats results for another commit as missing (a new push invalidates CI)', () => {
      const facts = ready({ ci: { kind: 'reported', sha: OLD, checks: [check('build', 'success')] } });
      const blockers = blockersOf(evaluateReadiness(facts, policy()));
      expect(blockers).toMatchObject([{ kind: 'ci-missing', check: null }]);
      expect(blockers[0]?.reason).toBe('CI has not reported on the latest push aaaaaaa yet (results are for bbbbbbb)');
    });

    it('says unknown, not eligible, when CI cannot be asked', () => {
      const readiness = evaluateReadiness(ready({ ci: { kind: 'unavailable', reason: 'GitHub rate limit, refreshes at 10:42' } }), policy());
      expect(readiness).toEqual({
        state: 'unknown',
        sha: HEAD,
        unknowns: [{ fact: 'ci', reason: 'CI results unavailable: GitHub rate limit, refreshes at 10:42' }],
      });
    });

    it('skips the CI condition when the workspace requires no CI', () => {
      expect(evaluateReadiness(ready({ ci: { kind: 'not-configured' } }), policy({ requireCi: false })).state).toBe('eligible');
      expect(evaluateReadiness(ready({ ci: { kind: 'not-configured' } }), policy()).state).toBe('unknown');
    });
  });

  describe('local tests', () => {
    it('blocks when never run', () => {
      expect(blockersOf(evaluateReadiness(ready({ localTests: null }), policy()))).toEqual([
        { kind: 'local-tests-missing', reason: 'local tests have not been run on aaaaaaa' },
      ]);
    });

    it('blocks when they failed on the head', () => {
      expect(blockersOf(evaluateReadiness(ready({ localTests: { sha: HEAD, outcome: 'failed', at: '2026-11-01T10:05:00Z' } }), policy()))).toEqual([
        { kind: 'local-tests-failed', testedSha: HEAD, reason: 'local tests failed on aaaaaaa' },
      ]);
    });

    it('blocks when they passed on another commit (a new push invalidates them)', () => {
      expect(blockersOf(evaluateReadiness(ready({ localTests: { sha: OLD, outcome: 'passed', at: '2026-11-01T09:00:00Z' } }), policy()))).toEqual([
        { kind: 'local-tests-stale', testedSha: OLD, reason: 'local tests ran on bbbbbbb, not on the latest push aaaaaaa' },
      ]);
    });

    it('is not required when the workspace has no local test command', () => {
      expect(evaluateReadiness(ready({ localTests: null }), policy({ requireLocalTests: false })).state).toBe('eligible');
    });
  });

  describe('manual sign-off', () => {
    it('blocks when nobody signed off', () => {
      expect(blockersOf(evaluateReadiness(ready({ signOff: null }), policy()))).toEqual([
        { kind: 'sign-off-missing', reason: 'manual testing of aaaaaaa is not signed off' },
      ]);
    });

    it('blocks when the sign-off is for another commit', () => {
      expect(blockersOf(evaluateReadiness(ready({ signOff: { sha: OLD, by: 'carol', at: '2026-11-01T09:00:00Z', items: [] } }), policy()))).toEqual([
        { kind: 'sign-off-stale', signedSha: OLD, by: 'carol', reason: 'carol signed off bbbbbbb, not the latest push aaaaaaa' },
      ]);
    });
  });

  describe('merging with the main branch', () => {
    it('blocks on conflicts, listing the files', () => {
      const blockers = blockersOf(evaluateReadiness(ready({ conflict: { kind: 'conflicts', files: ['src/app.ts', 'README.md'] } }), policy()));
      expect(blockers).toEqual([
        { kind: 'conflicts', files: ['src/app.ts', 'README.md'], reason: 'conflicts with the main branch: src/app.ts, README.md', link: 'https://github.com/o/r/pull/7' },
      ]);
    });

    it('shortens a long list of conflicting files in the reason', () => {
      const files = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
      const [blocker] = blockersOf(evaluateReadiness(ready({ conflict: { kind: 'conflicts', files } }), policy()));
      expect(blocker?.reason).toBe('conflicts with the main branch: a, b, c, d, e, …');
    });

    it('blocks when behind the main branch', () => {
      expect(blockersOf(evaluateReadiness(ready({ behind: 1, pullRequest: null }), policy()))).toEqual([
        { kind: 'behind', behind: 1, reason: '1 commit behind the main branch' },
      ]);
    });

    it('allows behind-but-conflict-free when the workspace says so', () => {
      expect(evaluateReadiness(ready({ behind: 3 }), policy({ allowBehindIfConflictFree: true })).state).toBe('eligible');
    });

    it('still blocks behind-with-conflicts when behind is allowed', () => {
      const kinds = blockersOf(evaluateReadiness(ready({ behind: 3, conflict: { kind: 'conflicts', files: ['x'] } }), policy({ allowBehindIfConflictFree: true }))).map((b) => b.kind);
      expect(kinds).toEqual(['conflicts', 'behind']);
    });

    it('says unknown when the conflict check could not run', () => {
      const readiness = evaluateReadiness(ready({ behind: 3, conflict: { kind: 'unknown', reason: 'git merge-tree failed' } }), policy({ allowBehindIfConflictFree: true }));
      expect(readiness).toEqual({ state: 'unknown', sha: HEAD, unknowns: [{ fact: 'conflicts', reason: 'conflicts not checked: git merge-tree failed' }] });
    });
  });

  it('lists every unmet condition, and keeps unknowns next to blockers', () => {
    const readiness = evaluateReadiness(
      ready({ headSha: 'c'.repeat(40), behind: 2, conflict: { kind: 'unknown', reason: 'timed out' } }),
      policy(),
    );
    if (readiness.state !== 'blocked') throw new Error('expected blocked');
    expect(readiness.blockers.map((b) => b.kind)).toEqual(['ci-missing', 'local-tests-stale', 'sign-off-stale', 'behind']);
    expect(readiness.unknowns).toEqual([{ fact: 'conflicts', reason: 'conflicts not checked: timed out' }]);
    expect(summarizeReadiness(readiness)).toContain('2 commits behind the main branch');
  });

  it('summarizes each state in one line', () => {
    expect(summarizeReadiness({ state: 'eligible', sha: HEAD })).toBe('eligible for release');
    expect(summarizeReadiness({ state: 'unknown', sha: HEAD, unknowns: [{ fact: 'ci', reason: 'offline' }] })).toBe('cannot tell: offline');
  });
});

describe('evaluateReadiness: flaky results', () => {
  const flakyBuild = { source: 'check', name: 'build', sha: HEAD, outcomes: ['failed', 'passed', 'passed'] } as const;
  const flakyLocal = { source: 'local-tests', name: 'local tests', sha: HEAD, outcomes: ['passed', 'failed', 'passed'] } as const;

  it('lets the newest run count under the default (warn)', () => {
    expect(evaluateReadiness(ready({ runHistory: [flakyBuild, flakyLocal] }), policy()).state).toBe('eligible');
  });

  it('blocks like a failure with readiness.flaky: block, saying which and how often', () => {
    const blockers = blockersOf(evaluateReadiness(ready({ runHistory: [flakyBuild, flakyLocal] }), policy({ flaky: 'block' })));
    expect(blockers).toEqual([
      { kind: 'flaky', source: 'check', name: 'build', runs: 3, failed: 1, reason: 'check "build" is flaky: failed 1 of 3 runs on aaaaaaa' },
      { kind: 'flaky', source: 'local-tests', name: 'local tests', runs: 3, failed: 1, reason: 'local tests are flaky: failed 1 of 3 runs on aaaaaaa' },
    ]);
  });

  it('does not block for runs on an older commit, nor for a check the policy does not require', () => {
    expect(evaluateReadiness(ready({ runHistory: [{ ...flakyBuild, sha: OLD }] }), policy({ flaky: 'block' })).state).toBe('eligible');
    expect(evaluateReadiness(ready({ runHistory: [flakyBuild] }), policy({ flaky: 'block', requiredChecks: ['lint'] })).state).toBe('eligible');
  });

  it('says a newest failure once, as the failure', () => {
    const failing = ready({ ci: { kind: 'reported', sha: HEAD, checks: [check('build', 'failure')] }, runHistory: [{ ...flakyBuild, outcomes: ['passed', 'failed'] }] });
    expect(blockersOf(evaluateReadiness(failing, policy({ flaky: 'block' }))).map((b) => b.kind)).toEqual(['ci-failed']);
  });
});
