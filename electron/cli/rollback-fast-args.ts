/**
 * The plain forms of `rollback` and `unlock`, read without commander so a rollback does not
 * pay for loading it. Anything else (--help, an unknown or malformed option) returns null and
 * the commander program (rollback-cli.ts) handles it, with its messages and exit codes.
 */
import type { GlobalOptions } from './cli-io';

export type FastCommand =
  | { readonly command: 'rollback'; readonly global: GlobalOptions; readonly options: { env: string; to?: string; yes?: boolean; reason?: string; json?: boolean } }
  | { readonly command: 'unlock'; readonly global: GlobalOptions; readonly options: { env: string; reason: string } };

const VALUED = new Set(['-w', '--workspace', '--env', '--to', '--reason']);
const FLAGS = new Set(['--json', '--yes', '-y']);

export function parseFastArgs(argv: readonly string[]): FastCommand | null {
  let command: string | null = null;
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUED.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++index];
      if (value === undefined || values.has(name === '-w' ? '--workspace' : name)) return null;
      values.set(name === '-w' ? '--workspace' : name, value);
    } else if (FLAGS.has(arg)) {
      flags.add(arg === '-y' ? '--yes' : arg);
    } else if (!arg.startsWith('-') && command === null) {
      command = arg;
    } else {
      return null;
    }
  }
  const workspace = values.get('--workspace');
  const global: GlobalOptions = { json: flags.has('--json'), ...(workspace === undefined ? {} : { workspace }) };
  const env = values.get('--env') ?? 'production';
  const reason = values.get('--reason');
  const to = values.get('--to');
  if (command === 'rollback') {
    return { command, global, options: { env, yes: flags.has('--yes'), json: flags.has('--json'), ...(to === undefined ? {} : { to }), ...(reason === undefined ? {} : { reason }) } };
  }
  if (command === 'unlock' && reason !== undefined && to === undefined && !flags.has('--yes')) return { command, global, options: { env, reason } };
  return null;
}
