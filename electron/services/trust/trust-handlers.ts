/**
 * The trust calls of the contract. The renderer can only ask for the trust dialog to be
 * shown: the answer comes from the main process's own dialog (or, in the browser bridge, the
 * adapter its host injected), never from an argument the renderer passes.
 */
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { WorkspaceStatus } from '../../../shared/domain/app';
import type { TrustState } from '../../../shared/domain/trust';
import { DeskError } from '../../../shared/ipc/result';
import type { Handlers } from '../../ipc/dispatch';
import type { WorkspaceSession } from '../workspace/workspace-session';
import { NO_WORKSPACE_HINT } from '../workspace/workspace-status';
import { LOCAL_CI_WAITS_FOR_TRUST, workspaceCommands, type WorkspaceCommand } from './waiting-for-trust';
import type { TrustService } from './workspace-trust';

export interface TrustDialogRequest {
  /** The folder's real path. */
  readonly folder: string;
  readonly commands: readonly WorkspaceCommand[];
}

/** Shows the trust dialog; resolves true only when the user chose to trust the folder. */
export type AskTrust = (request: TrustDialogRequest) => Promise<boolean>;

export interface TrustHandlersDeps {
  readonly trust: TrustService;
  readonly askTrust: AskTrust;
  readonly workspacePath: () => string | null;
  readonly sessionFor: (folder: string) => WorkspaceSession;
  /** After a folder's trust changed: boards are rebuilt (a revoke kills running tests) and the window told. */
  readonly onTrustChanged: () => Promise<void>;
}

type TrustCalls = 'workspace.requestTrust' | 'workspace.trustedFolders' | 'workspace.revokeTrust';

export function createTrustHandlers(deps: TrustHandlersDeps): Pick<Handlers, TrustCalls> {
  return {
    'workspace.requestTrust': async () => {
      const folder = deps.workspacePath();
      if (folder === null) throw new DeskError('not-configured', NO_WORKSPACE_HINT);
      const { config } = await deps.sessionFor(folder).refresh();
      if (config === null) {
        throw new DeskError('config-invalid', 'release-desk.yml has problems: fix them first, so the trust dialog can list the commands it names.');
      }
      const decision = await deps.trust.decide(folder);
      if (decision.kind === 'trusted') return { outcome: 'already-trusted' as const, trust: await trustStateOf(deps.trust, folder, config) };
      const accepted = await deps.askTrust({ folder: decision.folder, commands: workspaceCommands(config) });
      if (!accepted) return { outcome: 'refused' as const, trust: await trustStateOf(deps.trust, folder, config) };
      await deps.trust.grant(folder, 'dialog');
      await deps.onTrustChanged();
      return { outcome: 'trusted' as const, trust: await trustStateOf(deps.trust, folder, config) };
    },
    'workspace.trustedFolders': () => deps.trust.list(),
    'workspace.revokeTrust': async (folder) => {
      if (await deps.trust.revoke(folder)) await deps.onTrustChanged();
      return deps.trust.list();
    },
  };
}

/** The open workspace's status with its trust state added (what the window shows). */
export async function withTrustState(trust: TrustService, sessionFor: (folder: string) => WorkspaceSession, status: WorkspaceStatus): Promise<WorkspaceStatus> {
  if (status.kind === 'none') return status;
  const { config } = await sessionFor(status.path).refresh();
  return { ...status, trust: await trustStateOf(trust, status.path, config) };
}

export async function trustStateOf(trust: TrustService, folder: string, config: WorkspaceConfig | null): Promise<TrustState> {
  const commands = config === null ? [] : workspaceCommands(config);
  const trusted = (await trust.decide(folder)).kind === 'trusted';
  return { trusted, commands, waiting: trusted || config === null ? [] : waitingFor(config) };
}

function waitingFor(config: WorkspaceConfig): string[] {
  const waiting: string[] = [];
  if (config.localTests !== undefined) waiting.push('Local tests wait until you trust this folder.');
  if (config.ci.provider === 'local') waiting.push(`The ${LOCAL_CI_WAITS_FOR_TRUST}.`);
  if (Object.keys(config.environments).length > 0) {
    waiting.push('Environment commands (stage1, switchover, rollback, preflight, currentVersion) wait until you trust this folder.');
  }
  return waiting;
}
