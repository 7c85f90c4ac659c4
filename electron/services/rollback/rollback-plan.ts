/**
 * What a rollback of one environment would do, read from the journal alone (no network, no
 * command): where production goes back to, what is rolled back, whether this person may, and
 * whether another rollback or switchover holds the environment. Pure, so the confirmation,
 * the service's arbiter (inside the journal's append lock) and the tests share one answer.
 */
import type { PeopleConfig } from '../../../shared/config/workspace-config';
import { markInconclusive, ROLLBACK_PHASES } from '../../../shared/releases/fold-release';
import type { JournalEvent } from '../../../shared/releases/release-events';
import type { EnvironmentState, ReleaseState } from '../../../shared/releases/release-state';
import type { RollbackTarget } from '../../../shared/releases/rollback-ipc';
import { includesPerson } from '../../../shared/releases/same-person';
import { environmentState, foldLedger, openSteps, previousShas, releaseOf, type OpenDeployStep, type RollbackLedger } from './journal-ledger';

export { keyOf, type OpenDeployStep } from './journal-ledger';

export const NO_IDENTITY =
  'Release Desk cannot tell who you are: set git config user.email in the clone (or connect GitHub) so the journal can name who rolled back';

/** Whether an open step's process still runs (here or in another Release Desk process). */
export type StepLiveness = (step: OpenDeployStep) => 'running-here' | 'running-elsewhere' | 'dead';

export interface RollbackPlanInput {
  /** Folded when `facts` are not given. */
  readonly events?: readonly JournalEvent[];
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
  /** The release in progress whose switch may be undone: what the rollback reads of it. */
  readonly active: ActiveRelease | null;
  readonly releaseId: string | null;
  readonly fromSha: string | null;
  readonly target: TargetChoice;
  readonly attempt: number;
  readonly open: readonly OpenDeployStep[];
}

/** From the journal's ledger (journal-ledger.ts): foldLedger(events) for a journal read whole. */
export type ActiveRelease = Pick<ReleaseState, 'id' | 'sha' | 'onCall' | 'coordinator' | 'previousSha'>;

export function activeReleaseOf(release: ReleaseState): ActiveRelease {
  return { id: release.id, sha: release.sha, onCall: release.onCall, coordinator: release.coordinator, ...(release.previousSha === undefined ? {} : { previousSha: release.previousSha }) };
}

export function journalFacts(ledger: RollbackLedger, name: string, toSha: string | undefined): JournalFacts {
  const environment = environmentState(ledger, name);
  const release = activeRollbackRelease(ledger, environment);
  const active = release === null ? null : activeReleaseOf(release);
  const current = environment.liveHistory[0];
  const releaseId = active?.id ?? current?.releaseId ?? null;
  return {
    environment,
    active,
    releaseId,
    fromSha: active?.sha ?? current?.sha ?? null,
    target: toSha === undefined ? defaultTarget(ledger, environment, active) : pickedTarget(ledger, environment, toSha),
    attempt: releaseId === null ? 1 : (ledger.rollbackStarts.get(releaseId) ?? 0) + 1,
    open: openSteps(ledger, name),
  };
}

export function planRollback(input: RollbackPlanInput & { readonly facts?: JournalFacts }): RollbackPlan {
  const { environment: name, people, actor } = input;
  const { environment, active, releaseId, fromSha, target, attempt, open } = input.facts ?? journalFacts(foldLedger(input.events ?? []), name, input.toSha);
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
function activeRollbackRelease(ledger: RollbackLedger, environment: EnvironmentState): ReleaseState | null {
  if (environment.activeReleaseId === null) return null;
  const release = releaseOf(ledger, environment.activeReleaseId);
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

function defaultTarget(ledger: RollbackLedger, environment: EnvironmentState, active: ActiveRelease | null): TargetChoice {
  if (active !== null && active.previousSha !== undefined) return { target: targetOf(ledger, environment, active.previousSha) };
  const [current, ...before] = environment.liveHistory;
  if (current === undefined) {
    return { target: null, problem: `The journal records no version of ${environment.environment} yet: pick one with --to SHA and a written reason` };
  }
  // The version before the current one, skipping releases that were themselves rolled back.
  const earlier = before.find((entry) => entry.sha !== current.sha && !(entry.how === 'switchover' && ledger.rolledBack.has(entry.releaseId)));
  if (earlier !== undefined) return { target: targetOf(ledger, environment, earlier.sha) };
  const previousSha = releaseOf(ledger, current.releaseId)?.previousSha;
  if (previousSha !== undefined && previousSha !== current.sha) return { target: targetOf(ledger, environment, previousSha) };
  return { target: null, problem: `The journal records no version of ${environment.environment} before ${short(current.sha)}: pick one with --to SHA and a written reason` };
}

function pickedTarget(ledger: RollbackLedger, environment: EnvironmentState, wanted: string): TargetChoice {
  const known = new Set(environment.liveHistory.map((entry) => entry.sha));
  for (const sha of previousShas(ledger, environment.environment)) known.add(sha);
  const matches = [...known].filter((sha) => sha.startsWith(wanted));
  if (matches.length === 1 && matches[0] !== undefined) return { target: targetOf(ledger, environment, matches[0]) };
  if (matches.length > 1) return { target: null, problem: `${wanted} names ${matches.length} versions that were live in ${environment.environment}: give more of the SHA` };
  if (wanted.length !== 40) {
    return { target: null, problem: `${wanted} was never live in ${environment.environment} according to the journal: give the full 40-character SHA and a written reason to roll back to it anyway` };
  }
  return { target: targetOf(ledger, environment, wanted), unrecorded: true };
}

function targetOf(ledger: RollbackLedger, environment: EnvironmentState, sha: string): RollbackTarget {
  const entry = environment.liveHistory.find((candidate) => candidate.sha === sha && candidate.how === 'switchover') ?? environment.liveHistory.find((candidate) => candidate.sha === sha);
  if (entry === undefined) return { sha, releaseId: null, branch: null, releasedAt: null, releasedBy: null };
  const release = releaseOf(ledger, entry.releaseId);
  const switchover = release?.steps.find((step) => step.step === 'switchover');
  return { sha, releaseId: entry.releaseId, branch: entry.branch, releasedAt: entry.since, releasedBy: switchover?.startedBy ?? release?.plannedBy ?? null };
}

/** Every rollback or switchover of the environment whose intent has no outcome yet. */
export function openDeploySteps(events: readonly JournalEvent[], environment: string): readonly OpenDeployStep[] {
  return openSteps(foldLedger(events), environment);
}

function mayRollBack(actor: string, people: PeopleConfig, active: ActiveRelease | null): boolean {
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
