/**
 * The app's user settings file (last workspaces, trusted folders), as the CLI opens it.
 * `conf` (and the JSON-schema validator it brings) is loaded only here, when a command needs
 * the settings: a folder named on the command line needs neither, and loading them would
 * cost more than the rest of the CLI's start.
 */
import { userDataDir } from '../services/settings/settings-location';
import { createUserSettings, type SettingsReader } from '../services/settings/user-settings';
import type { CliIo } from './cli-io';

export async function openUserSettings(io: CliIo): Promise<SettingsReader> {
  const { default: Conf } = await import('conf');
  return createUserSettings(new Conf({ cwd: userDataDir(io.env), configName: 'settings', projectName: 'release-desk' }));
}
