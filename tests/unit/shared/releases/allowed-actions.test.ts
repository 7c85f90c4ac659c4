import { describe, expect, it } from 'vitest';
import { NO_IDENTITY, RELEASE_STEP_ACTIONS, allowedActions, currentBlocker, nextAction, planRefusal, samePerson } from '../../../../shared/releases/allowed-actions';
import { foldEnvironment, foldRelease, markInconclusive } from '../../../../shared/releases/fold-release';
import type { ReleaseAction } from '../../../../shared/releases/release-events';
import type { ActionVerdict, ReleaseState } from '../../../../shared/releases/release-state';
import { watchIsOpen, watchWindowOf } from '../../../../shared/releases/watch-window';
import { CAST, PEOPLE, PREVIEW_URL, releaseStory, storyAt, type ReleaseStory } from '../../../fixtures/release-events';

const stateOf = (story: ReleaseStory, options: { reopened?: boolean } = {}): ReleaseState => {
  const state = foldRelease(story.events, story.releaseId);
  if (state === null) throw new Error('not planned');
  return options.reopened === true ? markInconclusive(state, []) : state;
};
const verdictOf = (state: ReleaseState, action: ReleaseAction, actor: string | null): ActionVerdict => {
  const verdict = allowedActions(state, actor, PEOPLE).find((candidate) => candidate.action === action);
  if (verdict === undefined) throw new Error(`no verdict for ${action}`);
  return verdict;
};

const ROLES = {
  coordinator: CAST.coordinator,
  onCall: CAST.onCall,
  both: CAST.both,
  engineer: 'erin',
  stranger: CAST.stranger,
  unknown: null,
} as const;
type Role = keyof typeof ROLES;

/**
 * Every situation a release can be in, with the actions possible in it (for someone in the
 * right role). Written out by hand from the flow, independently of the implementation.
 */
const SCENARIOS: readonly { name: string; story: () => ReleaseStory; reopened?: boolean; possible: readonly ReleaseAction[]; pendingSignOffs?: boolean }[] = [
  { name: 'planned', story: () => storyAt('planned'), possible: ['edit-engineers', 'start-stage1', 'abort'] },
  { name: 'staging (Stage 1 running)', story: () => storyAt('staging'), possible: [] },
  { name: 'stage1-failed', story: () => storyAt('stage1-failed'), possible: ['edit-engineers', 'start-stage1', 'abort'] },
  { name: 'exercising, nobody signed yet', story: () => releaseStory().plan().stage1(), possible: ['edit-engineers', 'sign-off', 'preflight', 'switchover', 'abort'], pendingSignOffs: true },
  { name: 'exercising, all signed', story: () => storyAt('exercising'), possible: ['edit-engineers', 'preflight', 'switchover', 'abort'] },
  { name: 'preflighting (preflight running), nobody signed', story: () => releaseStory().plan().stage1().startStep('preflight'), possible: ['sign-off'], pendingSignOffs: true },
  { name: 'preflight-failed', story: () => storyAt('preflight-failed'), possible: ['edit-engineers', 'preflight', 'abort'] },
  { name: 'ready-for-switchover, all signed', story: () => storyAt('ready-for-switchover'), possible: ['edit-engineers', 'preflight', 'switchover', 'abort'] },
  { name: 'ready-for-switchover, nobody signed', story: () => releaseStory().plan().stage1().preflight(), possible: ['edit-engineers', 'sign-off', 'preflight', 'switchover', 'abort'], pendingSignOffs: true },
  { name: 'switching (Stage 2 running)', story: () => storyAt('switching'), possible: ['rollback'] },
  { name: 'switchover-failed', story: () => storyAt('switchover-failed'), possible: ['switchover', 'rollback'] },
  { name: 'watching', story: () => storyAt('watching'), possible: ['mark-healthy', 'mark-faulty', 'rollback'] },
  { name: 'faulty', story: () => storyAt('faulty'), possible: ['rollback'] },
  { name: 'merging', story: () => storyAt('merging'), possible: ['merge', 'rollback'] },
  { name: 'merging (merge running)', story: () => storyAt('merging', { mergeRunning: true }), possible: ['rollback'] },
  { name: 'merge-failed', story: () => storyAt('merge-failed'), possible: ['merge', 'rollback'] },
  { name: 'done', story: () => storyAt('done'), possible: [] },
  { name: 'aborted', story: () => storyAt('aborted'), possible: [] },
  { name: 'rolling-back (rollback running)', story: () => storyAt('rolling-back'), possible: [] },
  { name: 'rolling-back after a failed rollback', story: () => storyAt('faulty').startStep('rollback', CAST.onCall).finishStep('rollback', 'failed'), possible: ['rollback'] },
  { name: 'rolled-back', story: () => storyAt('rolled-back'), possible: [] },
  { name: 'inconclusive (Stage 2 lost on reopening)', story: () => storyAt('switching'), reopened: true, possible: ['resolve-inconclusive'] },
  { name: 'inconclusive (Stage 1 lost on reopening)', story: () => storyAt('staging'), reopened: true, possible: ['resolve-inconclusive'] },
];

