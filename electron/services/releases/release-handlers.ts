/**
 * The release calls of the IPC contract, over the open workspace's ReleaseService. A refusal
 * by the rules comes back as a `conflict` error carrying the one-sentence reason.
 */
import { DeskError } from '../../../shared/ipc/result';
import type { Handlers } from '../../ipc/dispatch';
import type { WorkspaceSession } from '../workspace/workspace-session';
import { currentConfig } from '../workspace/current-config';
import type { ReleaseRuntimes } from './release-runtimes';
import type { ReleaseService } from './release-service';

type ReleaseCallName = Extract<keyof Handlers, `releases.${string}`>;
export type ReleaseHandlers = Pick<Handlers, ReleaseCallName>;

export function createReleaseHandlers(
  workspacePath: () => string | null = () => null,
  sessionFor?: (folder: string) => WorkspaceSession,
  runtimes?: ReleaseRuntimes,
): ReleaseHandlers {
  const service = async (): Promise<ReleaseService> => {
    if (runtimes === undefined || sessionFor === undefined) {
      throw new DeskError('unavailable', 'Releases are not available in this host of Release Desk.');
    }
    const { folder, config } = await currentConfig(workspacePath, sessionFor);
    return runtimes.for(folder, config);
  };
  return {
    'releases.overview': async () => (await service()).overview(),
    'releases.history': async () => (await service()).history(),
    'releases.get': async (id) => (await service()).get(id),
    'releases.plan': async (request) => (await service()).plan(request),
    'releases.editEngineers': async (id, engineers, options) => (await service()).editEngineers(id, engineers, options),
    'releases.startStage1': async (id, options) => (await service()).startStage1(id, options),
    'releases.signOff': async (id, options) => (await service()).signOff(id, options),
    'releases.preflight': async (id, options) => (await service()).preflight(id, options),
    'releases.switchover': async (id, options) => (await service()).switchover(id, options),
    'releases.markVerdict': async (id, verdict, options) => (await service()).markVerdict(id, verdict, options),
    'releases.merge': async (id, options) => (await service()).merge(id, options),
    'releases.abort': async (id, reason) => (await service()).abort(id, reason),
    'releases.checkProduction': async (id) => (await service()).checkProduction(id),
    'releases.resolveInconclusive': async (id, resolution) => (await service()).resolveInconclusive(id, resolution),
    'releases.cancelStep': async (id) => (await service()).cancelStep(id),
    'releases.stepLog': async (id, step, attempt) => (await service()).stepLog(id, step, attempt),
  };
}
