/** The readiness calls of the contract, over the open workspace's ReadinessRuntime. */
import { DeskError } from '../../../shared/ipc/result';
import type { Handlers } from '../../ipc/dispatch';
import type { WorkspaceSession } from '../workspace/workspace-session';
import { currentConfig } from '../workspace/current-config';
import type { ReadinessRuntime } from './readiness-runtime';
import type { ReadinessRuntimes } from './readiness-runtimes';

type ReadinessCalls =
  | 'readiness.board'
  | 'readiness.refresh'
  | 'readiness.runLocalTests'
  | 'readiness.cancelLocalTests'
  | 'readiness.localTestLog'
  | 'readiness.signOff'
  | 'readiness.circleciDetails'
  | 'readiness.localTestRuns';

export function createReadinessHandlers(
  workspacePath: () => string | null,
  sessionFor: (folder: string) => WorkspaceSession,
  runtimes: ReadinessRuntimes | undefined,
): Pick<Handlers, ReadinessCalls> {
  const runtime = async (): Promise<ReadinessRuntime> => {
    if (runtimes === undefined) throw new DeskError('unavailable', 'This Release Desk host does not read branches.');
    const { folder, config } = await currentConfig(workspacePath, sessionFor);
    return await runtimes.for(folder, config);
  };
  return {
    'readiness.board': async () => (await runtime()).service.board(),
    'readiness.refresh': async () => (await runtime()).refreshNow(),
    'readiness.runLocalTests': async (branch, sha) => (await runtime()).runLocalTests(branch, sha),
    'readiness.cancelLocalTests': async (branch, sha) => (await runtime()).cancelLocalTests(branch, sha),
    'readiness.localTestLog': async (branch, sha) => (await runtime()).localTestLog(branch, sha),
    'readiness.signOff': async (branch, sha, items) => (await runtime()).signOff(branch, sha, items),
    'readiness.circleciDetails': async (branch, sha) => (await runtime()).circleciDetails(branch, sha),
    'readiness.localTestRuns': async (branch) => (await runtime()).localTestRuns(branch),
  };
}
