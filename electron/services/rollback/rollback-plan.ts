/**
 * What a rollback of one environment would do, read from the journal alone (no network, no
 * command): where production goes back to, what is rolled back, whether this person may, and
 * whether another rollback or switchover holds the environment. Pure, so the confirmation,
 * the service's arbiter (inside the journal's append lock) and the tests share one answer.
 */
import type { PeopleConfig } from '../../../shared/config/workspace-config';
import { foldEnvironment, foldRelease, markInconclusive, ROLLBACK_PHASES } from '../../../shared/releases/fold-release';
import type { JournalEvent } from '../../../shared/releases/release-events';
import type { EnvironmentState, ReleaseState } from '../../../shared/releases/release-state';
import type { RollbackTarget } from '../../../shared/releases/rollback-ipc';
import { includesPerson } from '../../../shared/releases/same-person';

export const NO_IDENTITY =
  'Release Desk cannot tell who you are: set git config user.email in the clone (or connect GitHub) so the journal can name who rolled back';

/** A rollback or switchover of the environment with an intent in the journal and no outcome. */
export interface OpenDeployStep {
  readonly releaseId: string | null;
  readonly step: 'rollback' | 'switchover';
  readonly attempt: number;
  readonly actor: string;
  readonly at: string;
}

/** Whether an open step's process still runs (here or in another Release Desk process). */
export type StepLiveness = (step: OpenDeployStep) => 'running-here' | 'running-elsewhere' | 'dead';

export interface RollbackPlanInput {
  readonly events: readonly JournalEvent[];
  readonly environment: string;
  readonly people: PeopleConfig;
  readonly actor: string | null;
  readonly toSha?: string;
  readonly reason?: string;
  readonly liveness: StepLiveness;
  /** For a switchover another process runs: why it cannot be ended from here, or null when it can (abort and roll back). */
  readonly whyNotAbortable?: (step: OpenDeployStep) => string | null;
}

export type Refusal = { readonly reason: string; readonly overridable: boolean };

export interface RollbackPlan {
  readonly environment: EnvironmentState;
  /** The release whose version is rolled back (its output and journal events are keyed by it). */
  readonly releaseId: string | null;
  readonly fromSha: string | null;
  readonly target: RollbackTarget | null;
  /** Why it cannot start now (first refusal wins), or null. */
  readonly refusal: Refusal | null;
  /** The person is not on call or coordinating but gave a reason: an `override` is journaled first. */
  readonly override: { readonly refusal: string; readonly reason: string } | null;
  /** A switchover of this environment runs (here, or in another process that can be verified): it is ended first. */
  readonly abortsSwitchover: OpenDeployStep | null;
  /** That switchover runs in another process (the CLI ends it through its marker). */
  readonly abortsElsewhere: boolean;
  /** The attempt number of the rollback step in its release. */
  readonly attempt: number;
}

/** What the journal alone says (the costly part: folds over every event); reusable while no event is added. */
export interface JournalFacts {
  readonly environment: EnvironmentState;
  readonly active: ReleaseState | null;
  readonly releaseId: string | null;
  readonly fromSha: string | null;
  readonly target: TargetChoice;
  readonly attempt: number;
  readonly open: readonly OpenDeployStep[];
}

export function journalFacts(events: readonly JournalEvent[], name: string, toSha: string | undefined): JournalFacts {
  const environment = foldEnvironment(events, name);
  const active = activeRollbackRelease(events, environment);
  const current = environment.liveHistory[0];
  const releaseId = active?.id ?? current?.releaseId ?? null;
  return {
    environment,
    active,
    releaseId,
    fromSha: active?.sha ?? current?.sha ?? null,
    target: toSha === undefined ? defaultTarget(events, environment, active) : pickedTarget(events, environment, toSha),
    attempt: releaseId === null ? 1 : countRollbacks(events, releaseId) + 1,
    open: openDeploySteps(events, name),
  };
}

