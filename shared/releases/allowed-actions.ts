/**
 * The rules of a release: what each person may do next, and otherwise the one sentence
 * saying who may and why. Pure: the services ask before appending, the views show the
 * verdicts, the CLI prints the reason.
 *
 * Checks run in this order, and the first refusal is the answer: identity unknown ->
 * inconclusive step -> release ended -> a flow step running -> not possible in this phase ->
 * outside one's role -> the action's own preconditions. Phase refusals are never
 * overridable (an override permits a person, not an impossible transition); role refusals
 * are, except a sign-off (someone else's signature would be a lie).
 *
 * "The preflight has not run" does not block the switchover: the verdict is allowed with
 * `preflightFirst: true`, and the service runs the preflight first, switching only when it
 * passes. A preflight that ran and failed does block it, overridable by nobody.
 *
 * `abort` also needs a written reason; the `aborted` event's schema enforces that.
 */
import type { PeopleConfig } from '../config/workspace-config';
import { FLOW_STEP_NAMES, ROLLBACK_PHASES, SIGN_OFF_PHASES } from './fold-release';
import { RELEASE_ACTIONS, type ReleaseAction, type StepName } from './release-events';
import { FINAL_PHASES, type ActionVerdict, type EnvironmentState, type ReleasePhase, type ReleaseState } from './release-state';
import { includesPerson, samePerson } from './same-person';
import { shortSha } from '../text/short-sha';
import { watchIsOpen, type WatchWindow } from './watch-window';

export { samePerson } from './same-person';

export const NO_IDENTITY = 'Release Desk cannot tell who you are: connect GitHub or set git config user.email in the clone';

/** The actions allowedActions judges: all but `plan` (planRefusal) and `unlock` (environment-level). */
export const RELEASE_STEP_ACTIONS: readonly ReleaseAction[] = RELEASE_ACTIONS.filter((action) => action !== 'plan' && action !== 'unlock');

type Refusal = { reason: string; overridable: boolean };

/** Where each action is possible at all (running steps and roles aside). */
const PHASES_OF: Record<Exclude<ReleaseAction, 'plan' | 'unlock'>, readonly ReleasePhase[]> = {
  'edit-engineers': ['planned', 'stage1-failed', 'exercising', 'preflight-failed', 'ready-for-switchover'],
  'start-stage1': ['planned', 'stage1-failed'],
  'sign-off': SIGN_OFF_PHASES,
  preflight: ['exercising', 'preflight-failed', 'ready-for-switchover'],
  switchover: ['exercising', 'preflight-failed', 'ready-for-switchover', 'switchover-failed'],
  'mark-healthy': ['watching'],
  'mark-faulty': ['watching'],
  merge: ['merging', 'merge-failed'],
  abort: ['planned', 'stage1-failed', 'exercising', 'preflight-failed', 'ready-for-switchover'],
  'resolve-inconclusive': ['inconclusive'],
  rollback: ROLLBACK_PHASES,
};

/**
 * The rules need the clock for one thing: the watch window. Without `clock` (or without a
 * window) marking healthy asks no confirmation.
 */
export interface RulesClock {
  /** ISO time. */
  readonly now: string;
  readonly watch: WatchWindow | null;
}

export function allowedActions(state: ReleaseState, actor: string | null, people: PeopleConfig, time?: RulesClock): readonly ActionVerdict[] {
  return RELEASE_STEP_ACTIONS.map((action) => {
    const refusal = refusalOf(action as keyof typeof PHASES_OF, state, actor, people);
    if (refusal !== null) return { action, allowed: false, reason: refusal.reason, overridable: refusal.overridable };
    if (action === 'switchover' && state.phase === 'exercising') return { action, allowed: true, preflightFirst: true };
    if (action === 'mark-healthy' && time !== undefined && time.watch !== null && watchIsOpen(time.watch, time.now)) {
      return { action, allowed: true, confirm: `The watch window of ${state.id} is not over: it ends at ${clock(time.watch.until)} UTC (${minutesLeft(time.watch.until, time.now)} left); mark it healthy anyway?` };
    }
    return { action, allowed: true };
  });
}

function minutesLeft(until: string, now: string): string {
  const minutes = Math.max(1, Math.ceil((Date.parse(until) - Date.parse(now)) / 60_000));
  return minutes === 1 ? '1 min' : `${minutes} min`;
}

