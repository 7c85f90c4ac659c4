import type { Command } from 'commander';
import { readEnvironmentStatus, type EnvironmentStatus } from '../../services/environments/environment-status';
import { createEnvTokenSource } from '../../services/vault/token-source';
import { EXIT } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { loadWorkspaceForCli } from '../load-workspace';
import { untrustedError } from '../cli-trust';

export function registerStatusCommand(program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void): void {
  program
    .command('status')
    .description('the open workspace and the state of its environments')
    .action(async () => {
      done(await statusCommand(globals(), io));
    });
}

/**
 * The workspace and, for each environment, the deployed version (its currentVersion
 * command) and one reading of each health probe. Exit 0 when every environment reports a
 * version and every probe is ok, 1 when one is unhealthy or unreachable.
 */
export async function statusCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const { folder, config, trust } = await loadWorkspaceForCli(options, io);
  if (trust === null) throw untrustedError(folder, 'its currentVersion command');
  // Tokens the CLI holds come from the environment; they are scrubbed and withheld.
  const secrets = createEnvTokenSource(io.env).knownSecrets();
  const environments = await Promise.all(
    Object.entries(config.environments).map(
      async ([name, environment]) =>
        [
          name,
          await readEnvironmentStatus(environment, {
            workspaceDir: folder,
            trust,
            environmentName: name,
            repoPath: config.repository.path,
            baseEnv: io.env,
            secrets,
          }),
        ] as const,
    ),
  );
  const healthy = environments.every(([, environment]) => environment.healthy);

  if (options.json) {
    const report = {
      workspace: { name: config.name, path: folder },
      healthy,
      environments: Object.fromEntries(environments.map(([name, environment]) => [name, jsonOf(environment)])),
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(`Workspace ${config.name}\n  folder: ${folder}\n`);
    for (const [name, environment] of environments) io.stdout(describe(name, environment));
  }
  return healthy ? EXIT.ok : EXIT.notSo;
}

function jsonOf(environment: EnvironmentStatus) {
  return {
    version: environment.version,
    ...(environment.versionProblem === undefined ? {} : { versionProblem: environment.versionProblem }),
    healthy: environment.healthy,
    health: environment.health.map((reading) => ({
      name: reading.name,
      url: reading.url,
      ok: reading.ok,
      status: reading.status,
      latencyMs: reading.latencyMs,
      version: reading.version,
      ...(reading.problem === undefined ? {} : { problem: reading.problem }),
    })),
  };
}

function describe(name: string, environment: EnvironmentStatus): string {
  const lines = [`${name}: ${environment.healthy ? 'healthy' : 'NOT HEALTHY'}`];
  lines.push(`  version: ${environment.version ?? `unknown (${environment.versionProblem ?? 'no answer'})`}`);
  if (environment.health.length === 0) lines.push('  health: no probes configured');
  for (const reading of environment.health) {
    const answer = reading.status === null ? 'no answer' : `HTTP ${reading.status}`;
    const version = reading.version === null ? '' : `, reports ${reading.version}`;
    const verdict = reading.ok ? 'ok' : `FAILING (${reading.problem ?? 'failed'})`;
    lines.push(`  health ${reading.name}: ${verdict}: ${answer} in ${reading.latencyMs} ms${version} — ${reading.url}`);
  }
  return `${lines.join('\n')}\n`;
}
