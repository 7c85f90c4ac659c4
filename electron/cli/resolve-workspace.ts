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
  if (options.workspace !== undefined) return path.resolve(io.cwd, options.workspace);
  const fromEnv = io.env.RELEASE_DESK_WORKSPACE;
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(io.cwd, fromEnv);
  const settings = createUserSettings(new Conf({ cwd: userDataDir(io.env), configName: 'settings', projectName: 'release-desk' }));
  return settings.read().workspaces[0] ?? null;
}