export function planRollback(input: RollbackPlanInput & { readonly facts?: JournalFacts }): RollbackPlan {
  const { environment: name, people, actor } = input;
  const { environment, active, releaseId, fromSha, target, attempt, open } = input.facts ?? journalFacts(input.events, name, input.toSha);
  const abortable = (step: OpenDeployStep, alive: ReturnType<StepLiveness>): boolean =>
    step.step === 'switchover' && (alive === 'running-here' || (alive === 'running-elsewhere' && input.whyNotAbortable?.(step) === null));
  const abortsSwitchover = open.find((step) => abortable(step, input.liveness(step))) ?? null;
  const abortsElsewhere = abortsSwitchover !== null && input.liveness(abortsSwitchover) === 'running-elsewhere';

  const base = { environment, releaseId, fromSha, target: target.target, attempt, abortsSwitchover, abortsElsewhere };
  const refuse = (refusal: Refusal): RollbackPlan => ({ ...base, refusal, override: null });

  if (actor === null) return refuse({ reason: NO_IDENTITY, overridable: false });
  for (const step of open) {
    const alive = input.liveness(step);
    if (alive === 'dead') continue; // inconclusive: the on-call must be able to roll back after a crash
    if (abortable(step, alive)) continue; // abort and roll back
    const why = step.step === 'switchover' && alive === 'running-elsewhere' ? input.whyNotAbortable?.(step) : undefined;
    return refuse({ reason: `${busySentence(name, step, alive)}${why === undefined || why === null ? '' : ` (it cannot be ended from here: ${why})`}`, overridable: false });
  }
  if (target.target === null) return refuse({ reason: target.problem ?? `Nothing to roll ${name} back to`, overridable: false });
  if (fromSha !== null && target.target.sha === fromSha) {
    return refuse({ reason: `${name} already runs ${short(fromSha)} according to the journal: nothing to roll back`, overridable: false });
  }

  // A version never recorded live needs a written reason whoever asks.
  const refusals: string[] = [];
  if (target.unrecorded) refusals.push(`${short(target.target.sha)} was never live in ${name} according to the journal`);
  if (!mayRollBack(actor, people, active)) {
    refusals.push(`Only the on-call and the coordinators (${list([...people.onCall, ...people.coordinators, ...(active === null ? [] : [active.onCall, active.coordinator])])}) may roll ${name} back: ${actor} is neither in release-desk.yml`);
  }
  if (refusals.length === 0) return { ...base, refusal: null, override: null };
  const refusal = `${refusals.join('; ')}; anyone may with a written reason`;
  if (input.reason === undefined) return refuse({ reason: refusal, overridable: true });
  return { ...base, refusal: null, override: { refusal, reason: input.reason } };
}

/** The release in progress whose production switch may be undone (switching on), or null. */
function activeRollbackRelease(events: readonly JournalEvent[], environment: EnvironmentState): ReleaseState | null {
  if (environment.activeReleaseId === null) return null;
  const release = foldRelease(events, environment.activeReleaseId);
  if (release === null) return null;
  // Whether a step is really running is the liveness's business; the phase before it is what counts here.
  const settled = markInconclusive(release, []);
  if (ROLLBACK_PHASES.includes(release.phase)) return release;
  if (settled.phase === 'inconclusive' && (settled.inconclusiveStep === 'switchover' || settled.inconclusiveStep === 'rollback')) return release;
  return null;
}

export interface TargetChoice {
  readonly target: RollbackTarget | null;
  readonly problem?: string;
  /** Not in the journal's live history: only with a written reason. */
  readonly unrecorded?: boolean;
}

function defaultTarget(events: readonly JournalEvent[], environment: EnvironmentState, active: ReleaseState | null): TargetChoice {
  if (active !== null && active.previousSha !== undefined) return { target: targetOf(events, environment, active.previousSha) };
  const [current, ...before] = environment.liveHistory;
  if (current === undefined) {
    return { target: null, problem: `The journal records no version of ${environment.environment} yet: pick one with --to SHA and a written reason` };
  }
  // The version before the current one, skipping releases that were themselves rolled back.
  const earlier = before.find((entry) => entry.sha !== current.sha && !(entry.how === 'switchover' && rolledBack(events, entry.releaseId)));
  if (earlier !== undefined) return { target: targetOf(events, environment, earlier.sha) };
  const previousSha = foldRelease(events, current.releaseId)?.previousSha;
  if (previousSha !== undefined && previousSha !== current.sha) return { target: targetOf(events, environment, previousSha) };
  return { target: null, problem: `The journal records no version of ${environment.environment} before ${short(current.sha)}: pick one with --to SHA and a written reason` };
}

