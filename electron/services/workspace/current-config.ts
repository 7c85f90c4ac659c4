/**
 * The open workspace's folder and last valid configuration, or the DeskError a call
 * answers with when there is none (no workspace, or a release-desk.yml never valid).
 */
import { formatConfigProblem } from '../../../shared/config/config-problem';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { DeskError } from '../../../shared/ipc/result';
import type { WorkspaceSession } from './workspace-session';
import { NO_WORKSPACE_HINT } from './workspace-status';

export async function currentConfig(
  workspacePath: () => string | null,
  sessionFor: (folder: string) => WorkspaceSession,
): Promise<{ readonly folder: string; readonly config: WorkspaceConfig }> {
  const folder = workspacePath();
  if (folder === null) throw new DeskError('not-configured', NO_WORKSPACE_HINT);
  const snapshot = await sessionFor(folder).refresh();
  if (snapshot.config === null) {
    const problems = snapshot.status.kind === 'invalid' ? snapshot.status.problems : snapshot.problems.map(formatConfigProblem);
    throw new DeskError('config-invalid', `release-desk.yml cannot be used: ${problems.join('; ')}`);
  }
  return { folder, config: snapshot.config };
}