function refusalOf(action: keyof typeof PHASES_OF, state: ReleaseState, actor: string | null, people: PeopleConfig): Refusal | null {
  if (actor === null) return fixed(NO_IDENTITY);
  if (state.phase === 'inconclusive' && action !== 'resolve-inconclusive') {
    return fixed(inconclusiveSentence(state));
  }
  if (FINAL_PHASES.includes(state.phase)) return fixed(`Release ${state.id} is ${state.phase === 'rolled-back' ? 'rolled back' : state.phase}: nothing more can be done with it`);
  const running = runningFlowStep(state);
  // Signing off the preview does not disturb a running preflight; rolling back may cut a switchover short.
  const tolerated = action === 'sign-off' || (action === 'rollback' && running !== 'rollback');
  if (running !== undefined && !tolerated) return fixed(`${stepTitle(running)} of ${state.id} is running: wait for it to end or cancel it`);
  if (!PHASES_OF[action].includes(state.phase)) return fixed(notNow(action, state));

  const coordinator = isCoordinator(actor, state, people);
  const onCall = isOnCall(actor, state, people);
  switch (action) {
    case 'sign-off': {
      if (!includesPerson(state.engineers, actor)) {
        return fixed(`Only the engineers involved in ${state.id} (${list(state.engineers)}) sign off its preview: a signature by anyone else would not be true`);
      }
      const signed = state.signOffs.find((signOff) => samePerson(signOff.engineer, actor));
      return signed === undefined ? null : fixed(`You signed off the preview of ${state.id} at ${clock(signed.at)} already`);
    }
    case 'switchover': {
      if (state.phase === 'preflight-failed') return fixed('The last preflight failed: run it again and make it pass before switching production, so the rollback is proven possible');
      const pending = state.pendingSignOffs;
      if (pending.length > 0 && !onCall && coordinator) {
        return { reason: `${actor} is not on call and ${list(pending)} ${pending.length === 1 ? 'has' : 'have'} not signed off the preview: a coordinator may still switch production with a written reason`, overridable: true };
      }
      if (pending.length > 0) {
        return {
          reason: `${list(pending)} ${pending.length === 1 ? 'has' : 'have'} not signed off the preview of ${state.id}: only a coordinator (${list(coordinatorsOf(state, people))}) may switch production without ${pending.length === 1 ? 'that sign-off' : 'their sign-offs'}, with a written reason`,
          overridable: coordinator,
        };
      }
      return onCall ? null : roleRefusal(`the on-call (${list(onCallsOf(state, people))})`, VERBS.switchover(state), `${actor} is not on call in release-desk.yml`);
    }
    case 'rollback':
      return onCall || coordinator ? null : roleRefusal(`the on-call and the coordinators (${list([...onCallsOf(state, people), ...coordinatorsOf(state, people)])})`, VERBS.rollback(state), `${actor} is neither in release-desk.yml`);
    case 'resolve-inconclusive':
      return onCall || coordinator ? null : roleRefusal(`a coordinator or the on-call (${list([...coordinatorsOf(state, people), ...onCallsOf(state, people)])})`, VERBS['resolve-inconclusive'](state), `${actor} is neither in release-desk.yml`);
    default:
      return coordinator ? null : roleRefusal(`a coordinator (${list(coordinatorsOf(state, people))})`, VERBS[action](state), `${actor} is not a coordinator in release-desk.yml`);
  }
}

/** Why a release cannot be planned in this environment now, or null when it can. */
export function planRefusal(environment: EnvironmentState, active: ReleaseState | null, actor: string | null, people: PeopleConfig): Refusal | null {
  if (actor === null) return fixed(NO_IDENTITY);
  if (environment.activeReleaseId !== null) {
    const holder = active !== null && active.id === environment.activeReleaseId ? `, planned by ${active.plannedBy} at ${clock(active.plannedAt)}` : '';
    const what = active !== null && active.id === environment.activeReleaseId ? ` of ${active.branch}` : '';
    return fixed(`${environment.environment} already has release ${environment.activeReleaseId}${what}${holder}: finish or abort it first`);
  }
  if (environment.lock !== null) {
    const { lock } = environment;
    return fixed(`${environment.environment} is locked since ${clock(lock.at)} by ${lock.by}: ${lock.reason}: unlock it first`);
  }
  if (!includesPerson(people.coordinators, actor)) {
    return { reason: `Only a coordinator (${list(people.coordinators)}) may plan a release: ${actor} is not a coordinator in release-desk.yml`, overridable: true };
  }
  return null;
}

