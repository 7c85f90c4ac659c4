/**
 * The release checklist as people read it — Plan, Stage 1, Exercise & sign off, Preflight,
 * Stage 2 switchover, Watch, Merge, Done — derived from a folded ReleaseState. The journal's
 * steps (commands) and facts (sign-offs, verdict, merge) map onto these eight rows; each row
 * says its state in words, who, when, how long, and which command output belongs to it.
 */
import type { StepName } from '../../../shared/releases/release-events';
import type { ReleaseState, StepRecord } from '../../../shared/releases/release-state';
import { between, earlyHealthyText, hasEnded, listOfPeople, shortSha } from './format';

export const CHECKLIST_IDS = ['plan', 'stage1', 'sign-off', 'preflight', 'switchover', 'watch', 'merge', 'done'] as const;
export type ChecklistId = (typeof CHECKLIST_IDS)[number];

export const CHECKLIST_TITLES: Readonly<Record<ChecklistId, string>> = {
  plan: 'Plan',
  stage1: 'Stage 1',
  'sign-off': 'Exercise & sign off',
  preflight: 'Preflight',
  switchover: 'Stage 2 switchover',
  watch: 'Watch',
  merge: 'Merge',
  done: 'Done',
};

export type ChecklistState = 'done' | 'running' | 'waiting' | 'failed' | 'inconclusive' | 'skipped' | 'not-started';

export interface ChecklistItem {
  readonly id: ChecklistId;
  readonly title: string;
  readonly state: ChecklistState;
  /** The state in words ("Done", "Failed: timed out", "Waiting for 2 sign-offs"): never colour alone. */
  readonly stateText: string;
  readonly actor: string | null;
  readonly at: string | null;
  readonly durationMs: number | null;
  /** What happened, in a sentence (the step's message, the abort reason…). */
  readonly detail: string | null;
  /** The command run whose output belongs to this row (the latest attempt). */
  readonly output: { readonly step: StepName; readonly attempt: number } | null;
  /** The row the flow is at now. */
  readonly current: boolean;
}

type Draft = Omit<ChecklistItem, 'title' | 'current'>;

const OUTCOME_TEXT: Readonly<Record<NonNullable<StepRecord['outcome']>, string>> = {
  succeeded: 'Done',
  failed: 'Failed',
  'timed-out': 'Failed: timed out',
  cancelled: 'Failed: cancelled',
  'failed-to-start': 'Failed: could not start',
};

function stepOf(state: ReleaseState, step: StepName): StepRecord | undefined {
  return state.steps.find((record) => record.step === step);
}

function fromStep(id: ChecklistId, record: StepRecord | undefined): Draft {
  const output = record !== undefined && record.attempts > 0 ? { step: record.step, attempt: record.attempts } : null;
  const base = {
    id,
    actor: record?.startedBy ?? null,
    at: record?.startedAt ?? null,
    durationMs: record?.durationMs ?? null,
    detail: record?.message ?? null,
    output,
  };
  const retry = record !== undefined && record.attempts > 1 ? ` (attempt ${record.attempts})` : '';
  switch (record?.status ?? 'not-started') {
    case 'not-started':
      return { ...base, state: 'not-started', stateText: 'Not started' };
    case 'running':
      return { ...base, state: 'running', stateText: `Running${retry}` };
    case 'succeeded':
      return { ...base, state: 'done', stateText: `Done${retry}` };
    case 'failed':
      return { ...base, state: 'failed', stateText: `${OUTCOME_TEXT[record?.outcome ?? 'failed']}${retry}` };
    case 'inconclusive':
      return { ...base, state: 'inconclusive', stateText: 'Inconclusive: started, outcome never recorded' };
  }
}

function signOffRow(state: ReleaseState): Draft {
  const stage1 = stepOf(state, 'stage1');
  const base = { id: 'sign-off' as const, output: null };
  const signers = state.signOffs.map((signOff) => signOff.engineer);
  const lastAt = state.signOffs.at(-1)?.at ?? null;
  const stage1Done = stage1?.status === 'succeeded';
  const movedOn = ['preflight', 'switchover'].some((step) => (stepOf(state, step as StepName)?.attempts ?? 0) > 0);
  const who = signers.length === 0 ? null : listOfPeople(signers);
  const since = stage1?.finishedAt;
  if (state.pendingSignOffs.length === 0 && stage1Done) {
    return { ...base, state: 'done', stateText: 'Done', actor: who, at: lastAt, durationMs: between(since, lastAt ?? undefined), detail: null };
  }
  if (movedOn) {
    return {
      ...base,
      state: 'skipped',
      stateText: 'Went on without every sign-off (override)',
      actor: who,
      at: lastAt,
      durationMs: null,
      detail: `Never signed off: ${listOfPeople(state.pendingSignOffs)}.`,
    };
  }
  if (!stage1Done) return { ...base, state: 'not-started', stateText: 'Not started', actor: null, at: null, durationMs: null, detail: null };
  const total = state.pendingSignOffs.length + state.signOffs.length;
  return {
    ...base,
    state: 'waiting',
    stateText: `Waiting for ${state.pendingSignOffs.length} of ${total} sign-offs`,
    actor: who,
    at: lastAt,
    durationMs: null,
    detail: `Still to sign off: ${listOfPeople(state.pendingSignOffs)}.`,
  };
}

