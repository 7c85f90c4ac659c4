/**
 * The state of releases and environments as a pure fold of the journal's events. Nothing
 * else stores release state: the services append events and fold again.
 *
 * Total by design: an event that does not fit (unknown release, wrong phase, a finish with no
 * matching start) is ignored here and never throws. Telling the journal is inconsistent is
 * the audit's job (verify), not the fold's.
 *
 * A `step-started` without its `step-finished` folds as `running`: only the service knows
 * whether its child process still runs. On reopening, it calls `markInconclusive` with the
 * steps it is running itself (none, after a restart), which turns the others inconclusive.
 */
import { FINAL_PHASES, STEP_NAMES } from './release-constants';
import type { EventOf, JournalEvent, StepName, StepOutcome } from './release-events';
import { includesPerson, samePerson } from './same-person';
import type { EnvironmentState, ReleasePhase, ReleaseState, StepRecord } from './release-state';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Phases in which the release is before Stage 2: engineers may change, abort is possible. */
export const BEFORE_SWITCHOVER_PHASES: readonly ReleasePhase[] = [
  'planned',
  'staging',
  'stage1-failed',
  'exercising',
  'preflighting',
  'preflight-failed',
  'ready-for-switchover',
];
/** Phases from which production may be rolled back (switching = abort-and-rollback). */
export const ROLLBACK_PHASES: readonly ReleasePhase[] = ['switching', 'switchover-failed', 'watching', 'faulty', 'merging', 'merge-failed', 'rolling-back'];
/** Where the preview may be signed off: Stage 1 succeeded and Stage 2 has not started. */
export const SIGN_OFF_PHASES: readonly ReleasePhase[] = ['exercising', 'preflighting', 'preflight-failed', 'ready-for-switchover'];

/**
 * For each step that moves the flow: the phases it may start from, the phase while it runs,
 * and where each outcome leads. `current-version` and `teardown` are helpers that never move
 * the phase (they may run in any phase, even after an abort).
 */
const FLOW_STEPS: Partial<Record<StepName, { from: readonly ReleasePhase[]; running: ReleasePhase; succeeded: ReleasePhase; failed: ReleasePhase }>> = {
  stage1: { from: ['planned', 'stage1-failed'], running: 'staging', succeeded: 'exercising', failed: 'stage1-failed' },
  preflight: { from: ['exercising', 'preflight-failed', 'ready-for-switchover'], running: 'preflighting', succeeded: 'ready-for-switchover', failed: 'preflight-failed' },
  switchover: { from: ['exercising', 'ready-for-switchover', 'switchover-failed'], running: 'switching', succeeded: 'watching', failed: 'switchover-failed' },
  merge: { from: ['merging', 'merge-failed'], running: 'merging', succeeded: 'done', failed: 'merge-failed' },
  // The rollback's success is the `rolled-back` event (it carries from/to); a failed rollback
  // leaves the release rolling back, so it can be tried again.
  rollback: { from: ROLLBACK_PHASES, running: 'rolling-back', succeeded: 'rolling-back', failed: 'rolling-back' },
};

/** Steps whose lost outcome leaves production or the flow unknown (helpers do not). */
export const FLOW_STEP_NAMES: readonly StepName[] = STEP_NAMES.filter((step) => FLOW_STEPS[step] !== undefined);

/** Every release in the journal, in plan order. */
export function foldReleases(events: readonly JournalEvent[]): readonly ReleaseState[] {
  const releases = new Map<string, ReleaseState>();
  for (const event of events) foldReleaseEvent(releases, event);
  return [...releases.values()];
}

/**
 * One step of foldReleases, for folds kept between reads (the rollback's ledger): the map holds
 * the releases so far, by id in plan order, and is changed in place (its states too).
 */
export function foldReleaseEvent(releases: Map<string, ReleaseState>, event: JournalEvent): void {
  if (event.type === 'planned') {
    if (event.releaseId !== null && !releases.has(event.releaseId)) releases.set(event.releaseId, plannedState(event));
    return;
  }
  const release = event.releaseId === null ? undefined : (releases.get(event.releaseId) as Mutable<ReleaseState> | undefined);
  if (release === undefined || release.environment !== event.environment) return;
  if (apply(release, event)) {
    release.lastSeq = event.seq;
    release.updatedAt = event.at;
  }
}

