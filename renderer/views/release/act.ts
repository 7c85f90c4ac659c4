/**
 * One place that turns a release action into its desk call. Every step action may carry an
 * override reason (the rules refused it and a person wrote why they go on anyway).
 */
import type { ReleaseAction } from '../../../shared/releases/release-events';
import type { ActionVerdict } from '../../../shared/releases/release-state';
import type { ActOptions, ReleaseView } from '../../../shared/releases/release-ipc';
import type { Result } from '../../../shared/ipc/result';

/** The actions the Release view runs with one button (abort and inconclusive have their own forms). */
export type ButtonAction = Extract<ReleaseAction, 'start-stage1' | 'sign-off' | 'preflight' | 'switchover' | 'mark-healthy' | 'mark-faulty' | 'merge'>;

const BUTTON_ACTIONS: readonly ReleaseAction[] = ['start-stage1', 'sign-off', 'preflight', 'switchover', 'mark-healthy', 'mark-faulty', 'merge'];

export function isButtonAction(action: ReleaseAction): action is ButtonAction {
  return BUTTON_ACTIONS.includes(action);
}

/** What a button says when the flow does not name it (the next action comes labelled). */
export const ACTION_LABELS: Readonly<Record<ButtonAction, string>> = {
  'start-stage1': 'Start Stage 1',
  'sign-off': 'Sign off the preview',
  preflight: 'Run the preflight',
  switchover: 'Switch production over',
  'mark-healthy': 'Mark healthy',
  'mark-faulty': 'Mark faulty',
  merge: 'Merge',
};

export function runAction(releaseId: string, action: ButtonAction, options: ActOptions): Promise<Result<ReleaseView>> {
  const releases = window.desk.releases;
  switch (action) {
    case 'start-stage1':
      return releases.startStage1(releaseId, options);
    case 'sign-off':
      return releases.signOff(releaseId, options);
    case 'preflight':
      return releases.preflight(releaseId, options);
    case 'switchover':
      return releases.switchover(releaseId, options);
    case 'mark-healthy':
      return releases.markVerdict(releaseId, 'healthy', options);
    case 'mark-faulty':
      return releases.markVerdict(releaseId, 'faulty', options);
    case 'merge':
      return releases.merge(releaseId, options);
  }
}

export function verdictFor(actions: readonly ActionVerdict[], action: ReleaseAction): ActionVerdict | undefined {
  return actions.find((verdict) => verdict.action === action);
}

/**
 * A refusal to show: the main process's sentence when it refused (the journal is the
 * arbiter), and whether a written override may go on anyway (from the view's verdicts).
 */
export interface Refusal {
  readonly action: ButtonAction;
  readonly reason: string;
  readonly overridable: boolean;
}

export function refusalOf(action: ButtonAction, message: string, actions: readonly ActionVerdict[]): Refusal {
  const verdict = verdictFor(actions, action);
  return { action, reason: message, overridable: verdict !== undefined && !verdict.allowed && verdict.overridable };
}
