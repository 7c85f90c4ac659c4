/**
 * What an environment is running and whether it is healthy: its `currentVersion` command
 * (through the command runner, with the workspace as cwd and values only as environment
 * variables) and one reading of each health probe.
 */
import type { EnvironmentConfig } from '../../../shared/config/workspace-config';
import { probeHealth, type HealthReading } from '../health/probe-health';
import { describeResult } from '../runner/run-command';
import { runWorkspaceCommand } from '../trust/run-workspace-command';
import type { WorkspaceTrust } from '../trust/workspace-trust';

export interface EnvironmentStatus {
  /** The deployed commit as `currentVersion` prints it; null when it could not say. */
  readonly version: string | null;
  /** Why `version` is null. */
  readonly versionProblem?: string;
  readonly health: readonly HealthReading[];
  /** A version is known and every probe is ok. */
  readonly healthy: boolean;
}

export interface EnvironmentStatusOptions {
  /** The workspace's trust; without it currentVersion is not run (health probes still are). */
  readonly trust: WorkspaceTrust | null;
  readonly workspaceDir: string;
  readonly environmentName: string;
  readonly repoPath: string;
  readonly baseEnv?: NodeJS.ProcessEnv;
  /** Known tokens, scrubbed from anything the command prints. */
  readonly secrets?: readonly string[];
  readonly fetchImpl?: typeof fetch;
}

export async function readEnvironmentStatus(environment: EnvironmentConfig, options: EnvironmentStatusOptions): Promise<EnvironmentStatus> {
  const [version, health] = await Promise.all([
    currentVersion(environment, options),
    Promise.all(environment.health.map((probe) => probeHealth(probe, options.fetchImpl))),
  ]);
  return {
    version: version.version,
    ...(version.problem === undefined ? {} : { versionProblem: version.problem }),
    health,
    healthy: version.version !== null && health.every((reading) => reading.ok),
  };
}

async function currentVersion(
  environment: EnvironmentConfig,
  options: EnvironmentStatusOptions,
): Promise<{ version: string | null; problem?: string }> {
  if (options.trust === null) return { version: null, problem: `currentVersion not run: ${UNTRUSTED_FOLDER}` };
  let stdout = '';
  const result = await runWorkspaceCommand(options.trust, environment.commands.currentVersion, {
    cwd: options.workspaceDir,
    env: { RELEASE_ENV: options.environmentName, REPO_PATH: options.repoPath },
    ...(options.baseEnv === undefined ? {} : { baseEnv: options.baseEnv }),
    timeoutMs: environment.timeouts.currentVersionSeconds * 1000,
    secrets: options.secrets ?? [],
    onOutput: (chunk, stream) => {
      if (stream === 'stdout') stdout += chunk;
    },
  });
  if (result.kind !== 'exited' || result.code !== 0) {
    const said = result.kind === 'exited' ? lastLine(result.output) : '';
    return { version: null, problem: `currentVersion ${describeResult(result)}${said === '' ? '' : `: ${said}`}` };
  }
  const version = lastLine(stdout);
  return version === '' ? { version: null, problem: 'currentVersion printed nothing' } : { version };
}

export const UNTRUSTED_FOLDER = 'this workspace folder is not trusted';

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}
