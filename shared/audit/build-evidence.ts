/**
 * Builds the evidence report of one release (evidence-model.ts) from the journal's events,
 * the journal's verification at export time and the monitor's samples file when it is still
 * there. Pure: the caller reads the files. Nothing is invented: what the journal does not
 * hold is `{ recorded: false, why }`.
 */
import { foldRelease } from '../releases/fold-release';
import type { EventOf, JournalEvent, StepName } from '../releases/release-events';
import { summarizeSamples } from '../monitor/sample-summary';
import type { ProbeSample } from '../monitor/alert-rules';
import { isTampering, type JournalProblem } from './verify-journal';
import type { EvidenceReport, Recorded, StepRun } from './evidence-model';

export interface SampleLine extends ProbeSample {
  readonly probe: string;
}

export interface EvidenceInput {
  readonly releaseId: string;
  /** Journal events in file order: at least the release's own, every plan, and the overrides and lock releases with no release id. */
  readonly events: readonly JournalEvent[];
  readonly verification: {
    readonly ok: boolean;
    readonly entries: number;
    readonly head: { readonly seq: number; readonly hash: string } | null;
    readonly problems: readonly JournalProblem[];
  };
  /** The watch's samples file, read; `recorded: false` when it is gone or there was none. */
  readonly samples: Recorded<readonly SampleLine[]>;
  readonly journalFile: string;
  readonly exportedAt: string;
  /** The main branch's conformance around the release, when it was checked at export. */
  readonly conformance?: EvidenceReport['conformance'];
}

const MAX_PROBLEMS = 20;

const yes = <T>(value: T): Recorded<T> => ({ recorded: true, value });
const no = <T>(why: string): Recorded<T> => ({ recorded: false, why });
const NOT_AT_PLAN = 'not recorded: the journal\'s planned event has no readiness snapshot (planned before Release Desk recorded one)';

