/**
 * A step with an intent and no outcome is either still running (some live process of ours
 * runs it) or inconclusive (the process died: nobody knows what the command achieved). The
 * journal cannot tell which; the running-step markers can. This puts that answer into the
 * folded state, whichever of the two the fold assumed.
 */
import type { StepName } from '../../../shared/releases/release-events';
import type { ReleasePhase, ReleaseState, StepRecord } from '../../../shared/releases/release-state';

const RUNNING_PHASE: Partial<Record<StepName, ReleasePhase>> = {
  stage1: 'staging',
  preflight: 'preflighting',
  switchover: 'switching',
  merge: 'merging',
  rollback: 'rolling-back',
};

export function withLiveness(state: ReleaseState, isRunning: (step: StepName, attempt: number) => boolean): ReleaseState {
  const open = state.steps.find((record) => (record.status === 'running' || record.status === 'inconclusive') && record.finishedAt === undefined && record.attempts > 0);
  if (open === undefined) return state;
  const alive = isRunning(open.step, open.attempts);
  if (alive && open.status === 'running') return state;
  if (!alive && open.status === 'inconclusive' && state.phase === 'inconclusive') return state;
  const status: StepRecord['status'] = alive ? 'running' : 'inconclusive';
  const steps = state.steps.map((record) => (record === open ? { ...record, status } : record));
  if (alive) {
    const { inconclusiveStep: _dropped, ...rest } = state;
    return { ...rest, steps, phase: RUNNING_PHASE[open.step] ?? state.phase };
  }
  return { ...state, steps, phase: 'inconclusive', inconclusiveStep: open.step };
}
