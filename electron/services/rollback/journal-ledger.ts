/**
 * The rollback's ledger: everything the rollback reads from the journal (rollback-plan.ts),
 * folded one event at a time, so it can be kept between reads and between processes (the CLI's
 * snapshot, rollback-snapshot.ts) and continued with only the events added since.
 *
 * It must answer exactly as folds over the whole journal do (foldEnvironment, foldRelease,
 * and the scans of rollback-plan.ts), including for journals the services never write
 * (a release id planned twice, an event before its release's `planned`): releases are folded
 * by the shared foldReleaseEvent, and what a full fold decides only at the end (which
 * `planned` names a release, which events prove a live version) is kept undecided until asked.
 */
import { foldReleaseEvent } from '../../../shared/releases/fold-release';
import { FINAL_PHASES, STEP_NAMES } from '../../../shared/releases/release-constants';
import type { JournalEvent } from '../../../shared/releases/release-events';
import type { EnvironmentState, ReleaseState } from '../../../shared/releases/release-state';

/** A rollback or switchover of the environment with an intent in the journal and no outcome. */
export interface OpenDeployStep {
  readonly releaseId: string | null;
  readonly step: 'rollback' | 'switchover';
  readonly attempt: number;
  readonly actor: string;
  readonly at: string;
}

/**
 * An event that proves a live version if its release is one of the environment's (the full fold
 * decides that with every `planned` read, so it is decided when asked): `rollback` proves `sha`,
 * `switchover` proves the release's SHA when production reported `sha`.
 */
interface LiveClaim {
  readonly releaseId: string;
  readonly at: string;
  readonly how: 'switchover' | 'rollback';
  readonly sha: string;
}

interface EnvironmentLedger {
  /** The environment's releases by id, in plan order (foldReleases over its events). */
  readonly releases: Map<string, ReleaseState>;
  lock: EnvironmentState['lock'];
  /** Oldest first. */
  readonly claims: LiveClaim[];
  /** Preflight facts: what production ran before each switchover, in journal order. */
  readonly previousShas: string[];
  /** Rollbacks and switchovers started and not finished, by keyOf(), in the order first started. */
  readonly open: Map<string, OpenDeployStep>;
}

export interface RollbackLedger {
  readonly environments: Map<string, EnvironmentLedger>;
  /** Release id -> the environment of its first `planned` (foldRelease's choice). */
  readonly firstPlannedIn: Map<string, string>;
  /** Releases with a `rolled-back` event, in any environment. */
  readonly rolledBack: Set<string>;
  /** Rollback intents (`step-started` rollback) per release, in any environment. */
  readonly rollbackStarts: Map<string, number>;
}

export function emptyLedger(): RollbackLedger {
  return { environments: new Map(), firstPlannedIn: new Map(), rolledBack: new Set(), rollbackStarts: new Map() };
}

/** Folds `events` into `ledger` (in place; a new one by default) and returns it. */
export function foldLedger(events: readonly JournalEvent[], ledger: RollbackLedger = emptyLedger()): RollbackLedger {
  for (const event of events) applyToLedger(ledger, event);
  return ledger;
}

/**
 * `ledger` continued with `events`, leaving `ledger` as it was (it may have been handed out).
 * The maps and lists are copied shallowly and a release's state only when an event touches it:
 * a copy of the whole ledger cost ~9 ms per read with 250 releases of history, on the way from
 * a rollback's click to its spawn.
 */
export function continueLedger(ledger: RollbackLedger, events: readonly JournalEvent[]): RollbackLedger {
  const next: RollbackLedger = {
    environments: new Map([...ledger.environments].map(([name, environment]) => [name, shallowCopy(environment)])),
    firstPlannedIn: new Map(ledger.firstPlannedIn),
    rolledBack: new Set(ledger.rolledBack),
    rollbackStarts: new Map(ledger.rollbackStarts),
  };
  // Release states are changed in place by the fold: each is copied before its first change here.
  const copied = new Set<ReleaseState>();
  for (const event of events) {
    const release = event.releaseId === null ? undefined : next.environments.get(event.environment)?.releases.get(event.releaseId);
    if (release !== undefined && !copied.has(release) && event.releaseId !== null) {
      const own = structuredClone(release);
      copied.add(own);
      next.environments.get(event.environment)?.releases.set(event.releaseId, own);
    }
    applyToLedger(next, event);
  }
  return next;
}