const COORDINATOR_ACTIONS: readonly ReleaseAction[] = ['edit-engineers', 'start-stage1', 'preflight', 'mark-healthy', 'mark-faulty', 'merge', 'abort'];

/** The rules, as the issue states them, for an action possible in the phase. */
function expectedFor(action: ReleaseAction, role: Role, pendingSignOffs: boolean): { allowed: boolean; overridable?: boolean } {
  const coordinator = role === 'coordinator' || role === 'both';
  const onCall = role === 'onCall' || role === 'both';
  if (COORDINATOR_ACTIONS.includes(action)) return coordinator ? { allowed: true } : { allowed: false, overridable: true };
  switch (action) {
    case 'sign-off':
      // Only erin's own signature, and only while she has not signed.
      return role === 'engineer' && pendingSignOffs ? { allowed: true } : { allowed: false, overridable: false };
    case 'switchover':
      if (pendingSignOffs) return { allowed: false, overridable: coordinator };
      return onCall ? { allowed: true } : { allowed: false, overridable: true };
    case 'rollback':
    case 'resolve-inconclusive':
      return coordinator || onCall ? { allowed: true } : { allowed: false, overridable: true };
    default:
      throw new Error(`no rule for ${action}`);
  }
}

describe('allowedActions: every state × action × role', () => {
  const rows = SCENARIOS.flatMap((scenario) =>
    RELEASE_STEP_ACTIONS.flatMap((action) => (Object.keys(ROLES) as Role[]).map((role) => ({ scenario, action, role }))),
  );

  it('judges exactly the actions but plan and unlock, in the contract order', () => {
    expect(allowedActions(stateOf(storyAt('planned')), CAST.coordinator, PEOPLE).map((verdict) => verdict.action)).toEqual([
      'edit-engineers', 'start-stage1', 'sign-off', 'preflight', 'switchover', 'mark-healthy', 'mark-faulty', 'merge', 'abort', 'resolve-inconclusive', 'rollback',
    ]);
  });

  it.each(rows.map((row) => [row.scenario.name, row.action, row.role, row] as const))('%s · %s · %s', (_name, action, role, { scenario }) => {
    const state = stateOf(scenario.story(), { reopened: scenario.reopened });
    const verdict = verdictOf(state, action, ROLES[role]);
    const expected =
      role === 'unknown' || !scenario.possible.includes(action) ? { allowed: false, overridable: false } : expectedFor(action, role, scenario.pendingSignOffs === true);
    expect(verdict.allowed ? { allowed: true } : { allowed: false, overridable: verdict.overridable }).toEqual(expected);
    if (!verdict.allowed) {
      // One sentence: no line breaks, no trailing full stop, never empty.
      expect(verdict.reason).toMatch(/^[^\n]{10,}[^.]$/);
    }
  });

  it('switchover with the preflight not run is allowed, with the preflight to run first', () => {
    expect(verdictOf(stateOf(storyAt('exercising')), 'switchover', CAST.onCall)).toEqual({ action: 'switchover', allowed: true, preflightFirst: true });
    expect(verdictOf(stateOf(storyAt('ready-for-switchover')), 'switchover', CAST.onCall)).toEqual({ action: 'switchover', allowed: true });
  });

  it('the release\'s own coordinator and on-call count even when release-desk.yml no longer lists them', () => {
    const story = releaseStory().plan({ coordinator: 'zoe', onCall: 'yann' }).stage1().signOffAll().preflight();
    expect(verdictOf(stateOf(story), 'preflight', 'zoe').allowed).toBe(true);
    expect(verdictOf(stateOf(story), 'switchover', 'Yann').allowed).toBe(true);
  });

  it('compares people case-insensitively', () => {
    expect(samePerson('Alice@Welkin.example', 'alice@welkin.EXAMPLE')).toBe(true);
    expect(samePerson('alice', 'alicia')).toBe(false);
    expect(verdictOf(stateOf(storyAt('planned')), 'start-stage1', 'ALICE@WELKIN.EXAMPLE').allowed).toBe(true);
    expect(verdictOf(stateOf(releaseStory().plan().stage1()), 'sign-off', 'ERIN').allowed).toBe(true);
  });
});