/** One release, or null when the journal never planned it. */
export function foldRelease(events: readonly JournalEvent[], releaseId: string): ReleaseState | null {
  const planned = events.find((event) => event.type === 'planned' && event.releaseId === releaseId);
  if (planned === undefined) return null;
  const own = events.filter((event) => event.releaseId === releaseId);
  return foldReleases(own)[0] ?? null;
}

/** One environment across every release: the active release, the lock, what was live. */
export function foldEnvironment(events: readonly JournalEvent[], environment: string): EnvironmentState {
  const releases = new Map(foldReleases(events.filter((event) => event.environment === environment)).map((release) => [release.id, release]));
  let lock: EnvironmentState['lock'] = null;
  const liveHistory: Mutable<EnvironmentState['liveHistory']> = [];
  for (const event of events) {
    if (event.environment !== environment) continue;
    if (event.type === 'lock-taken') {
      lock = { reason: event.data.reason, by: event.actor, at: event.at, releaseId: event.releaseId };
    } else if (event.type === 'lock-released') {
      lock = null;
    } else if (event.type === 'step-finished' || event.type === 'inconclusive-resolved' || event.type === 'rolled-back') {
      const release = event.releaseId === null ? undefined : releases.get(event.releaseId);
      if (release === undefined) continue;
      const sha = liveShaOf(event, release);
      if (sha !== null) {
        liveHistory.unshift({ sha, since: event.at, releaseId: release.id, branch: release.branch, how: event.type === 'rolled-back' ? 'rollback' : 'switchover' });
      }
    }
  }
  const active = [...releases.values()].filter((release) => !FINAL_PHASES.includes(release.phase));
  return { environment, activeReleaseId: active.at(-1)?.id ?? null, lock, liveHistory };
}

/** The SHA an event proves production runs, when it proves one. */
function liveShaOf(event: JournalEvent, release: ReleaseState): string | null {
  if (event.type === 'rolled-back') return event.data.toSha;
  if (event.type === 'step-finished' && event.data.step === 'switchover' && event.data.outcome === 'succeeded') {
    return event.data.facts.productionVersion === release.sha ? release.sha : null;
  }
  if (event.type === 'inconclusive-resolved' && event.data.step === 'switchover' && event.data.resolution === 'succeeded') {
    return event.data.observedVersion === release.sha ? release.sha : null;
  }
  return null;
}

/**
 * Turns each `running` step that this process is not running into `inconclusive`; when that
 * step moves the flow (not `current-version` or `teardown`), the release's phase becomes
 * `inconclusive` until an `inconclusive-resolved` event. Call with an empty list on
 * reopening (app or CLI start): nothing runs yet in a new process.
 */
export function markInconclusive(state: ReleaseState, runningInThisProcess: readonly StepName[]): ReleaseState {
  const lost = state.steps.filter((step) => step.status === 'running' && !runningInThisProcess.includes(step.step));
  if (lost.length === 0) return state;
  const steps = state.steps.map((step) => (lost.includes(step) ? { ...step, status: 'inconclusive' as const } : step));
  const flowStep = lost.find((step) => FLOW_STEP_NAMES.includes(step.step));
  // A final release stays final (a Stage 1 left running by an abort changes nothing now).
  if (flowStep === undefined || FINAL_PHASES.includes(state.phase)) return { ...state, steps };
  return { ...state, steps, phase: 'inconclusive', inconclusiveStep: flowStep.step };
}

/** The step that is running (intent without outcome), if any. */
export function runningStep(state: ReleaseState): StepRecord | undefined {
  return state.steps.find((step) => step.status === 'running');
}

export function stepOf(state: ReleaseState, step: StepName): StepRecord {
  return state.steps.find((record) => record.step === step) ?? { step, status: 'not-started', attempts: 0 };
}