function shallowCopy(environment: EnvironmentLedger): EnvironmentLedger {
  // lock, claims and open steps are replaced, never changed in place, by applyToLedger.
  return { releases: new Map(environment.releases), lock: environment.lock, claims: [...environment.claims], previousShas: [...environment.previousShas], open: new Map(environment.open) };
}

export function keyOf(releaseId: string | null, step: string, attempt: number): string {
  return `${releaseId ?? '-'}:${step}:${attempt}`;
}

/** Folds one more event into the ledger (in place). */
export function applyToLedger(ledger: RollbackLedger, event: JournalEvent): void {
  const id = event.releaseId;
  if (event.type === 'planned' && id !== null && !ledger.firstPlannedIn.has(id)) ledger.firstPlannedIn.set(id, event.environment);
  if (event.type === 'rolled-back' && id !== null) ledger.rolledBack.add(id);
  if (event.type === 'step-started' && event.data.step === 'rollback' && id !== null) ledger.rollbackStarts.set(id, (ledger.rollbackStarts.get(id) ?? 0) + 1);

  let environment = ledger.environments.get(event.environment);
  if (environment === undefined) {
    environment = { releases: new Map(), lock: null, claims: [], previousShas: [], open: new Map() };
    ledger.environments.set(event.environment, environment);
  }
  foldReleaseEvent(environment.releases, event);
  switch (event.type) {
    case 'lock-taken':
      environment.lock = { reason: event.data.reason, by: event.actor, at: event.at, releaseId: event.releaseId };
      break;
    case 'lock-released':
      environment.lock = null;
      break;
    case 'rolled-back':
      if (id !== null) environment.claims.push({ releaseId: id, at: event.at, how: 'rollback', sha: event.data.toSha });
      break;
    case 'step-started':
      if (event.data.step === 'rollback' || event.data.step === 'switchover') {
        environment.open.set(keyOf(id, event.data.step, event.data.attempt), { releaseId: id, step: event.data.step, attempt: event.data.attempt, actor: event.actor, at: event.at });
      }
      break;
    case 'step-finished': {
      environment.open.delete(keyOf(id, event.data.step, event.data.attempt));
      const { step, outcome, facts } = event.data;
      if (id !== null && step === 'switchover' && outcome === 'succeeded' && typeof facts.productionVersion === 'string') {
        environment.claims.push({ releaseId: id, at: event.at, how: 'switchover', sha: facts.productionVersion });
      }
      if (step === 'preflight' && facts.previousSha !== undefined) environment.previousShas.push(facts.previousSha);
      break;
    }
    case 'inconclusive-resolved': {
      environment.open.delete(keyOf(id, event.data.step, event.data.attempt));
      const { step, resolution, observedVersion } = event.data;
      if (id !== null && step === 'switchover' && resolution === 'succeeded' && typeof observedVersion === 'string') {
        environment.claims.push({ releaseId: id, at: event.at, how: 'switchover', sha: observedVersion });
      }
      break;
    }
    default:
      break;
  }
}

/** foldEnvironment(events, name), from the ledger. */
export function environmentState(ledger: RollbackLedger, name: string): EnvironmentState {
  const environment = ledger.environments.get(name);
  if (environment === undefined) return { environment: name, activeReleaseId: null, lock: null, liveHistory: [] };
  const liveHistory: EnvironmentState['liveHistory'][number][] = [];
  for (const claim of environment.claims) {
    const release = environment.releases.get(claim.releaseId);
    if (release === undefined || (claim.how === 'switchover' && claim.sha !== release.sha)) continue;
    liveHistory.unshift({ sha: claim.how === 'rollback' ? claim.sha : release.sha, since: claim.at, releaseId: release.id, branch: release.branch, how: claim.how });
  }
  const active = [...environment.releases.values()].filter((release) => !FINAL.has(release.phase));
  return { environment: name, activeReleaseId: active.at(-1)?.id ?? null, lock: environment.lock, liveHistory };
}

/** foldRelease(events, id), from the ledger. */
export function releaseOf(ledger: RollbackLedger, id: string): ReleaseState | null {
  const name = ledger.firstPlannedIn.get(id);
  return name === undefined ? null : (ledger.environments.get(name)?.releases.get(id) ?? null);
}

export function openSteps(ledger: RollbackLedger, name: string): readonly OpenDeployStep[] {
  return [...(ledger.environments.get(name)?.open.values() ?? [])];
}