/** The single next action for this viewer, named after what it does; null when there is none. */
export function nextAction(state: ReleaseState, verdicts: readonly ActionVerdict[]): { action: ReleaseAction; label: string } | null {
  const candidates = candidatesOf(state).map((action) => ({ action, verdict: verdicts.find((verdict) => verdict.action === action) }));
  const chosen =
    candidates.find((candidate) => candidate.verdict?.allowed === true) ??
    candidates.find((candidate) => candidate.verdict?.allowed === false && candidate.verdict.overridable);
  return chosen === undefined ? null : { action: chosen.action, label: labelOf(chosen.action, state) };
}

/** What holds the release up, in one sentence; null when nothing does (or it has ended). */
export function currentBlocker(state: ReleaseState, verdicts: readonly ActionVerdict[]): string | null {
  if (FINAL_PHASES.includes(state.phase)) return null;
  if (state.phase === 'inconclusive') return inconclusiveSentence(state);
  const running = runningFlowStep(state);
  if (running !== undefined) return `${stepTitle(running)} of ${state.id} is running`;
  const main = candidatesOf(state)
    .filter((action) => action !== 'sign-off')
    .map((action) => verdicts.find((verdict) => verdict.action === action))
    .filter((verdict) => verdict !== undefined);
  if (main.some((verdict) => verdict.allowed)) {
    const waiting = ['exercising', 'ready-for-switchover'].includes(state.phase) && state.pendingSignOffs.length > 0;
    return waiting ? `Waiting for ${list(state.pendingSignOffs)} to sign off the preview` : null;
  }
  const refused = main.find((verdict) => !verdict.allowed);
  return refused === undefined || refused.allowed ? null : refused.reason;
}

function inconclusiveSentence(state: ReleaseState): string {
  return `${stepTitle(state.inconclusiveStep ?? 'switchover')}'s outcome is unknown (the app stopped while it ran): check what production runs and record it first`;
}

/** The flow's next actions in this phase, most wanted first. */
function candidatesOf(state: ReleaseState): readonly ReleaseAction[] {
  switch (state.phase) {
    case 'planned':
    case 'stage1-failed':
      return ['start-stage1'];
    case 'exercising':
      return ['sign-off', 'preflight'];
    case 'preflight-failed':
      return ['preflight'];
    case 'ready-for-switchover':
      return ['sign-off', 'switchover'];
    case 'switchover-failed':
      return ['rollback', 'switchover'];
    case 'watching':
      return ['mark-healthy'];
    case 'faulty':
    case 'rolling-back':
      return ['rollback'];
    case 'merging':
    case 'merge-failed':
      return ['merge'];
    case 'inconclusive':
      return ['resolve-inconclusive'];
    default:
      return [];
  }
}

export function labelOf(action: ReleaseAction, state: ReleaseState): string {
  switch (action) {
    case 'start-stage1':
      return 'Start Stage 1';
    case 'sign-off':
      return 'Sign off the preview';
    case 'preflight':
      return 'Run the preflight';
    case 'switchover':
      return `Switch production to ${short(state.sha)}`;
    case 'mark-healthy':
      return 'Mark healthy';
    case 'mark-faulty':
      return 'Mark faulty';
    case 'merge':
      return `Merge ${state.branch} into ${state.mainBranch}`;
    case 'rollback':
      return state.previousSha === undefined ? 'Roll production back' : `Roll production back to ${short(state.previousSha)}`;
    case 'resolve-inconclusive':
      return 'Record what production runs';
    case 'abort':
      return 'Abort the release';
    case 'edit-engineers':
      return 'Change the engineers';
    case 'plan':
      return 'Plan a release';
    case 'unlock':
      return 'Unlock the environment';
  }
}

const VERBS: Record<Exclude<ReleaseAction, 'plan' | 'unlock'>, (state: ReleaseState) => string> = {
  'edit-engineers': (state) => `change the engineers of ${state.id}`,
  'start-stage1': (state) => `start Stage 1 of ${state.id}`,
  'sign-off': (state) => `sign off the preview of ${state.id}`,
  preflight: (state) => `run the preflight of ${state.id}`,
  switchover: (state) => `switch production to ${short(state.sha)}`,
  'mark-healthy': (state) => `mark ${state.id} healthy`,
  'mark-faulty': (state) => `mark ${state.id} faulty`,
  merge: (state) => `merge ${state.branch} into ${state.mainBranch}`,
  abort: (state) => `abort ${state.id}`,
  'resolve-inconclusive': (state) => `record what production runs for ${state.id}`,
  rollback: () => 'roll production back',
};

