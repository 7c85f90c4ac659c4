/**
 * Builds the contract's handlers from the services. Each handler is a line or two: the
 * work lives in the services, which get their dependencies passed in.
 */
import type { HostKind } from '../../shared/domain/app';
import { DeskError } from '../../shared/ipc/result';
import type { Handlers } from '../ipc/dispatch';
import { checkExternalLink } from '../security/external-links';
import { readWorkspaceStatus } from './workspace/workspace-status';

export interface HandlerDeps {
  readonly host: HostKind;
  readonly version: string;
  readonly platform: string;
  /** The folder of the open workspace, or null when none is configured. */
  readonly workspacePath: () => string | null;
  readonly externalHosts: readonly string[];
  /** Opens a checked https URL in the user's browser (Electron's shell.openExternal). */
  readonly openExternal: (url: string) => Promise<void>;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'app.getInfo': () => ({
      name: 'Release Desk',
      version: deps.version,
      host: deps.host,
      platform: deps.platform,
    }),
    'workspace.getStatus': () => readWorkspaceStatus(deps.workspacePath()),
    'links.openExternal': async (url) => {
      const verdict = checkExternalLink(url, deps.externalHosts);
      if (!verdict.allowed) throw new DeskError('invalid-argument', `Link not opened: ${verdict.reason}.`);
      await deps.openExternal(verdict.url);
      return null;
    },
  };
}
