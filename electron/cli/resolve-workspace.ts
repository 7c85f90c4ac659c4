import Conf from 'conf';
import path from 'node:path';
import { createUserSettings } from '../services/settings/user-settings';
import { userDataDir } from '../services/settings/settings-location';
import type { CliIo, GlobalOptions } from './cli-io';

/**
 * The workspace a command works on: --workspace, else RELEASE_DESK_WORKSPACE, else the one
 * the desktop app opened last. Null when none of them names one.
 */
export function resolveWorkspacePath(options: GlobalOptions, io: CliIo): string | null {
  return resolveWorkspace(options, io)?.path ?? null;
}

/** The same, saying whether this command line named it (workspace trust: a named folder is trusted). */
export function resolveWorkspace(options: GlobalOptions, io: CliIo): { readonly path: string; readonly named: boolean } | null {
  if (options.workspace !== undefined) return { path: path.resolve(io.cwd, options.workspace), named: true };
  const fromEnv = io.env.RELEASE_DESK_WORKSPACE;
  if (fromEnv !== undefined && fromEnv !== '') return { path: path.resolve(io.cwd, fromEnv), named: true };
  const settings = createUserSettings(new Conf({ cwd: userDataDir(io.env), configName: 'settings', projectName: 'release-desk' }));
  const remembered = settings.read().workspaces[0];
  return remembered === undefined ? null : { path: remembered, named: false };
}