/** Null when the journal never planned `releaseId`. */
export function buildEvidence(input: EvidenceInput): EvidenceReport | null {
  const { releaseId } = input;
  const state = foldRelease(input.events, releaseId);
  const own = input.events.filter((event) => event.releaseId === releaseId);
  const planned = own.find((event): event is EventOf<'planned'> => event.type === 'planned');
  const first = own[0];
  const last = own.at(-1);
  if (state === null || planned === undefined || first === undefined || last === undefined) return null;
  const of = <T extends JournalEvent['type']>(type: T) => own.filter((event): event is EventOf<T> => event.type === type);
  const snapshot = planned.data.readiness;
  const runs = (step: StepName) => stepRuns(own, step);

  const stage1Runs = runs('stage1');
  const switchoverRuns = runs('switchover');
  const preflightRuns = runs('preflight');
  const stage2Start = switchoverRuns[0];
  const lockTaken = of('lock-taken')[0];
  const lockReleased =
    lockTaken === undefined
      ? undefined
      : input.events.find((event): event is EventOf<'lock-released'> => event.type === 'lock-released' && event.environment === lockTaken.environment && event.seq > lockTaken.seq);
  const watch = of('watch-summary').at(-1);
  const notes = of('release-notes').at(-1);
  const planOverride = planOverrideOf(input.events, planned);
  const ownSeqs = new Set([...own.map((event) => event.seq), ...(planOverride === undefined ? [] : [planOverride.seq])]);
  const tampering = input.verification.problems.filter(isTampering);

  return {
    format: 'release-desk-evidence',
    version: 1,
    exportedAt: input.exportedAt,
    release: { id: releaseId, environment: state.environment, phase: state.phase, plannedAt: state.plannedAt, plannedBy: state.plannedBy },
    branch: { name: state.branch, sha: state.sha, mainBranch: state.mainBranch },
    pullRequest:
      state.pullRequest === undefined
        ? no(snapshot === undefined ? 'not recorded: no pull request was known when the release was planned' : 'no pull request was open for the branch when the release was planned')
        : yes({
            ...state.pullRequest,
            reviewDecision: snapshot === undefined ? no(NOT_AT_PLAN) : snapshot.reviewDecision === null ? no('not recorded: GitHub reported no review decision') : yes(snapshot.reviewDecision),
            reviews:
              snapshot?.reviews === undefined
                ? no('not recorded: the individual reviewers were not read when the release was planned')
                : yes(snapshot.reviews.map((review) => ({ ...review }))),
          }),
    ciChecks:
      snapshot === undefined
        ? no(NOT_AT_PLAN)
        : snapshot.ci === null
          ? no(`not recorded: ${snapshot.ciUnavailable ?? 'CI did not answer when the release was planned'}`)
          : yes({ provider: snapshot.ci.provider, sha: snapshot.ci.sha, checks: snapshot.ci.checks.map((check) => ({ ...check })), note: snapshot.ciUnavailable ?? null }),
    localTests:
      snapshot === undefined
        ? no(NOT_AT_PLAN)
        : snapshot.localTests === null
          ? no('not recorded: no local test run was known for the branch when the release was planned')
          : yes({ ...snapshot.localTests, durationMs: snapshot.localTests.durationMs ?? null, by: snapshot.localTests.by ?? null }),
    manualSignOff:
      snapshot === undefined
        ? no(NOT_AT_PLAN)
        : snapshot.signOff === null
          ? no('not recorded: nobody had signed off manual testing when the release was planned')
          : yes({ ...snapshot.signOff, items: [...snapshot.signOff.items] }),
    readinessSummary: snapshot === undefined ? no(NOT_AT_PLAN) : yes(snapshot.summary),
    plan: {
      coordinator: planned.data.coordinator,
      onCall: planned.data.onCall,
      engineers: [...planned.data.engineers],
      engineerChanges: of('engineers-changed').map((event) => ({ at: event.at, by: event.actor, engineers: [...event.data.engineers] })),
    },
    stage1: stage1Runs.length === 0 ? no('not recorded: Stage 1 never started') : yes({ previewUrl: state.previewUrl ?? null, runs: stage1Runs }),
    previewSignOffs: {
      signOffs: state.signOffs.map((signOff) => ({ engineer: signOff.engineer, at: signOff.at, note: signOff.note ?? null, seq: signOff.seq })),
      pending: [...state.pendingSignOffs],
    },
    preflight: preflightRuns.length === 0 ? no('not recorded: the preflight never ran') : yes({ previousSha: state.previousSha ?? null, runs: preflightRuns }),
    stage2: stage2Start === undefined ? no('not recorded: Stage 2 never started') : yes({ startedBy: stage2Start.startedBy, startedAt: stage2Start.startedAt, runs: switchoverRuns }),
    verdict: state.verdict === undefined ? no('not recorded: no verdict was given') : yes({ ...state.verdict, note: state.verdict.note ?? null }),
    monitor:
      watch === undefined
        ? no('not recorded: the journal holds no watch summary for this release')
        : yes({
            at: watch.at,
            samplesFile: watch.data.samplesFile,
            probes: watch.data.probes.map((probe) => ({ ...probe })),
            samples: input.samples.recorded ? yes(summariesOf(input.samples.value)) : no(input.samples.why),
          }),
    rollback:
      state.rollback === undefined
        ? no('no rollback: the journal records none for this release')
        : yes({ ...state.rollback, runs: runs('rollback') }),
    lock:
      lockTaken === undefined
        ? no('no lock: the journal records none taken for this release')
        : yes({
            takenBy: lockTaken.actor,
            takenAt: lockTaken.at,
            reason: lockTaken.data.reason,
            released: lockReleased === undefined ? null : { by: lockReleased.actor, at: lockReleased.at, reason: lockReleased.data.reason },
          }),
    abort: state.abort === undefined ? no('not aborted') : yes({ ...state.abort }),
    merge: state.merge === undefined ? no('not recorded: the branch was not merged by this release') : yes({ ...state.merge, pullRequest: state.merge.pullRequest ?? null, by: of('merged').at(-1)?.actor ?? state.coordinator }),
    conformance: input.conformance ?? no('not checked at export: `release-desk audit export --conformance` walks the main branch and says whether it received only released branches around this release'),
    releaseNotes:
      notes === undefined
        ? no('not recorded: the journal holds no release notes for this release')
        : yes(notes.data.commits.map((commit) => ({ sha: commit.sha, subject: commit.subject, author: commit.author, pullRequest: commit.pullRequest === undefined ? null : { ...commit.pullRequest } }))),
    overrides: [
      ...(planOverride === undefined ? [] : [{ ...planOverride.data, by: planOverride.actor, at: planOverride.at, seq: planOverride.seq }]),
      ...state.overrides.map((override) => ({ ...override })),
    ],
    events: own.map((event) => ({ seq: event.seq, at: event.at, actor: event.actor, type: event.type, hash: event.hash })),
    journal: {
      file: input.journalFile,
      firstSeq: first.seq,
      firstHash: first.hash,
      lastSeq: last.seq,
      lastHash: last.hash,
      verify: {
        at: input.exportedAt,
        ok: input.verification.ok,
        entries: input.verification.entries,
        head: input.verification.head === null ? null : { ...input.verification.head },
        problems: tampering.slice(0, MAX_PROBLEMS).map((problem) => ({ kind: problem.kind, line: problem.line, seq: problem.seq, message: problem.message })),
        moreProblems: Math.max(0, tampering.length - MAX_PROBLEMS),
        problemsInRelease: tampering.filter((problem) => problem.seq !== null && ownSeqs.has(problem.seq)).length,
      },
    },
  };
}

