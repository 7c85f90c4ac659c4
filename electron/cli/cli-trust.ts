/**
 * The CLI's workspace trust: a folder named on this command line (--workspace or
 * RELEASE_DESK_WORKSPACE) is trusted for this run; the app's remembered workspace only if the
 * user trusted it in the app. Otherwise commands that would run the folder's commands refuse
 * and say how to trust it.
 */
import { createTrustService, trustNamedFolder, type TrustService, type WorkspaceTrust } from '../services/trust/workspace-trust';
import { CliError } from './cli-error';
import type { CliIo } from './cli-io';
import { openUserSettings } from './user-settings-file';

/** The user settings' trusted folders, the same file the app keeps them in. */
export async function cliTrustService(io: CliIo): Promise<TrustService> {
  const settings = await openUserSettings(io);
  return createTrustService({ store: settings.trust });
}

export async function cliTrust(folder: string, named: boolean, io: CliIo): Promise<WorkspaceTrust | null> {
  if (named) return trustNamedFolder(folder);
  const decision = await (await cliTrustService(io)).decide(folder);
  return decision.kind === 'trusted' ? decision.trust : null;
}

/** Exit 2, saying how to trust the folder, instead of running its commands. */
export function untrustedError(folder: string, what: string): CliError {
  return new CliError(
    `${folder} is the app's last workspace, not a folder named on this command line, and it is not trusted, so ${what} is not run; ` +
      `name it to trust it for this command: --workspace ${JSON.stringify(folder)}`,
  );
}
