/**
 * Process entry of the rollback bundle (dist/cli-rollback.js), started by bin/release-desk.js
 * for `rollback` and `unlock`. The plain forms run without commander (rollback-fast-args.ts);
 * anything else goes to the commander program, loaded only then.
 */
import { CliError, EXIT } from './cli-error';
import type { CliIo } from './cli-io';
import { askOnTerminal } from './terminal-ask';
import { rollbackCommand, unlockCommand } from './commands/rollback';
import { redactingIo } from './redacting-io';
import { parseFastArgs } from './rollback-fast-args';

declare const RELEASE_DESK_VERSION: string;

// No V8 flag changes here (see one-shot-process.ts): the rollback runs on Node's defaults,
// a few tens of ms at exit are worth less than the least doubt about the path that restores production.
const rawIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  interactive: process.stdin.isTTY === true,
  ask: askOnTerminal,
};

// Redacted at the boundary, as the full CLI is: no token of the environment is printed.
const io = redactingIo(rawIo);

async function run(argv: readonly string[]): Promise<number> {
  const fast = parseFastArgs(argv);
  if (fast === null) {
    const { runRollbackCli } = await import('./rollback-cli');
    return runRollbackCli(argv, io, RELEASE_DESK_VERSION);
  }
  try {
    return fast.command === 'rollback' ? await rollbackCommand(fast.options, fast.global, io) : await unlockCommand(fast.options, fast.global, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`release-desk: ${error instanceof CliError ? '' : 'internal error: '}${message.replace(/\s*\n\s*/g, ' ').trim()}\n`);
    return error instanceof CliError ? error.exitCode : EXIT.usage;
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} finally {
  io.flush();
}