describe('allowedActions: the refusal sentences', () => {
  const reasonOf = (state: ReleaseState, action: ReleaseAction, actor: string | null): string => {
    const verdict = verdictOf(state, action, actor);
    if (verdict.allowed) throw new Error(`${action} is allowed`);
    return verdict.reason;
  };

  it('an unknown identity', () => {
    expect(reasonOf(stateOf(storyAt('planned')), 'start-stage1', null)).toBe('Release Desk cannot tell who you are: connect GitHub or set git config user.email in the clone');
    expect(NO_IDENTITY).toContain('git config user.email');
  });

  it('inconclusive: everything but the resolution', () => {
    const state = stateOf(storyAt('switching'), { reopened: true });
    const expected = "Stage 2's outcome is unknown (the app stopped while it ran): check what production runs and record it first";
    expect(reasonOf(state, 'rollback', CAST.onCall)).toBe(expected);
    expect(reasonOf(state, 'mark-healthy', CAST.coordinator)).toBe(expected);
    expect(reasonOf(stateOf(storyAt('staging'), { reopened: true }), 'abort', CAST.coordinator)).toBe(
      "Stage 1's outcome is unknown (the app stopped while it ran): check what production runs and record it first",
    );
  });

  it('roles, naming who may and why', () => {
    expect(reasonOf(stateOf(storyAt('planned')), 'start-stage1', CAST.stranger)).toBe(
      'Only a coordinator (alice@welkin.example and carol) may start Stage 1 of r1: mallory is not a coordinator in release-desk.yml',
    );
    expect(reasonOf(stateOf(storyAt('ready-for-switchover')), 'switchover', CAST.stranger)).toBe(
      'Only the on-call (dave and carol) may switch production to 3f1c2ab: mallory is not on call in release-desk.yml',
    );
    expect(reasonOf(stateOf(storyAt('watching')), 'rollback', 'erin')).toBe(
      'Only the on-call and the coordinators (dave, carol and alice@welkin.example) may roll production back: erin is neither in release-desk.yml',
    );
    expect(reasonOf(stateOf(storyAt('merging')), 'merge', CAST.onCall)).toBe(
      'Only a coordinator (alice@welkin.example and carol) may merge feature/x into master: dave is not a coordinator in release-desk.yml',
    );
  });

  it('sign-offs: only the involved engineers, once', () => {
    const state = stateOf(releaseStory().plan().stage1().signOff('erin'));
    expect(reasonOf(state, 'sign-off', CAST.coordinator)).toBe(
      'Only the engineers involved in r1 (erin and frank@welkin.example) sign off its preview: a signature by anyone else would not be true',
    );
    expect(reasonOf(state, 'sign-off', 'erin')).toBe('You signed off the preview of r1 at 14:03 already');
    expect(reasonOf(stateOf(storyAt('planned')), 'sign-off', 'erin')).toBe('There is no preview of r1 to sign off yet: Stage 1 has not succeeded');
    expect(reasonOf(stateOf(storyAt('watching')), 'sign-off', 'erin')).toBe('Sign-offs of r1 are closed: Stage 2 has started');
  });

  it('switchover without every sign-off: a coordinator may override, the on-call alone may not', () => {
    const state = stateOf(releaseStory().plan().stage1().signOff('erin').preflight());
    expect(verdictOf(state, 'switchover', CAST.onCall)).toEqual({
      action: 'switchover',
      allowed: false,
      overridable: false,
      reason: 'frank@welkin.example has not signed off the preview of r1: only a coordinator (alice@welkin.example and carol) may switch production without that sign-off, with a written reason',
    });
    expect(verdictOf(state, 'switchover', CAST.coordinator)).toEqual({
      action: 'switchover',
      allowed: false,
      overridable: true,
      reason: 'alice@welkin.example is not on call and frank@welkin.example has not signed off the preview: a coordinator may still switch production with a written reason',
    });
  });

  it('a failed preflight blocks the switchover for everyone', () => {
    expect(verdictOf(stateOf(storyAt('preflight-failed')), 'switchover', CAST.both)).toEqual({
      action: 'switchover',
      allowed: false,
      overridable: false,
      reason: 'The last preflight failed: run it again and make it pass before switching production, so the rollback is proven possible',
    });
  });

  it('phases: abort after Stage 2, rollback before it, a running step, an ended release', () => {
    expect(reasonOf(stateOf(storyAt('watching')), 'abort', CAST.coordinator)).toBe('r1 can no longer be aborted: Stage 2 has started, roll production back instead');
    expect(reasonOf(stateOf(storyAt('exercising')), 'rollback', CAST.onCall)).toBe('Production has not been switched to r1 yet: there is nothing to roll back');
    expect(reasonOf(stateOf(storyAt('staging')), 'abort', CAST.coordinator)).toBe('Stage 1 of r1 is running: wait for it to end or cancel it');
    expect(reasonOf(stateOf(storyAt('exercising')), 'start-stage1', CAST.coordinator)).toBe(`Stage 1 of r1 already succeeded: the preview is at ${PREVIEW_URL}`);
    expect(reasonOf(stateOf(storyAt('planned')), 'mark-healthy', CAST.coordinator)).toBe('Cannot mark r1 healthy now: r1 is planned and Stage 1 has not run');
    expect(reasonOf(stateOf(storyAt('done')), 'rollback', CAST.onCall)).toBe('Release r1 is done: nothing more can be done with it');
    expect(reasonOf(stateOf(storyAt('rolled-back')), 'merge', CAST.coordinator)).toBe('Release r1 is rolled back: nothing more can be done with it');
    expect(reasonOf(stateOf(storyAt('watching')), 'resolve-inconclusive', CAST.coordinator)).toBe('Nothing in r1 is inconclusive: every step it started has an outcome');
  });

  it('an override permits the action once: the next one needs its own', () => {
    const story = storyAt('ready-for-switchover').override('switchover', 'dave is on a plane').switchover('failed', CAST.coordinator);
    const state = stateOf(story);
    expect(state.overrides).toHaveLength(1);
    expect(verdictOf(state, 'switchover', CAST.coordinator)).toMatchObject({ allowed: false, overridable: true });
  });
});

