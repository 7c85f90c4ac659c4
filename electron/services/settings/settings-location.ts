/**
 * Where the desktop app keeps per-user settings (Electron's userData folder for the
 * product name), computed without Electron so the CLI reads the same file.
 * RELEASE_DESK_CONFIG_DIR overrides it (tests, portable installs).
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Release Desk';

export function userDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const override = env.RELEASE_DESK_CONFIG_DIR;
  if (override !== undefined && override !== '') return path.resolve(override);
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
  }
}
