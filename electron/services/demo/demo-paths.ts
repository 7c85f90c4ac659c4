/** Where things live inside a demo workspace folder. */
import path from 'node:path';

export interface DemoPaths {
  readonly dir: string;
  readonly config: string;
  readonly repo: string;
  readonly origin: string;
  readonly deploy: string;
  readonly demo: string;
  readonly state: string;
  /** The commits the demo team already tested and signed off (demo-teamwork.ts). */
  readonly teamwork: string;
  readonly processes: string;
  readonly logs: string;
}

export function demoPaths(dir: string): DemoPaths {
  const root = path.resolve(dir);
  const demo = path.join(root, '.demo');
  return {
    dir: root,
    config: path.join(root, 'release-desk.yml'),
    repo: path.join(root, 'repo'),
    origin: path.join(root, 'origin.git'),
    deploy: path.join(root, 'deploy'),
    demo,
    state: path.join(demo, 'state.json'),
    teamwork: path.join(demo, 'teamwork.json'),
    processes: path.join(demo, 'processes.json'),
    logs: path.join(demo, 'logs'),
  };
}

/** The entries a demo workspace consists of; anything else in the folder is not ours. */
export const DEMO_ENTRIES = ['release-desk.yml', 'repo', 'origin.git', 'deploy', '.demo'] as const;
