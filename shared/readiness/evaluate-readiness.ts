/**
 * The readiness rule (issue 4). A branch is eligible for release when, for its head commit:
 *  1. CI passed: every required check (default: every reported check) succeeded;
 *  2. local automated tests passed on that same commit;
 *  3. manual testing is signed off on that same commit;
 *  4. it has no merge conflict with the main branch;
 *  5. it is not behind the main branch (unless the policy allows behind-but-conflict-free).
 * Everything is tied to the head SHA, so a new push invalidates 1–3 by itself.
 */
import type { BranchFacts, CheckResult, CheckState } from './branch-facts';
import type { Blocker, Readiness, UnknownFact } from './blockers';
import type { ReadinessPolicy } from './readiness-policy';
import { shortSha } from '../text/short-sha';
import { flakyReason, flakyResults } from './run-history';

const PASSING: ReadonlySet<CheckState> = new Set(['success', 'neutral', 'skipped']);
const FAILING: ReadonlySet<CheckState> = new Set(['failure', 'error', 'timed-out', 'action-required', 'stale']);

export function evaluateReadiness(facts: BranchFacts, policy: ReadinessPolicy): Readiness {
  const blockers: Blocker[] = [];
  const unknowns: UnknownFact[] = [];
  if (policy.requireCi) ciConditions(facts, policy, blockers, unknowns);
  if (policy.requireLocalTests) blockers.push(...localTestBlockers(facts));
  if (policy.requireSignOff) blockers.push(...signOffBlockers(facts));
  if (policy.flaky === 'block') blockers.push(...flakyBlockers(facts, policy));
  mergeConditions(facts, policy, blockers, unknowns);

  if (blockers.length > 0) return { state: 'blocked', sha: facts.headSha, blockers, unknowns };
  if (unknowns.length > 0) return { state: 'unknown', sha: facts.headSha, unknowns };
  return { state: 'eligible', sha: facts.headSha };
}

function ciConditions(facts: BranchFacts, policy: ReadinessPolicy, blockers: Blocker[], unknowns: UnknownFact[]): void {
  const ci = facts.ci;
  const short = shortSha(facts.headSha);
  switch (ci.kind) {
    case 'not-configured':
      unknowns.push({ fact: 'ci', reason: 'no CI provider is configured, so CI results cannot be checked' });
      return;
    case 'unavailable':
      unknowns.push({ fact: 'ci', reason: `CI results unavailable: ${ci.reason}` });
      return;
    case 'reported':
      break;
  }
  const prLink = facts.pullRequest?.url;
  if (ci.sha !== facts.headSha) {
    // The provider still describes an older push: nothing it says applies to the head.
    blockers.push({
      kind: 'ci-missing',
      check: null,
      reason: `CI has not reported on the latest push ${short} yet (results are for ${shortSha(ci.sha)})`,
      ...(prLink === undefined ? {} : { link: prLink }),
    });
    return;
  }
  const byName = latestByName(ci.checks);
  const wanted = policy.requiredChecks.length > 0 ? policy.requiredChecks : [...byName.keys()];
  if (wanted.length === 0) {
    blockers.push({
      kind: 'ci-missing',
      check: null,
      reason: `no CI check has reported on ${short}`,
      ...(prLink === undefined ? {} : { link: prLink }),
    });
    return;
  }
  for (const name of wanted) {
    const check = byName.get(name);
    const link = check?.url ?? prLink;
    const withLink = link === undefined || link === null ? {} : { link };
    if (check === undefined) {
      blockers.push({ kind: 'ci-missing', check: name, reason: `required check "${name}" has not reported on ${short}`, ...withLink });
    } else if (PASSING.has(check.state)) {
      continue;
    } else if (FAILING.has(check.state)) {
      blockers.push({ kind: 'ci-failed', check: name, checkState: check.state, reason: `check "${name}" ${describeFailure(check.state)} on ${short}`, ...withLink });
    } else if (check.state === 'cancelled') {
      blockers.push({ kind: 'ci-cancelled', check: name, reason: `check "${name}" was cancelled on ${short}`, ...withLink });
    } else {
      blockers.push({ kind: 'ci-pending', check: name, reason: `check "${name}" is still running on ${short}`, ...withLink });
    }
  }
}