function plannedState(event: EventOf<'planned'>): Mutable<ReleaseState> {
  const { data } = event;
  return {
    id: event.releaseId ?? `r${event.seq}`,
    environment: event.environment,
    branch: data.branch,
    sha: data.sha,
    mainBranch: data.mainBranch,
    coordinator: data.coordinator,
    onCall: data.onCall,
    engineers: [...data.engineers],
    ...(data.pullRequest === undefined ? {} : { pullRequest: { ...data.pullRequest } }),
    plannedAt: event.at,
    plannedBy: event.actor,
    phase: 'planned',
    steps: STEP_NAMES.map((step) => ({ step, status: 'not-started', attempts: 0 })),
    signOffs: [],
    pendingSignOffs: [...data.engineers],
    overrides: [],
    firstSeq: event.seq,
    lastSeq: event.seq,
    updatedAt: event.at,
  };
}

/** Applies one event; false when it does not fit the release (then nothing changed). */
function apply(release: Mutable<ReleaseState>, event: JournalEvent): boolean {
  if (FINAL_PHASES.includes(release.phase) && !AFTER_FINAL.includes(event.type)) return false;
  switch (event.type) {
    case 'engineers-changed': {
      if (!BEFORE_SWITCHOVER_PHASES.includes(release.phase)) return false;
      release.engineers = [...event.data.engineers];
      // Those who stay keep their signature; a removed engineer's no longer counts.
      release.signOffs = release.signOffs.filter((signOff) => includesPerson(release.engineers, signOff.engineer));
      release.pendingSignOffs = pending(release);
      return true;
    }
    case 'signed-off': {
      const { engineer, note } = event.data;
      if (!SIGN_OFF_PHASES.includes(release.phase)) return false;
      if (!includesPerson(release.engineers, engineer) || release.signOffs.some((signOff) => samePerson(signOff.engineer, engineer))) return false;
      release.signOffs = [...release.signOffs, { engineer, at: event.at, seq: event.seq, ...(note === undefined ? {} : { note }) }];
      release.pendingSignOffs = pending(release);
      return true;
    }
    case 'override':
      release.overrides = [...release.overrides, { ...event.data, by: event.actor, at: event.at, seq: event.seq }];
      return true;
    case 'step-started':
      return startStep(release, event);
    case 'step-finished': {
      const { step, attempt, outcome, exitCode, durationMs, message, facts } = event.data;
      const finished = finishStep(release, step, attempt, outcome, event.at, { exitCode, durationMs, message });
      if (!finished) return false;
      if (outcome === 'succeeded') {
        if (step === 'stage1' && facts.previewUrl !== undefined) release.previewUrl = facts.previewUrl;
        if (step === 'preflight' && facts.previousSha !== undefined) release.previousSha = facts.previousSha;
        if (step === 'merge' && facts.mergeCommit !== undefined) {
          release.merge = { method: facts.mergeMethod ?? 'git', mergeCommit: facts.mergeCommit, at: event.at, ...(facts.pullRequest === undefined ? {} : { pullRequest: facts.pullRequest }) };
        }
      }
      return true;
    }
    case 'inconclusive-resolved': {
      const { step, attempt, resolution, observedVersion, note } = event.data;
      const message = `Resolved by ${event.actor}: ${resolution}; production runs ${observedVersion ?? 'an unknown version'}${note === undefined ? '' : ` (${note})`}`;
      return finishStep(release, step, attempt, resolution, event.at, { exitCode: null, message });
    }
    case 'verdict': {
      if (release.phase !== 'watching' || runningStep(release) !== undefined) return false;
      const { verdict, note, watchRemainingMs } = event.data;
      release.verdict = { verdict, by: event.actor, at: event.at, ...(note === undefined ? {} : { note }), ...(watchRemainingMs === undefined ? {} : { watchRemainingMs }) };
      release.phase = verdict === 'healthy' ? 'merging' : 'faulty';
      return true;
    }
    case 'merged': {
      if (!['merging', 'merge-failed', 'done'].includes(release.phase)) return false;
      const { method, mergeCommit, pullRequest } = event.data;
      release.merge = { method, mergeCommit, at: event.at, ...(pullRequest === undefined ? {} : { pullRequest }) };
      release.phase = 'done';
      return true;
    }
    case 'release-notes':
      release.releaseNotes = event.data.commits.map((commit) => ({ ...commit, ...(commit.pullRequest === undefined ? {} : { pullRequest: { ...commit.pullRequest } }) }));
      return true;
    case 'aborted': {
      if (!BEFORE_SWITCHOVER_PHASES.includes(release.phase)) return false;
      release.abort = { reason: event.data.reason, by: event.actor, at: event.at };
      release.phase = 'aborted';
      return true;
    }
    case 'rolled-back': {
      if (!ROLLBACK_PHASES.includes(release.phase)) return false;
      release.rollback = { ...event.data, by: event.actor, at: event.at };
      release.phase = 'rolled-back';
      return true;
    }
    case 'lock-taken':
    case 'lock-released':
      // Environment facts: foldEnvironment reads them. Part of the release's record all the same.
      return true;
    case 'planned':
      return false;
    case 'audit-acknowledged':
      // About the journal, not about a release.
      return false;
    case 'watch-summary':
      // Evidence for the report; the release's phase does not change. The first one counts.
      release.watchSummary ??= { at: event.at, samplesFile: event.data.samplesFile, probes: event.data.probes.map((probe) => ({ ...probe })) };
      return true;
  }
}

