/**
 * The demo team's earlier work (demo-teamwork.ts) as a seed that loads the demo's modules
 * only for a demo folder: a CLI run on any other workspace (`readiness BRANCH`, issue 11:
 * ≤ 0.3 s) does not pay for compiling and running them. The same no-op elsewhere.
 */
import { access } from 'node:fs/promises';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { SeedRecords } from '../readiness/readiness-runtime';
import { demoPaths } from './demo-paths';

export function lazyDemoTeamworkFor(folder: string, config: WorkspaceConfig): SeedRecords {
  return async (records, logDir, signal, trust) => {
    // No teamwork file: not a demo workspace (seedDemoTeamwork would return at once too).
    const isDemo = await access(demoPaths(folder).teamwork).then(
      () => true,
      () => false,
    );
    if (!isDemo) return;
    const { demoTeamworkFor } = await import('./demo-teamwork');
    await demoTeamworkFor(folder, config)(records, logDir, signal, trust);
  };
}