/**
 * A check may be reported more than once for a commit (a re-run, or both a status and a
 * check run of the same name). The worst report counts: a pass never hides a failure.
 */
function latestByName(checks: readonly CheckResult[]): Map<string, CheckResult> {
  const byName = new Map<string, CheckResult>();
  for (const check of checks) {
    const seen = byName.get(check.name);
    if (seen === undefined || severity(check.state) > severity(seen.state)) byName.set(check.name, check);
  }
  return byName;
}

function severity(state: CheckState): number {
  if (FAILING.has(state)) return 3;
  if (state === 'cancelled') return 2;
  if (PASSING.has(state)) return 0;
  return 1; // pending
}

function describeFailure(state: CheckState): string {
  switch (state) {
    case 'timed-out':
      return 'timed out';
    case 'action-required':
      return 'needs action';
    case 'stale':
      return 'went stale without finishing';
    case 'error':
      return 'errored';
    default:
      return 'failed';
  }
}

function localTestBlockers(facts: BranchFacts): Blocker[] {
  const tests = facts.localTests;
  const short = shortSha(facts.headSha);
  if (tests === null) return [{ kind: 'local-tests-missing', reason: `local tests have not been run on ${short}` }];
  if (tests.sha !== facts.headSha) {
    return [
      {
        kind: 'local-tests-stale',
        testedSha: tests.sha,
        reason: `local tests ran on ${shortSha(tests.sha)}, not on the latest push ${short}`,
      },
    ];
  }
  if (tests.outcome === 'failed') {
    return [{ kind: 'local-tests-failed', testedSha: tests.sha, reason: `local tests failed on ${short}` }];
  }
  return [];
}

/**
 * `readiness.flaky: block`. Only where the newest run passed: a newest failure blocks as a
 * failure already, and one reason is enough.
 */
function flakyBlockers(facts: BranchFacts, policy: ReadinessPolicy): Blocker[] {
  return flakyResults(facts.runHistory ?? [], facts.headSha)
    .filter((result) => result.latest === 'passed' && (result.source === 'check' ? policy.requireCi && isRequired(result.name, policy) : policy.requireLocalTests))
    .map((result) => ({
      kind: 'flaky',
      source: result.source,
      name: result.name,
      runs: result.runs,
      failed: result.failed,
      reason: flakyReason(result),
    }));
}

function isRequired(check: string, policy: ReadinessPolicy): boolean {
  return policy.requiredChecks.length === 0 || policy.requiredChecks.includes(check);
}

function signOffBlockers(facts: BranchFacts): Blocker[] {
  const signOff = facts.signOff;
  const short = shortSha(facts.headSha);
  if (signOff === null) return [{ kind: 'sign-off-missing', reason: `manual testing of ${short} is not signed off` }];
  if (signOff.sha !== facts.headSha) {
    return [
      {
        kind: 'sign-off-stale',
        signedSha: signOff.sha,
        by: signOff.by,
        reason: `${signOff.by} signed off ${shortSha(signOff.sha)}, not the latest push ${short}`,
      },
    ];
  }
  return [];
}

function mergeConditions(facts: BranchFacts, policy: ReadinessPolicy, blockers: Blocker[], unknowns: UnknownFact[]): void {
  const conflict = facts.conflict;
  const prLink = facts.pullRequest?.url;
  const withLink = prLink === undefined ? {} : { link: prLink };
  if (conflict.kind === 'conflicts') {
    const listed = conflict.files.length === 0 ? '' : `: ${conflict.files.slice(0, 5).join(', ')}${conflict.files.length > 5 ? ', …' : ''}`;
    blockers.push({ kind: 'conflicts', files: conflict.files, reason: `conflicts with the main branch${listed}`, ...withLink });
  } else if (conflict.kind === 'unknown') {
    unknowns.push({ fact: 'conflicts', reason: `conflicts not checked: ${conflict.reason}` });
  }
  if (facts.behind > 0) {
    const behind = { kind: 'behind' as const, behind: facts.behind, reason: `${facts.behind} commit${facts.behind === 1 ? '' : 's'} behind the main branch`, ...withLink };
    // Behind-but-conflict-free only passes when we know it is conflict-free.
    if (!policy.allowBehindIfConflictFree || conflict.kind === 'conflicts') blockers.push(behind);
  }
}
