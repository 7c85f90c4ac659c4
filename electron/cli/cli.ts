/**
 * `release-desk`: the same services as the app, without a window. Returns the exit code
 * instead of exiting, so tests run it in-process as well as as a child process.
 */
import { Command } from 'commander';
import { EXIT } from './cli-error';
import { reportCliFailure } from './cli-failure';
import type { CliIo, GlobalOptions } from './cli-io';
import { commandsFor } from './command-modules';
import { redactingIo } from './redacting-io';

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

  try {
    // Only the modules of the command being run are loaded (command-modules.ts).
    for (const register of await commandsFor(argv)) {
      register(program, globals, io, (code) => {
        exitCode = code;
      });
    }
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
