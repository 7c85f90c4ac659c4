/**
 * The rollback's journal facts as they were computed before the ledger (journal-ledger.ts):
 * straight folds over every event. Kept verbatim as the oracle the ledger is checked against.
 */
import { foldEnvironment, foldRelease, markInconclusive, ROLLBACK_PHASES } from '../../../../../shared/releases/fold-release';
import type { JournalEvent } from '../../../../../shared/releases/release-events';
import type { EnvironmentState, ReleaseState } from '../../../../../shared/releases/release-state';
import type { RollbackTarget } from '../../../../../shared/releases/rollback-ipc';
import { keyOf, short, type JournalFacts, type OpenDeployStep, type TargetChoice } from '../../../../../electron/services/rollback/rollback-plan';

/** As JournalFacts, with the active release's whole state (the facts keep a part of it). */
export type OracleFacts = Omit<JournalFacts, 'active'> & { readonly active: ReleaseState | null };

export function journalFactsOfEvents(events: readonly JournalEvent[], name: string, toSha: string | undefined): OracleFacts {
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