const DESCRIPTIONS: Record<ReleasePhase, string> = {
  planned: 'planned and Stage 1 has not run',
  staging: 'running Stage 1',
  'stage1-failed': 'waiting for Stage 1 to run again',
  exercising: 'waiting for its preview to be exercised and signed off',
  preflighting: 'running its preflight',
  'preflight-failed': 'waiting for a preflight that passes',
  'ready-for-switchover': 'ready to switch production',
  switching: 'switching production',
  'switchover-failed': 'after a failed switchover',
  watching: 'being watched in production',
  faulty: 'marked faulty and waiting for its rollback',
  merging: 'waiting to be merged',
  'merge-failed': 'waiting for its merge to be tried again',
  done: 'done',
  aborted: 'aborted',
  'rolling-back': 'rolling production back',
  'rolled-back': 'rolled back',
  inconclusive: 'inconclusive',
};

function notNow(action: keyof typeof PHASES_OF, state: ReleaseState): string {
  const afterSwitchoverStarted = !['planned', 'staging', 'stage1-failed', 'exercising', 'preflighting', 'preflight-failed', 'ready-for-switchover'].includes(state.phase);
  switch (action) {
    case 'sign-off':
      return afterSwitchoverStarted ? `Sign-offs of ${state.id} are closed: Stage 2 has started` : `There is no preview of ${state.id} to sign off yet: Stage 1 has not succeeded`;
    case 'abort':
      return `${state.id} can no longer be aborted: Stage 2 has started, roll production back instead`;
    case 'edit-engineers':
      return `The engineers of ${state.id} can no longer change: Stage 2 has started`;
    case 'resolve-inconclusive':
      return `Nothing in ${state.id} is inconclusive: every step it started has an outcome`;
    case 'rollback':
      return `Production has not been switched to ${state.id} yet: there is nothing to roll back`;
    case 'start-stage1':
      return afterSwitchoverStarted || state.phase !== 'planned'
        ? `Stage 1 of ${state.id} already succeeded${state.previewUrl === undefined ? '' : `: the preview is at ${state.previewUrl}`}`
        : `Cannot start Stage 1 now: ${state.id} is ${DESCRIPTIONS[state.phase]}`;
    default:
      return `Cannot ${VERBS[action](state)} now: ${state.id} is ${DESCRIPTIONS[state.phase]}`;
  }
}

function roleRefusal(who: string, what: string, why: string): Refusal {
  return { reason: `Only ${who} may ${what}: ${why}`, overridable: true };
}

function fixed(reason: string): Refusal {
  return { reason, overridable: false };
}

function runningFlowStep(state: ReleaseState): StepName | undefined {
  const running = state.steps.filter((step) => step.status === 'running' && FLOW_STEP_NAMES.includes(step.step));
  // The rollback owns the phase when it runs beside a switchover it cut short.
  return (running.find((step) => step.step === 'rollback') ?? running[0])?.step;
}

function isCoordinator(actor: string, state: ReleaseState, people: PeopleConfig): boolean {
  return samePerson(actor, state.coordinator) || includesPerson(people.coordinators, actor);
}

function isOnCall(actor: string, state: ReleaseState, people: PeopleConfig): boolean {
  return samePerson(actor, state.onCall) || includesPerson(people.onCall, actor);
}

function coordinatorsOf(state: ReleaseState, people: PeopleConfig): string[] {
  return unique([state.coordinator, ...people.coordinators]);
}

function onCallsOf(state: ReleaseState, people: PeopleConfig): string[] {
  return unique([state.onCall, ...people.onCall]);
}

function unique(people: readonly string[]): string[] {
  return people.filter((person, index) => people.findIndex((other) => samePerson(other, person)) === index);
}

function stepTitle(step: StepName): string {
  const titles: Record<StepName, string> = {
    stage1: 'Stage 1',
    preflight: 'The preflight',
    switchover: 'Stage 2',
    'current-version': 'The version check',
    merge: 'The merge',
    teardown: 'The teardown',
    rollback: 'The rollback',
  };
  return titles[step];
}

function list(people: readonly string[]): string {
  const names = unique(people);
  if (names.length === 0) return 'nobody is listed';
  if (names.length === 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/** The one short-SHA length (shared/text/short-sha.ts). */
const short = shortSha;

/** HH:MM of an ISO time (UTC, as the journal records it). */
function clock(iso: string): string {
  return iso.slice(11, 16);
}
