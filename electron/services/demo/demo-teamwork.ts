/**
 * What the demo team did before you arrived, so the board shows each readiness case from
 * the first look: feature/ready and feature/faulty-release have passed local tests and are
 * signed off by Dave; feature/needs-sign-off has passed local tests and waits for a sign-off.
 *
 * The work belongs to the exact commits the demo was created with (written to
 * `.demo/teamwork.json` then): a branch someone has pushed to since gets nothing, and a
 * commit that already has a record keeps it, so seeding twice changes nothing. The local
 * tests really run (the workspace's own command, in a worktree of the commit); only Dave's
 * sign-off is written as his (the seeded test runs say he ran them, too).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { runLocalTests } from '../readiness/local-test-run';
import type { WorkspaceTrust } from '../trust/workspace-trust';
import type { RecordsAccess } from '../readiness/readiness-records';
import type { SeedRecords } from '../readiness/readiness-runtime';
import { DEMO_PEOPLE } from './demo-config';
import { DEMO_BRANCHES, git } from './demo-history';
import { demoPaths } from './demo-paths';

/** The teammate whose sign-offs the demo starts with (one of people.signOff). */
export const DEMO_TEAMMATE = DEMO_PEOPLE.signOff[1];

const TESTED = [DEMO_BRANCHES.ready, DEMO_BRANCHES.needsSignOff, DEMO_BRANCHES.faultyRelease] as const;
const SIGNED_OFF: ReadonlySet<string> = new Set([DEMO_BRANCHES.ready, DEMO_BRANCHES.faultyRelease]);

const TeamworkSchema = z.object({ commits: z.record(z.string(), z.string().regex(/^[0-9a-f]{40}$/)) });

/** Called when the demo repository is created: the commits the team's work is about. */
export async function writeDemoTeamwork(dir: string): Promise<void> {
  const paths = demoPaths(dir);
  const commits: Record<string, string> = {};
  for (const branch of TESTED) commits[branch] = await git(paths.repo, ['rev-parse', `refs/heads/${branch}`]);
  await mkdir(paths.demo, { recursive: true });
  await writeFile(paths.teamwork, `${JSON.stringify({ commits }, null, 2)}\n`);
}

export interface DemoTeamworkOptions {
  readonly folder: string;
  readonly config: WorkspaceConfig;
  readonly logDir: string;
  /** Aborts the seeding (the workspace closed): the test run in progress is killed. */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** The demo folder's trust (given when the demo was created): the seed runs its tests. */
  readonly trust: WorkspaceTrust;
}

export async function seedDemoTeamwork(options: DemoTeamworkOptions, records: RecordsAccess): Promise<void> {
  const { config } = options;
  const localTests = config.localTests;
  const teamwork = await readTeamwork(options.folder);
  if (localTests === undefined || teamwork === null) return; // not a demo workspace
  const now = options.now ?? (() => new Date());
  const existing = await records.read();
  for (const branch of TESTED) {
    if (options.signal?.aborted === true) return;
    const sha = teamwork.commits[branch];
    if (sha === undefined) continue;
    const head = await git(config.repository.path, ['rev-parse', '--verify', '--quiet', `refs/remotes/${config.repository.remote}/${branch}`]).catch(() => null);
    if (head !== sha) continue;
    const recorded = existing.forBranch(branch);
    if (recorded.localTests?.sha !== sha) {
      const outcome = await runLocalTests(
        {
          trust: options.trust,
          repoPath: config.repository.path,
          branch,
          sha,
          command: localTests.command,
          timeoutMs: localTests.timeoutMinutes * 60_000,
          logDir: options.logDir,
          now,
          by: DEMO_TEAMMATE,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        },
        records,
      );
      if (outcome.kind === 'cancelled') return;
      if (outcome.kind !== 'passed') {
        throw new Error(`the demo's local tests did not pass on ${branch} (${outcome.kind}${'reason' in outcome ? `: ${outcome.reason}` : ''})`);
      }
    }
    if (SIGNED_OFF.has(branch) && recorded.signOff?.sha !== sha) {
      await records.append({ type: 'sign-off', branch, sha, by: DEMO_TEAMMATE, at: now().toISOString(), items: [...config.manualTesting.checklist] });
    }
  }
}

/** The seed as a workspace's readiness runtime takes it; a no-op for anything but the demo. */
export function demoTeamworkFor(folder: string, config: WorkspaceConfig): SeedRecords {
  return (records, logDir, signal, trust) => seedDemoTeamwork({ folder, config, logDir, signal, trust }, records);
}

async function readTeamwork(folder: string): Promise<z.infer<typeof TeamworkSchema> | null> {
  const file = demoPaths(folder).teamwork;
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = TeamworkSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: not the demo's teamwork file (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}
