/**
 * Which module registers each top-level command word. cli.ts loads only the module of the
 * word being run, so `release-desk --version` or `release-desk status` do not pay for the
 * GitHub, Slack and CircleCI clients other commands need (issue 11: CLI start ≤ 0.15 s).
 * Help, and a word nobody registers (for commander's suggestion), load them all.
 *
 * A new command: one line here, `[words it registers, () => import(module) → its register function]`;
 * a subcommand added to another module's group: a line after that module's, with the same word.
 */
import type { Command } from 'commander';
import type { CliIo, GlobalOptions } from './cli-io';

/** Adds a module's commands to the program; `done` receives the exit code of the one that ran. */
export type RegisterCommands = (program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void) => void;

export const COMMAND_MODULES: readonly (readonly [words: readonly string[], load: () => Promise<RegisterCommands>])[] = [
  [['status'], async () => (await import('./commands/status')).registerStatusCommand],
  [['readiness'], async () => (await import('./commands/readiness')).registerReadinessCommand],
  [['config'], async () => (await import('./commands/config')).registerConfigCommands],
  [['demo'], async () => (await import('./commands/demo')).registerDemoCommand],
  [['release'], async () => (await import('./commands/release')).registerReleaseCommands],
  [['rollback', 'unlock'], async () => (await import('./commands/rollback')).registerRollbackCommands],
  [['audit'], async () => (await import('./commands/audit-verify')).registerAuditCommands],
  [['audit'], async () => (await import('./commands/audit-metrics')).registerAuditMetricsCommand],
  [['audit'], async () => (await import('./commands/audit-conformance')).registerAuditConformanceCommand],
  // After audit-verify, which creates the `audit` group this adds `export` to.
  [['audit'], async () => (await import('./commands/audit-export')).registerAuditExportCommand],
];

/** Global options that take a value: the word after them is not the command. */
const OPTIONS_WITH_VALUE = new Set(['-w', '--workspace', '--override-reason']);

/** The command word: the first argument that is neither an option nor a global option's value. */
export function commandWord(argv: readonly string[]): string | null {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === '--') return argv[index + 1] ?? null;
    if (OPTIONS_WITH_VALUE.has(arg)) index += 1;
    else if (!arg.startsWith('-')) return arg;
  }
  return null;
}

/**
 * The register functions `argv` needs: its word's module; none when it only asks for the
 * version; all of them for help or a word no module registers.
 */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommands[]> {
  const word = commandWord(argv);
  // A word may have several modules (audit verify, audit export): all of them, in table order.
  const known = word === null ? [] : COMMAND_MODULES.filter(([words]) => words.includes(word));
  if (known.length > 0) return Promise.all(known.map(([, load]) => load()));
  if (word === null && argv.some((arg) => arg === '-v' || arg === '--version') && !argv.some((arg) => arg === '-h' || arg === '--help')) return [];
  return Promise.all(COMMAND_MODULES.map(([, load]) => load()));
}
