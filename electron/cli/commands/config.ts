/** `release-desk config check|schema`: the workspace configuration, release-desk.yml. */
import type { Command } from 'commander';
import type { CliIo, GlobalOptions } from '../cli-io';
import { configCheckCommand } from './config-check';
import { configSchemaCommand } from './config-schema';

export function registerConfigCommands(program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void): void {
  const config = program.command('config').description('the workspace configuration, release-desk.yml');
  config
    .command('check')
    .description('validate release-desk.yml: every problem on its own line, exit 2 when invalid')
    .action(async () => {
      done(await configCheckCommand(globals(), io));
    });
  config
    .command('schema')
    .description('print the JSON Schema of release-desk.yml (for editors)')
    .action(() => {
      done(configSchemaCommand(io));
    });
}