function pickedTarget(events: readonly JournalEvent[], environment: EnvironmentState, wanted: string): TargetChoice {
  const known = new Set(environment.liveHistory.map((entry) => entry.sha));
  for (const sha of previousShas(events, environment.environment)) known.add(sha);
  const matches = [...known].filter((sha) => sha.startsWith(wanted));
  if (matches.length === 1 && matches[0] !== undefined) return { target: targetOf(events, environment, matches[0]) };
  if (matches.length > 1) return { target: null, problem: `${wanted} names ${matches.length} versions that were live in ${environment.environment}: give more of the SHA` };
  if (wanted.length !== 40) {
    return { target: null, problem: `${wanted} was never live in ${environment.environment} according to the journal: give the full 40-character SHA and a written reason to roll back to it anyway` };
  }
  return { target: targetOf(events, environment, wanted), unrecorded: true };
}

/** What production ran before each release's switchover (preflight facts): live before, by definition. */
function previousShas(events: readonly JournalEvent[], environment: string): string[] {
  return events.flatMap((event) =>
    event.environment === environment && event.type === 'step-finished' && event.data.step === 'preflight' && event.data.facts.previousSha !== undefined ? [event.data.facts.previousSha] : [],
  );
}

function targetOf(events: readonly JournalEvent[], environment: EnvironmentState, sha: string): RollbackTarget {
  const entry = environment.liveHistory.find((candidate) => candidate.sha === sha && candidate.how === 'switchover') ?? environment.liveHistory.find((candidate) => candidate.sha === sha);
  if (entry === undefined) return { sha, releaseId: null, branch: null, releasedAt: null, releasedBy: null };
  const release = foldRelease(events, entry.releaseId);
  const switchover = release?.steps.find((step) => step.step === 'switchover');
  return { sha, releaseId: entry.releaseId, branch: entry.branch, releasedAt: entry.since, releasedBy: switchover?.startedBy ?? release?.plannedBy ?? null };
}

function rolledBack(events: readonly JournalEvent[], releaseId: string): boolean {
  return events.some((event) => event.type === 'rolled-back' && event.releaseId === releaseId);
}

function countRollbacks(events: readonly JournalEvent[], releaseId: string): number {
  return events.filter((event) => event.type === 'step-started' && event.releaseId === releaseId && event.data.step === 'rollback').length;
}

/** Every rollback or switchover of the environment whose intent has no outcome yet. */
export function openDeploySteps(events: readonly JournalEvent[], environment: string): readonly OpenDeployStep[] {
  const open = new Map<string, OpenDeployStep>();
  for (const event of events) {
    if (event.environment !== environment) continue;
    if (event.type === 'step-started' && (event.data.step === 'rollback' || event.data.step === 'switchover')) {
      open.set(keyOf(event.releaseId, event.data.step, event.data.attempt), { releaseId: event.releaseId, step: event.data.step, attempt: event.data.attempt, actor: event.actor, at: event.at });
    } else if (event.type === 'step-finished' || event.type === 'inconclusive-resolved') {
      open.delete(keyOf(event.releaseId, event.data.step, event.data.attempt));
    }
  }
  return [...open.values()];
}

export function keyOf(releaseId: string | null, step: string, attempt: number): string {
  return `${releaseId ?? '-'}:${step}:${attempt}`;
}

function mayRollBack(actor: string, people: PeopleConfig, active: ReleaseState | null): boolean {
  const named = [...people.onCall, ...people.coordinators, ...(active === null ? [] : [active.onCall, active.coordinator])];
  return includesPerson(named, actor);
}

function busySentence(environment: string, step: OpenDeployStep, where: 'running-here' | 'running-elsewhere'): string {
  const what = step.step === 'rollback' ? `${step.actor} is rolling ${environment} back` : `${step.actor} is switching ${environment} over (Stage 2 of ${step.releaseId ?? 'a release'})`;
  const place = where === 'running-elsewhere' ? ' in another Release Desk window or CLI' : '';
  return `${what} since ${clock(step.at)} UTC${place}: one rollback or switchover at a time; wait for it to end`;
}

function list(people: readonly string[]): string {
  const names = people.filter((person, index) => people.findIndex((other) => other.toLowerCase() === person.toLowerCase()) === index);
  if (names.length === 0) return 'nobody is listed';
  return names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

export function short(sha: string): string {
  return sha.slice(0, 7);
}

/** HH:MM of an ISO time (UTC, as the journal records it). */
export function clock(iso: string): string {
  return iso.slice(11, 16);
}
