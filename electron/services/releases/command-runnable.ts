/**
 * Whether a configured command can start on this machine, without running it: the program
 * of an argv list, or the first word of a shell command line, must resolve to an executable
 * file (on PATH, or as a path relative to the workspace). Used by the preflight to prove the
 * rollback is possible before production is switched.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CommandSpec } from '../runner/run-command';

export type Runnable = { readonly runnable: true; readonly program: string } | { readonly runnable: false; readonly reason: string };

/** Shell words that are not programs: a command line starting with one is run by the shell itself. */
const SHELL_BUILTINS = new Set(['cd', 'exec', 'export', 'set', 'test', '[', 'true', 'false', ':', 'echo', 'printf', 'if', 'for', 'while', 'case', '{', '(', 'command', 'env']);

export async function commandRunnable(spec: CommandSpec, workspaceDir: string, env: NodeJS.ProcessEnv): Promise<Runnable> {
  const program = typeof spec === 'string' ? firstWord(spec) : spec[0];
  if (program === undefined || program === '') return { runnable: false, reason: 'the command is empty' };
  if (typeof spec === 'string' && SHELL_BUILTINS.has(program)) return { runnable: true, program };
  if (program.includes('/')) {
    const file = path.resolve(workspaceDir, program);
    return (await isExecutableFile(file))
      ? { runnable: true, program: file }
      : { runnable: false, reason: `${program} is not an executable file (looked at ${file})` };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter((entry) => entry !== '')) {
    const file = path.join(dir, program);
    if (await isExecutableFile(file)) return { runnable: true, program: file };
  }
  return { runnable: false, reason: `${program} is not found on PATH` };
}

/** The first word of a shell command line, skipping leading `NAME=value` assignments. */
function firstWord(line: string): string | undefined {
  const words = line.trim().split(/\s+/);
  const first = words.find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
  return first?.replace(/^['"]|['"]$/g, '');
}

async function isExecutableFile(file: string): Promise<boolean> {
  const found = await stat(file).catch(() => null);
  if (found === null || !found.isFile()) return false;
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}
