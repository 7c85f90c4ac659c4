import path from 'node:path';
import type { CliIo, GlobalOptions } from './cli-io';
import { openUserSettings } from './user-settings-file';

/**
 * The workspace a command works on: --workspace, else RELEASE_DESK_WORKSPACE, else the one
 * the desktop app opened last. Null when none of them names one.
 */
export async function resolveWorkspacePath(options: GlobalOptions, io: CliIo): Promise<string | null> {
  return (await resolveWorkspace(options, io))?.path ?? null;
}

/** The same, saying whether this command line named it (workspace trust: a named folder is trusted). */
export async function resolveWorkspace(options: GlobalOptions, io: CliIo): Promise<{ readonly path: string; readonly named: boolean } | null> {
  if (options.workspace !== undefined) return { path: path.resolve(io.cwd, options.workspace), named: true };
  const fromEnv = io.env.RELEASE_DESK_WORKSPACE;
  if (fromEnv !== undefined && fromEnv !== '') return { path: path.resolve(io.cwd, fromEnv), named: true };
  const settings = await openUserSettings(io);
  const remembered = settings.read().workspaces[0];
  return remembered === undefined ? null : { path: remembered, named: false };
}
