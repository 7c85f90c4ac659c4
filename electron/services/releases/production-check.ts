/**
 * What production runs now and whether it is healthy, as facts a step records: the
 * environment's `currentVersion` command and one reading of each health probe.
 */
import { shortSha } from '../../../shared/text/short-sha';
import type { EnvironmentConfig } from '../../../shared/config/workspace-config';
import { readEnvironmentStatus, type EnvironmentStatus } from '../environments/environment-status';
import type { WorkspaceTrust } from '../trust/workspace-trust';

export interface ProductionCheck {
  readonly version: string | null;
  readonly versionProblem?: string;
  readonly healthy: boolean;
  /** One line per probe ("web: ok, HTTP 200 in 12 ms, reports 3f1c2ab"). */
  readonly probes: readonly string[];
  /** The lines of `probes` that are not ok. */
  readonly failing: readonly string[];
  readonly at: string;
}

export interface ProductionCheckOptions {
  readonly workspaceDir: string;
  readonly environmentName: string;
  readonly repoPath: string;
  readonly baseEnv?: NodeJS.ProcessEnv;
  readonly secrets: readonly string[];
  readonly now: () => Date;
  /** Without it currentVersion is not run and the version is unknown (probes still answer). */
  readonly trust: WorkspaceTrust | null;
}

export async function checkProduction(environment: EnvironmentConfig, options: ProductionCheckOptions): Promise<ProductionCheck> {
  const status: EnvironmentStatus = await readEnvironmentStatus(environment, {
    workspaceDir: options.workspaceDir,
    environmentName: options.environmentName,
    repoPath: options.repoPath,
    ...(options.baseEnv === undefined ? {} : { baseEnv: options.baseEnv }),
    secrets: options.secrets,
    trust: options.trust,
  });
  const version = status.version !== null && /^[0-9a-f]{40}$/.test(status.version) ? status.version : null;
  const versionProblem =
    status.version !== null && version === null ? `currentVersion printed ${JSON.stringify(status.version.slice(0, 80))}, not a full commit SHA` : status.versionProblem;
  const probes = status.health.map((reading) => {
    const answer = reading.status === null ? 'no answer' : `HTTP ${reading.status}`;
    const reports = reading.version === null ? '' : `, reports ${shortSha(reading.version)}`;
    return { ok: reading.ok, line: `${reading.name}: ${reading.ok ? 'ok' : `FAILING (${reading.problem ?? 'failed'})`}, ${answer} in ${reading.latencyMs} ms${reports}`.slice(0, 500) };
  });
  return {
    version,
    ...(versionProblem === undefined ? {} : { versionProblem }),
    healthy: version !== null && status.health.every((reading) => reading.ok),
    probes: probes.map((probe) => probe.line),
    failing: probes.filter((probe) => !probe.ok).map((probe) => probe.line),
    at: options.now().toISOString(),
  };
}

/** Why production is not running `sha` healthily, in one sentence; null when it is. */
export function productionProblem(check: ProductionCheck, sha: string): string | null {
  if (check.version === null) return `production's version is unknown (${check.versionProblem ?? 'currentVersion said nothing'})`;
  if (check.version !== sha) return `production reports ${shortSha(check.version)}, not the release ${shortSha(sha)}`;
  if (check.failing.length > 0) return `production reports ${shortSha(sha)} but a health probe fails: ${check.failing.join('; ')}`;
  return null;
}