describe('planRefusal', () => {
  const refusalFor = (story: ReleaseStory, actor: string | null) => {
    const environment = foldEnvironment(story.events, 'production');
    const active = environment.activeReleaseId === null ? null : foldRelease(story.events, environment.activeReleaseId);
    return planRefusal(environment, active, actor, PEOPLE);
  };

  it('an active release: not overridable, naming it, its branch, who planned it and when', () => {
    expect(refusalFor(storyAt('exercising'), CAST.coordinator)).toEqual({
      reason: 'production already has release r1 of feature/x, planned by alice@welkin.example at 14:00: finish or abort it first',
      overridable: false,
    });
  });

  it('a lock after a rollback: not overridable, until unlocked', () => {
    const story = storyAt('rolled-back');
    expect(refusalFor(story, CAST.coordinator)).toEqual({
      reason: expect.stringMatching(/^production is locked since \d\d:\d\d by dave: rolled back 3f1c2ab to 9e0d7c1: unlock it first$/),
      overridable: false,
    });
    expect(refusalFor(story.unlock(), CAST.coordinator)).toBeNull();
  });

  it('a non-coordinator: overridable; nobody known: not', () => {
    expect(refusalFor(storyAt('done'), 'erin')).toEqual({
      reason: 'Only a coordinator (alice@welkin.example and carol) may plan a release: erin is not a coordinator in release-desk.yml',
      overridable: true,
    });
    expect(refusalFor(storyAt('done'), null)).toEqual({ reason: NO_IDENTITY, overridable: false });
    expect(refusalFor(releaseStory(), 'Carol')).toBeNull();
  });
});

