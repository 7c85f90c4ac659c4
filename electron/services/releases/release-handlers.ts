/**
 * The release calls of the IPC contract. Until the release service is wired in, every call
 * answers `unavailable` with that reason: the Release view shows it instead of pretending.
 */
import { DeskError } from '../../../shared/ipc/result';
import type { Handlers } from '../../ipc/dispatch';

type ReleaseCallName = Extract<keyof Handlers, `releases.${string}`>;
export type ReleaseHandlers = Pick<Handlers, ReleaseCallName>;

const notYet = (): never => {
  throw new DeskError('unavailable', 'Releases are not available in this build of Release Desk yet.');
};

export function createReleaseHandlers(): ReleaseHandlers {
  return {
    'releases.overview': notYet,
    'releases.history': notYet,
    'releases.get': notYet,
    'releases.plan': notYet,
    'releases.editEngineers': notYet,
    'releases.startStage1': notYet,
    'releases.signOff': notYet,
    'releases.preflight': notYet,
    'releases.switchover': notYet,
    'releases.markVerdict': notYet,
    'releases.merge': notYet,
    'releases.abort': notYet,
    'releases.checkProduction': notYet,
    'releases.resolveInconclusive': notYet,
    'releases.cancelStep': notYet,
    'releases.stepLog': notYet,
  };
}
