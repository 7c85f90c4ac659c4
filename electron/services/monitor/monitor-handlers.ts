/** The monitor calls of the contract, over the open workspace's monitors. */
import { DeskError } from '../../../shared/ipc/result';
import type { Handlers } from '../../ipc/dispatch';
import { currentConfig } from '../workspace/current-config';
import type { WorkspaceSession } from '../workspace/workspace-session';
import type { MonitorRuntimes } from './monitor-runtimes';

export function createMonitorHandlers(
  workspacePath: () => string | null,
  sessionFor: (folder: string) => WorkspaceSession,
  monitors: MonitorRuntimes | undefined,
): Pick<Handlers, 'monitor.overview' | 'monitor.health'> {
  return {
    'monitor.overview': async () => {
      if (monitors === undefined) throw new DeskError('unavailable', 'This Release Desk host does not watch environments.');
      const { folder, config } = await currentConfig(workspacePath, sessionFor);
      return monitors.overview(folder, config);
    },
    'monitor.health': async () => {
      if (monitors === undefined) throw new DeskError('unavailable', 'This Release Desk host does not watch environments.');
      const { folder, config } = await currentConfig(workspacePath, sessionFor);
      return monitors.health(folder, config);
    },
  };
}
