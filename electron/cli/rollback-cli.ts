/**
 * The rollback's own small CLI program (dist/cli-rollback.js): `rollback` and `unlock` with
 * the global options, and nothing else loaded. bin/release-desk.js starts it for those two
 * commands, so a rollback does not pay for the readiness, GitHub, Slack and CircleCI code
 * (`release-desk --version` with everything loaded costs ~0.45 s, `node -e 0` ~0.1 s).
 * The full CLI (cli.ts) registers the same commands, for `--help` and in-process tests.
 */
import { Command } from 'commander';
import { EXIT } from './cli-error';
import { reportCliFailure } from './cli-failure';
import type { CliIo, GlobalOptions } from './cli-io';
import { registerRollbackCommands } from './commands/rollback';

export async function runRollbackCli(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const program = new Command('release-desk')
    .version(version, '-v, --version', 'print the version')
    .option('-w, --workspace <path>', "workspace folder (holds release-desk.yml); default: $RELEASE_DESK_WORKSPACE, then the app's last workspace")
    .option('--json', 'machine-readable output on stdout', false)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text), outputError: () => undefined });
  let exitCode: number = EXIT.ok;
  registerRollbackCommands(program, () => program.opts<GlobalOptions>(), io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportCliFailure(error, io);
  }
}
