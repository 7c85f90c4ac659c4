/**
 * `release-desk config check`: validates the workspace's release-desk.yml. Every problem on
 * its own line on stdout (so it can be piped or grepped), a one-line summary on stderr, exit 2
 * when the file is invalid.
 */
import { CONFIG_FILE_NAME, formatConfigProblems, type ConfigProblem } from '../../../shared/config/config-problem';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { loadWorkspaceConfig } from '../../services/workspace/load-config';
import { folderProblem, NO_WORKSPACE_HINT } from '../../services/workspace/workspace-status';
import { CliError, EXIT } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { resolveWorkspacePath } from '../resolve-workspace';

export async function configCheckCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const folder = await resolveWorkspacePath(options, io);
  if (folder === null) throw new CliError(`no workspace configured: ${NO_WORKSPACE_HINT}`);
  const problemInFolder = await folderProblem(folder);
  if (problemInFolder !== null) throw new CliError(problemInFolder);
  const load = await loadWorkspaceConfig(folder);
  switch (load.kind) {
    case 'unreadable':
      throw new CliError(`${load.file}: ${load.reason}`);
    case 'invalid':
      if (options.json) {
        const more = load.moreProblems ?? 0;
        io.stdout(`${JSON.stringify({ valid: false, file: load.file, problems: load.problems.map(jsonProblem), moreProblems: more }, null, 2)}\n`);
      } else {
        io.stdout(formatConfigProblems(load.problems, load.moreProblems).map((line) => `${line}\n`).join(''));
      }
      io.stderr(`release-desk: ${load.file}: ${count(load.problems.length + (load.moreProblems ?? 0), 'problem')}; see docs/configuration.md\n`);
      return EXIT.usage;
    case 'valid':
      if (options.json) {
        io.stdout(`${JSON.stringify({ valid: true, file: load.file, problems: [] }, null, 2)}\n`);
      } else {
        io.stdout(`${CONFIG_FILE_NAME}: valid (${summary(load.config)})\n`);
      }
      return EXIT.ok;
  }
}

function jsonProblem(problem: ConfigProblem) {
  return { line: problem.line, path: problem.path, message: problem.message, got: problem.got ?? null };
}

function summary(config: WorkspaceConfig): string {
  const environments = Object.keys(config.environments);
  const probes = Object.values(config.environments).reduce((sum, environment) => sum + environment.health.length, 0);
  return [
    `${count(environments.length, 'environment')}: ${environments.join(', ')}`,
    `CI ${config.ci.provider}`,
    count(probes, 'health probe'),
    config.repository.github === undefined ? 'GitHub off' : `GitHub ${config.repository.github}`,
    config.slack === undefined ? 'Slack off' : `Slack ${config.slack.channel}`,
  ].join('; ');
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