export function previousShas(ledger: RollbackLedger, name: string): readonly string[] {
  return ledger.environments.get(name)?.previousShas ?? [];
}

const FINAL: ReadonlySet<string> = new Set(FINAL_PHASES);

/**
 * A release as the snapshot keeps it: what the rollback reads and what the fold decides phases
 * by. Payloads nothing here reads (release notes, sign-offs, overrides, step messages, when it
 * last changed…) are left
 * out, as empty lists where the fold appends to them: a journal's snapshot is then a fraction of
 * the journal. The rollback's facts (journalFacts) are the same either way (the property test).
 */
function leanRelease(release: ReleaseState): ReleaseState {
  const { id, environment, branch, sha, mainBranch, coordinator, onCall, plannedAt, plannedBy, phase, previousSha, inconclusiveStep, firstSeq } = release;
  return {
    id,
    environment,
    branch,
    sha,
    mainBranch,
    coordinator,
    onCall,
    engineers: [],
    plannedAt,
    plannedBy,
    phase,
    // Steps never started are left out (restored by ledgerFromJson); when a step started only
    // feeds its duration, which is not kept either.
    steps: release.steps.filter((record) => record.status !== 'not-started' || record.attempts !== 0).map(({ step, status, attempts, startedBy }) => ({ step, status, attempts, ...(startedBy === undefined ? {} : { startedBy }) })),
    signOffs: [],
    pendingSignOffs: [],
    overrides: [],
    ...(previousSha === undefined ? {} : { previousSha }),
    ...(inconclusiveStep === undefined ? {} : { inconclusiveStep }),
    firstSeq,
    // When it last changed depends on sign-offs the lean form does not keep: not kept either.
    lastSeq: firstSeq,
    updatedAt: plannedAt,
  };
}

/** A lean release's steps back in full: every step, in the fold's order, those left out not started. */
function withEveryStep(release: ReleaseState): ReleaseState {
  if (!Array.isArray(release.steps)) throw new Error(`release ${String(release.id)}: not a rollback ledger`);
  const kept = new Map(release.steps.map((record) => [record.step, record]));
  return { ...release, steps: STEP_NAMES.map((step) => kept.get(step) ?? { step, status: 'not-started', attempts: 0 }) };
}

/** The ledger as plain JSON (Maps and Sets as arrays, in their order; releases lean). */
export function ledgerToJson(ledger: RollbackLedger): unknown {
  return {
    environments: [...ledger.environments].map(([name, environment]) => [
      name,
      { releases: [...environment.releases].map(([id, release]) => [id, leanRelease(release)]), lock: environment.lock, claims: environment.claims, previousShas: environment.previousShas, open: [...environment.open] },
    ]),
    firstPlannedIn: [...ledger.firstPlannedIn],
    rolledBack: [...ledger.rolledBack],
    rollbackStarts: [...ledger.rollbackStarts],
  };
}

/**
 * Back from ledgerToJson's shape. Only for text this program wrote (the snapshot's digest says
 * so); a shape that is not the expected one still throws, and the caller reads the journal whole.
 */
export function ledgerFromJson(json: unknown): RollbackLedger {
  const value = json as { environments: [string, { releases: [string, ReleaseState][]; lock: EnvironmentState['lock']; claims: LiveClaim[]; previousShas: string[]; open: [string, OpenDeployStep][] }][]; firstPlannedIn: [string, string][]; rolledBack: string[]; rollbackStarts: [string, number][] };
  if (!Array.isArray(value.environments) || !Array.isArray(value.firstPlannedIn) || !Array.isArray(value.rolledBack) || !Array.isArray(value.rollbackStarts)) throw new Error('not a rollback ledger');
  return {
    environments: new Map(
      value.environments.map(([name, environment]) => {
        if (!Array.isArray(environment.releases) || !Array.isArray(environment.claims) || !Array.isArray(environment.previousShas) || !Array.isArray(environment.open)) throw new Error(`environment ${name}: not a rollback ledger`);
        return [name, { releases: new Map(environment.releases.map(([id, release]) => [id, withEveryStep(release)])), lock: environment.lock, claims: environment.claims, previousShas: environment.previousShas, open: new Map(environment.open) }];
      }),
    ),
    firstPlannedIn: new Map(value.firstPlannedIn),
    rolledBack: new Set(value.rolledBack),
    rollbackStarts: new Map(value.rollbackStarts),
  };
}
