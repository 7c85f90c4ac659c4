/** The readiness calls of the contract, over the open workspace's ReadinessRuntime. */
import { formatConfigProblem } from '../../../shared/config/config-problem';
import { DeskError } from '../../../shared/ipc/result';
import type { Handlers } from '../../ipc/dispatch';
import type { WorkspaceSession } from '../workspace/workspace-session';
import { NO_WORKSPACE_HINT } from '../workspace/workspace-status';
import type { ReadinessRuntime } from './readiness-runtime';
import type { ReadinessRuntimes } from './readiness-runtimes';

type ReadinessCalls =
  | 'readiness.board'
  | 'readiness.refresh'
  | 'readiness.runLocalTests'
  | 'readiness.cancelLocalTests'
  | 'readiness.localTestLog'
  | 'readiness.signOff'
  | 'readiness.circleciDetails';

export function createReadinessHandlers(
  workspacePath: () => string | null,
  sessionFor: (folder: string) => WorkspaceSession,
  runtimes: ReadinessRuntimes | undefined,
): Pick<Handlers, ReadinessCalls> {
  const runtime = async (): Promise<ReadinessRuntime> => {
    if (runtimes === undefined) throw new DeskError('unavailable', 'This Release Desk host does not read branches.');
    const folder = workspacePath();
    if (folder === null) throw new DeskError('not-configured', NO_WORKSPACE_HINT);
    const snapshot = await sessionFor(folder).refresh();
    if (snapshot.config === null) {
      const problems = snapshot.status.kind === 'invalid' ? snapshot.status.problems : snapshot.problems.map(formatConfigProblem);
      throw new DeskError('config-invalid', `release-desk.yml cannot be used: ${problems.join('; ')}`);
    }
    return runtimes.for(folder, snapshot.config);
  };
  return {
    'readiness.board': async () => (await runtime()).service.board(),
    'readiness.refresh': async () => (await runtime()).refreshNow(),
    'readiness.runLocalTests': async (branch, sha) => (await runtime()).runLocalTests(branch, sha),
    'readiness.cancelLocalTests': async (branch) => (await runtime()).cancelLocalTests(branch),
    'readiness.localTestLog': async (branch) => (await runtime()).localTestLog(branch),
    'readiness.signOff': async (branch, sha, items) => (await runtime()).signOff(branch, sha, items),
    'readiness.circleciDetails': async (branch, sha) => (await runtime()).circleciDetails(branch, sha),
  };
}