describe('nextAction and currentBlocker', () => {
  const next = (state: ReleaseState, actor: string | null) => nextAction(state, allowedActions(state, actor, PEOPLE));
  const blocker = (state: ReleaseState, actor: string | null) => currentBlocker(state, allowedActions(state, actor, PEOPLE));

  it('names the flow\'s next step after what it does', () => {
    expect(next(stateOf(storyAt('planned')), CAST.coordinator)).toEqual({ action: 'start-stage1', label: 'Start Stage 1' });
    expect(next(stateOf(releaseStory().plan().stage1()), 'erin')).toEqual({ action: 'sign-off', label: 'Sign off the preview' });
    expect(next(stateOf(storyAt('exercising')), CAST.coordinator)).toEqual({ action: 'preflight', label: 'Run the preflight' });
    expect(next(stateOf(storyAt('ready-for-switchover')), CAST.onCall)).toEqual({ action: 'switchover', label: 'Switch production to 3f1c2ab' });
    expect(next(stateOf(storyAt('watching')), CAST.coordinator)).toEqual({ action: 'mark-healthy', label: 'Mark healthy' });
    expect(next(stateOf(storyAt('merging')), CAST.coordinator)).toEqual({ action: 'merge', label: 'Merge feature/x into master' });
    expect(next(stateOf(storyAt('faulty')), CAST.onCall)).toEqual({ action: 'rollback', label: 'Roll production back to 9e0d7c1' });
    expect(next(stateOf(storyAt('switching'), { reopened: true }), CAST.onCall)).toEqual({ action: 'resolve-inconclusive', label: 'Record what production runs' });
  });

  it('offers an overridable action to someone outside the role, and nothing when nothing can be done', () => {
    expect(next(stateOf(storyAt('ready-for-switchover')), CAST.coordinator)).toEqual({ action: 'switchover', label: 'Switch production to 3f1c2ab' });
    expect(next(stateOf(storyAt('done')), CAST.coordinator)).toBeNull();
    expect(next(stateOf(storyAt('staging')), CAST.coordinator)).toBeNull();
    expect(next(stateOf(storyAt('planned')), null)).toBeNull();
  });

  it('says what holds the release up', () => {
    expect(blocker(stateOf(storyAt('staging')), CAST.coordinator)).toBe('Stage 1 of r1 is running');
    expect(blocker(stateOf(storyAt('switching'), { reopened: true }), 'erin')).toBe(
      "Stage 2's outcome is unknown (the app stopped while it ran): check what production runs and record it first",
    );
    expect(blocker(stateOf(releaseStory().plan().stage1().signOff('erin').preflight()), CAST.onCall)).toBe(
      'frank@welkin.example has not signed off the preview of r1: only a coordinator (alice@welkin.example and carol) may switch production without that sign-off, with a written reason',
    );
    expect(blocker(stateOf(releaseStory().plan().stage1()), CAST.coordinator)).toBe('Waiting for erin and frank@welkin.example to sign off the preview');
    expect(blocker(stateOf(storyAt('watching')), CAST.coordinator)).toBeNull();
    expect(blocker(stateOf(storyAt('done')), CAST.coordinator)).toBeNull();
  });
});