/** What may still be recorded about a finished release: its helpers' outcomes, notes, locks. */
const AFTER_FINAL: readonly JournalEvent['type'][] = ['step-started', 'step-finished', 'inconclusive-resolved', 'release-notes', 'lock-taken', 'lock-released', 'merged', 'watch-summary'];

function startStep(release: Mutable<ReleaseState>, event: EventOf<'step-started'>): boolean {
  const { step, attempt, logFile } = event.data;
  const flow = FLOW_STEPS[step];
  const record = stepOf(release, step);
  if (record.status === 'running') return false;
  if (flow === undefined) {
    // Helpers run in any phase (a teardown after an abort, a version check while inconclusive).
  } else if (FINAL_PHASES.includes(release.phase) || !flow.from.includes(release.phase)) {
    return false;
  } else if (step === 'merge' && record.status === 'succeeded') {
    return false;
  } else {
    // Abort-and-rollback: the rollback starts while the switchover still runs; the
    // switchover's own outcome is recorded when it ends, the phase stays with the rollback.
    if (step !== 'rollback' && runningStep(release) !== undefined) return false;
    release.phase = flow.running;
  }
  replaceStep(release, { step, status: 'running', attempts: Math.max(attempt, record.attempts + 1), startedAt: event.at, startedBy: event.actor, logFile });
  return true;
}

function finishStep(
  release: Mutable<ReleaseState>,
  step: StepName,
  attempt: number,
  outcome: StepOutcome,
  at: string,
  detail: { exitCode: number | null; durationMs?: number; message: string },
): boolean {
  const record = stepOf(release, step);
  if (record.status !== 'running' || record.attempts !== attempt) return false;
  const durationMs = detail.durationMs ?? (record.startedAt === undefined ? undefined : Math.max(0, Date.parse(at) - Date.parse(record.startedAt)));
  replaceStep(release, {
    ...record,
    status: outcome === 'succeeded' ? 'succeeded' : 'failed',
    finishedAt: at,
    outcome,
    exitCode: detail.exitCode,
    message: detail.message,
    ...(durationMs === undefined ? {} : { durationMs }),
  });
  const flow = FLOW_STEPS[step];
  // Only the step that owns the phase moves it (a switchover ending during its rollback does not).
  if (flow !== undefined && release.phase === flow.running) {
    release.phase = outcome === 'succeeded' ? flow.succeeded : flow.failed;
  }
  return true;
}

function replaceStep(release: Mutable<ReleaseState>, record: StepRecord): void {
  release.steps = release.steps.map((existing) => (existing.step === record.step ? record : existing));
}

function pending(release: ReleaseState): string[] {
  return release.engineers.filter((engineer) => !release.signOffs.some((signOff) => samePerson(signOff.engineer, engineer)));
}
