/**
 * The rollback calls of the contract, over the open workspace. A broken release-desk.yml
 * still rolls back: the session's last valid configuration is used, else the copy saved on
 * disk by an earlier valid load (last-valid-config.ts).
 */
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { DeskError } from '../../../shared/ipc/result';
import type { Handlers } from '../../ipc/dispatch';
import type { WorkspaceSession } from '../workspace/workspace-session';
import { NO_WORKSPACE_HINT } from '../workspace/workspace-status';
import type { RollbackRuntimes } from './rollback-runtimes';

export function createRollbackHandlers(
  workspacePath: () => string | null,
  sessionFor: (folder: string) => WorkspaceSession,
  rollbacks: RollbackRuntimes | undefined,
): Pick<Handlers, 'rollback.preview' | 'rollback.start' | 'rollback.unlock'> {
  const serviceOf = async () => {
    if (rollbacks === undefined) throw new DeskError('unavailable', 'This Release Desk host does not roll back: use `release-desk rollback`.');
    const folder = workspacePath();
    if (folder === null) throw new DeskError('not-configured', NO_WORKSPACE_HINT);
    const snapshot = await sessionFor(folder).refresh();
    const config: WorkspaceConfig | null = snapshot.config ?? (await rollbacks.savedConfig(folder)) ?? null;
    if (config === null) {
      const problems = snapshot.status.kind === 'invalid' ? snapshot.status.problems.join('; ') : 'it was never valid';
      throw new DeskError('config-invalid', `release-desk.yml cannot be used and no earlier valid version is known: ${problems}`);
    }
    return rollbacks.for(folder, config);
  };
  return {
    'rollback.preview': async (environment) => (await serviceOf()).preview(environment),
    'rollback.start': async (environment, options) =>
      (await serviceOf()).rollback({
        environment,
        ...(options.toSha === undefined ? {} : { toSha: options.toSha }),
        ...(options.reason === undefined ? {} : { reason: options.reason }),
      }),
    'rollback.unlock': async (environment, reason) => (await serviceOf()).unlock(environment, reason),
  };
}
