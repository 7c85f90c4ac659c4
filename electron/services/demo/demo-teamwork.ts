/**
 * What the demo team did before you arrived, so the board shows each readiness case from
 * the first look: feature/ready and feature/faulty-release have passed local tests and are
 * signed off by Dave; feature/needs-sign-off has passed local tests and waits for a sign-off.
 * The local tests really run (the workspace's own command, in a worktree of each head); only
 * Dave's sign-off is written as his. Runs once per records folder: a folder that already
 * holds a record for one of these branches is left alone.
 */
import { access } from 'node:fs/promises';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { runLocalTests } from '../readiness/local-test-run';
import type { RecordsAccess } from '../readiness/readiness-records';
import type { SeedRecords } from '../readiness/readiness-runtime';
import { DEMO_PEOPLE } from './demo-config';
import { DEMO_BRANCHES, git } from './demo-history';
import { demoPaths } from './demo-paths';

/** The teammate whose sign-offs the demo starts with (one of people.signOff). */
export const DEMO_TEAMMATE = DEMO_PEOPLE.signOff[1];

const TESTED = [DEMO_BRANCHES.ready, DEMO_BRANCHES.needsSignOff, DEMO_BRANCHES.faultyRelease] as const;
const SIGNED_OFF: ReadonlySet<string> = new Set([DEMO_BRANCHES.ready, DEMO_BRANCHES.faultyRelease]);

export interface DemoTeamworkOptions {
  readonly folder: string;
  readonly config: WorkspaceConfig;
  readonly logDir: string;
  readonly now?: () => Date;
}

/** True when `folder` is a demo workspace (its state file is there), not a team's own. */
export async function isDemoWorkspace(folder: string): Promise<boolean> {
  return access(demoPaths(folder).state).then(
    () => true,
    () => false,
  );
}

export async function seedDemoTeamwork(options: DemoTeamworkOptions, records: RecordsAccess): Promise<void> {
  const { config, folder } = options;
  const localTests = config.localTests;
  if (localTests === undefined || !(await isDemoWorkspace(folder))) return;
  const existing = await records.read();
  if (TESTED.some((branch) => existing.forBranch(branch).localTests !== null || existing.forBranch(branch).signOff !== null)) return;

  const now = options.now ?? (() => new Date());
  for (const branch of TESTED) {
    const sha = await git(config.repository.path, ['rev-parse', `refs/remotes/${config.repository.remote}/${branch}`]);
    const outcome = await runLocalTests(
      {
        repoPath: config.repository.path,
        branch,
        sha,
        command: localTests.command,
        timeoutMs: localTests.timeoutMinutes * 60_000,
        logDir: options.logDir,
        now,
      },
      records,
    );
    if (outcome.kind !== 'passed') {
      throw new Error(`the demo's local tests did not pass on ${branch} (${outcome.kind}${'reason' in outcome ? `: ${outcome.reason}` : ''})`);
    }
    if (SIGNED_OFF.has(branch)) {
      await records.append({ type: 'sign-off', branch, sha, by: DEMO_TEAMMATE, at: now().toISOString(), items: [...config.manualTesting.checklist] });
    }
  }
}

/** The seed as a workspace's readiness runtime takes it; a no-op for anything but the demo. */
export function demoTeamworkFor(folder: string, config: WorkspaceConfig): SeedRecords {
  return (records, logDir) => seedDemoTeamwork({ folder, config, logDir }, records);
}