describe('the watch window (allowedActions with the clock)', () => {
  const watching = () => stateOf(storyAt('watching'));
  const windowOf = (state: ReleaseState) => {
    const window = watchWindowOf(state, 15);
    if (window === null) throw new Error('no watch window');
    return window;
  };
  const healthyAt = (state: ReleaseState, now: string) =>
    allowedActions(state, CAST.coordinator, PEOPLE, { now, watch: windowOf(state) }).find((verdict) => verdict.action === 'mark-healthy');

  it('starts when the switchover succeeded and lasts watchMinutes; none before Stage 2 succeeded', () => {
    const state = watching();
    const switchedAt = state.steps.find((step) => step.step === 'switchover')?.finishedAt ?? '';
    expect(windowOf(state)).toEqual({ since: switchedAt, until: new Date(Date.parse(switchedAt) + 15 * 60_000).toISOString(), minutes: 15 });
    expect(watchWindowOf(stateOf(storyAt('switching')), 15)).toBeNull();
    expect(watchWindowOf(stateOf(storyAt('switchover-failed')), 15)).toBeNull();
  });

  it('marking healthy inside the window is allowed once confirmed: the verdict asks, naming the end and the time left', () => {
    const state = watching();
    const until = windowOf(state).until;
    const early = new Date(Date.parse(until) - 4 * 60_000 - 10_000).toISOString();
    expect(healthyAt(state, early)).toEqual({
      action: 'mark-healthy',
      allowed: true,
      confirm: `The watch window of ${state.id} is not over: it ends at ${until.slice(11, 16)} UTC (5 min left); mark it healthy anyway?`,
    });
    expect(watchIsOpen(windowOf(state), early)).toBe(true);
  });

  it('at and after the window\'s end, and without a clock, marking healthy asks nothing; faulty never asks', () => {
    const state = watching();
    const until = windowOf(state).until;
    expect(healthyAt(state, until)).toEqual({ action: 'mark-healthy', allowed: true });
    expect(healthyAt(state, new Date(Date.parse(until) + 60_000).toISOString())).toEqual({ action: 'mark-healthy', allowed: true });
    expect(verdictOf(state, 'mark-healthy', CAST.coordinator)).toEqual({ action: 'mark-healthy', allowed: true });
    const faulty = allowedActions(state, CAST.coordinator, PEOPLE, { now: windowOf(state).since, watch: windowOf(state) }).find((verdict) => verdict.action === 'mark-faulty');
    expect(faulty).toEqual({ action: 'mark-faulty', allowed: true });
  });

  it('a role refusal stays a refusal inside the window (no question for someone who may not act)', () => {
    const state = watching();
    const verdict = allowedActions(state, CAST.stranger, PEOPLE, { now: windowOf(state).since, watch: windowOf(state) }).find((candidate) => candidate.action === 'mark-healthy');
    expect(verdict).toMatchObject({ allowed: false, overridable: true });
  });
});
