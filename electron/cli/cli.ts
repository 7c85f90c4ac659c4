/**
 * `release-desk`: the same services as the app, without a window. Returns the exit code
 * instead of exiting, so tests run it in-process as well as as a child process.
 */
import { Argument, Command } from 'commander';
import { EXIT } from './cli-error';
import { reportCliFailure } from './cli-failure';
import type { CliIo, GlobalOptions } from './cli-io';
import { redactingIo } from './redacting-io';
import { demoCommand, type DemoCommandOptions } from './commands/demo';
import { configCheckCommand } from './commands/config-check';
import { configSchemaCommand } from './commands/config-schema';
import { readinessCommand, type ReadinessCommandOptions } from './commands/readiness';
import { registerReleaseCommands } from './commands/release';
import { registerRollbackCommands } from './commands/rollback';
import { statusCommand } from './commands/status';
import { registerAuditCommands } from './commands/audit-verify';

export async function runCli(argv: readonly string[], rawIo: CliIo, version: string): Promise<number> {
  // Redacted at the boundary: no command can print a token of the environment.
  const io = redactingIo(rawIo);
  try {
    return await runCommands(argv, io, version);
  } finally {
    io.flush();
  }
}

async function runCommands(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const program = new Command('release-desk')
    .description('Release Desk: branch readiness, release checklists and rollback, from the command line.')
    .version(version, '-v, --version', 'print the version')
    .option('-w, --workspace <path>', 'workspace folder (holds release-desk.yml); default: $RELEASE_DESK_WORKSPACE, then the app\'s last workspace')
    .option('--json', 'machine-readable output on stdout', false)
    .option('-y, --yes', 'answer every confirmation with yes (commands that change production ask otherwise)')
    .option('--override-reason <text>', 'do what the release rules refuse, recording this written reason in the journal')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true);

  let exitCode: number = EXIT.ok;
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('status')
    .description('the open workspace and the state of its environments')
    .action(async () => {
      exitCode = await statusCommand(globals(), io);
    });

  program
    .command('readiness')
    .argument('[branch]', 'one branch: exit 0 when eligible for release, 1 when not')
    .description('is the branch ready? every branch (or one) with its blockers')
    .option('--timeout <seconds>', 'how long GitHub and CircleCI may take, together (default 20)')
    .action(async (branch: string | undefined, options: ReadinessCommandOptions) => {
      exitCode = await readinessCommand(branch, { ...globals(), ...options }, io);
    });

  const config = program.command('config').description('the workspace configuration, release-desk.yml');
  config
    .command('check')
    .description('validate release-desk.yml: every problem on its own line, exit 2 when invalid')
    .action(async () => {
      exitCode = await configCheckCommand(globals(), io);
    });
  config
    .command('schema')
    .description('print the JSON Schema of release-desk.yml (for editors)')
    .action(() => {
      exitCode = configSchemaCommand(io);
    });

  program
    .command('demo')
    .description('create (if absent) and start the demo workspace, printing its folder last; `demo stop` stops it')
    .addArgument(new Argument('[action]', 'start or stop').choices(['start', 'stop']).default('start'))
    .option('--dir <path>', 'the demo workspace folder (default: <settings folder>/demo)')
    .action(async (action: 'start' | 'stop', options: DemoCommandOptions) => {
      exitCode = await demoCommand(action, options, globals(), io);
    });

  registerReleaseCommands(program, globals, io, (code) => {
    exitCode = code;
  });

  registerRollbackCommands(program, globals, io, (code) => {
    exitCode = code;
  });

  registerAuditCommands(program, globals, io, (code) => {
    exitCode = code;
  });

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ok;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportCliFailure(error, io);
  }
}