function watchRow(state: ReleaseState): Draft {
  const switchover = stepOf(state, 'switchover');
  const base = { id: 'watch' as const, output: null };
  const verdict = state.verdict;
  if (verdict !== undefined) {
    const healthy = verdict.verdict === 'healthy';
    return {
      ...base,
      state: healthy ? 'done' : 'failed',
      stateText: healthy ? `Done: ${earlyHealthyText(verdict) ?? 'marked healthy'}` : 'Marked faulty',
      actor: verdict.by,
      at: verdict.at,
      durationMs: between(switchover?.finishedAt, verdict.at),
      detail: verdict.note ?? null,
    };
  }
  if (state.phase === 'watching') {
    return {
      ...base,
      state: 'running',
      stateText: 'Watching production',
      actor: null,
      at: switchover?.finishedAt ?? null,
      durationMs: null,
      detail: null,
    };
  }
  return { ...base, state: 'not-started', stateText: 'Not started', actor: null, at: null, durationMs: null, detail: null };
}

function mergeRow(state: ReleaseState): Draft {
  const row = fromStep('merge', stepOf(state, 'merge'));
  const merge = state.merge;
  if (merge === undefined) return row;
  const how = merge.method === 'pull-request' ? `pull request #${merge.pullRequest ?? '?'}` : 'git merge --no-ff';
  return {
    ...row,
    state: 'done',
    stateText: row.state === 'done' ? row.stateText : 'Done',
    at: row.at ?? merge.at,
    detail: `Merged into ${state.mainBranch} as ${shortSha(merge.mergeCommit)} (${how}).`,
  };
}

function doneRow(state: ReleaseState): Draft {
  const base = { id: 'done' as const, output: null };
  switch (state.phase) {
    case 'done': {
      const at = state.merge?.at ?? state.updatedAt;
      return { ...base, state: 'done', stateText: 'Done', actor: state.coordinator, at, durationMs: between(state.plannedAt, at), detail: null };
    }
    case 'aborted': {
      const abort = state.abort;
      return {
        ...base,
        state: 'skipped',
        stateText: 'Aborted',
        actor: abort?.by ?? null,
        at: abort?.at ?? null,
        durationMs: between(state.plannedAt, abort?.at),
        detail: abort === undefined ? null : `Aborted: ${abort.reason}`,
      };
    }
    case 'rolled-back': {
      const rollback = state.rollback;
      return {
        ...base,
        state: 'failed',
        stateText: 'Rolled back',
        actor: rollback?.by ?? null,
        at: rollback?.at ?? null,
        durationMs: between(state.plannedAt, rollback?.at),
        detail: rollback === undefined ? null : `Production rolled back to ${shortSha(rollback.toSha)}: ${rollback.message}`,
      };
    }
    default:
      return { ...base, state: 'not-started', stateText: 'Not yet', actor: null, at: null, durationMs: null, detail: null };
  }
}

/** A row of an ended release: what never ran or was still awaited did not happen. */
function settle(draft: Draft): Draft {
  if (draft.state === 'not-started') return { ...draft, state: 'skipped', stateText: 'Not run' };
  if (draft.state === 'waiting') return { ...draft, state: 'skipped', stateText: 'Not all signed off' };
  return draft;
}

/** The eight rows of one release, in flow order, with the row the flow is at marked. */
export function checklistOf(state: ReleaseState): readonly ChecklistItem[] {
  const drafts: Draft[] = [
    {
      id: 'plan',
      state: 'done',
      stateText: 'Done',
      actor: state.plannedBy,
      at: state.plannedAt,
      durationMs: null,
      detail: `${state.branch} at ${shortSha(state.sha)}; coordinator ${state.coordinator}, on-call ${state.onCall}; involved: ${listOfPeople(state.engineers)}.`,
      output: null,
    },
    fromStep('stage1', stepOf(state, 'stage1')),
    signOffRow(state),
    fromStep('preflight', stepOf(state, 'preflight')),
    fromStep('switchover', stepOf(state, 'switchover')),
    watchRow(state),
    mergeRow(state),
    doneRow(state),
  ];
  const final = hasEnded(state.phase);
  // An ended release never ran what it did not reach: "skipped", not "not started".
  const settled = final ? drafts.map(settle) : drafts;
  const currentIndex = final ? -1 : settled.findIndex((draft) => draft.state !== 'done' && draft.state !== 'skipped');
  return settled.map((draft, index) => ({ ...draft, title: CHECKLIST_TITLES[draft.id], current: index === currentIndex }));
}
