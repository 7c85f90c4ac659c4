/**
 * A step with an intent and no outcome is either still running (some live process of ours
 * runs it: this one, or the app/CLI next to it, by its running-step marker) or inconclusive
 * (the process died: nobody knows what the command achieved). The fold says `running`;
 * this asks the markers and lets the fold's `markInconclusive` turn the rest inconclusive.
 */
import { markInconclusive } from '../../../shared/releases/fold-release';
import type { StepName } from '../../../shared/releases/release-events';
import type { ReleaseState } from '../../../shared/releases/release-state';

export function withLiveness(state: ReleaseState, isRunning: (step: StepName, attempt: number) => boolean): ReleaseState {
  const alive = state.steps.filter((record) => record.status === 'running' && isRunning(record.step, record.attempts)).map((record) => record.step);
  return markInconclusive(state, alive);
}