/**
 * A refused plan's override is journaled before the release exists, so it has no release id:
 * it is the last `plan` override in the environment, by the planner, after the environment's
 * previous plan and before this one.
 */
function planOverrideOf(events: readonly JournalEvent[], planned: EventOf<'planned'>): EventOf<'override'> | undefined {
  let found: EventOf<'override'> | undefined;
  for (const event of events) {
    if (event.seq >= planned.seq) break;
    if (event.environment !== planned.environment) continue;
    if (event.type === 'planned') found = undefined;
    else if (event.type === 'override' && event.releaseId === null && event.data.action === 'plan' && event.actor === planned.actor) found = event;
  }
  return found;
}

/** Each run of a step: its intent, and its outcome when there is one (or how it was resolved). */
function stepRuns(events: readonly JournalEvent[], step: StepName): StepRun[] {
  const runs: StepRun[] = [];
  for (const event of events) {
    if (event.type === 'step-started' && event.data.step === step) {
      runs.push({
        attempt: event.data.attempt,
        startedAt: event.at,
        startedBy: event.actor,
        command: event.data.command,
        finishedAt: null,
        outcome: null,
        exitCode: null,
        durationMs: null,
        message: null,
        probes: [],
        previewUrl: null,
        previewAnswered: null,
        productionVersion: null,
      });
      continue;
    }
    const index = runs.findIndex((run) => 'data' in event && (event.type === 'step-finished' || event.type === 'inconclusive-resolved') && event.data.step === step && run.attempt === event.data.attempt);
    const run = runs[index];
    if (run === undefined) continue;
    if (event.type === 'step-finished') {
      const { facts } = event.data;
      runs[index] = {
        ...run,
        finishedAt: event.at,
        outcome: event.data.outcome,
        exitCode: event.data.exitCode,
        durationMs: event.data.durationMs,
        message: event.data.message,
        probes: [...(facts.probes ?? [])],
        previewUrl: facts.previewUrl ?? null,
        previewAnswered: facts.previewAnswered ?? null,
        productionVersion: facts.productionVersion ?? null,
      };
    } else if (event.type === 'inconclusive-resolved') {
      runs[index] = {
        ...run,
        finishedAt: event.at,
        outcome: `inconclusive, resolved as ${event.data.resolution} by ${event.actor}`,
        message: event.data.note ?? null,
        productionVersion: event.data.observedVersion,
      };
    }
  }
  return runs;
}

function summariesOf(samples: readonly SampleLine[]) {
  const byProbe = new Map<string, SampleLine[]>();
  for (const sample of samples) {
    const lines = byProbe.get(sample.probe);
    if (lines === undefined) byProbe.set(sample.probe, [sample]);
    else lines.push(sample);
  }
  return [...byProbe].map(([probe, lines]) => ({ probe, ...summarizeSamples(lines), alerts: null }));
}
