/**
 * What a command that threw prints and exits with: one line on stderr, and the exit code its
 * error means (usage errors from commander and internal errors exit 2). Shared by the full CLI
 * and the lean rollback entry.
 */
import { CommanderError } from 'commander';
import { CliError, EXIT } from './cli-error';
import type { CliIo } from './cli-io';

export function reportCliFailure(error: unknown, io: Pick<CliIo, 'stderr'>): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    io.stderr(`release-desk: ${oneLine(error.message.replace(/^error: /, ''))}\n`);
    return EXIT.usage;
  }
  if (error instanceof CliError) {
    io.stderr(`release-desk: ${oneLine(error.message)}\n`);
    return error.exitCode;
  }
  io.stderr(`release-desk: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
  return EXIT.usage;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
