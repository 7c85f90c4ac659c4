/**
 * Builds the contract's handlers from the services. Each handler is a line or two: the
 * work lives in the services, which get their dependencies passed in.
 */
import type { HostKind, WorkspaceStatus } from '../../shared/domain/app';
import { DeskError } from '../../shared/ipc/result';
import type { Handlers } from '../ipc/dispatch';
import { checkExternalLink } from '../security/external-links';
import type { ApiUrlSettings } from './connections/api-url-settings';
import type { Connections } from './connections/connections';
import { createReadinessHandlers } from './readiness/readiness-handlers';
import { createMonitorHandlers } from './monitor/monitor-handlers';
import type { MonitorRuntimes } from './monitor/monitor-runtimes';
import { createReleaseHandlers } from './releases/release-handlers';
import { createHistoryHandlers, type HistoryDeps } from './audit/history-handlers';
import { createAuditHandlers, type AuditDeps } from './audit/audit-handlers';
import { createEvidenceHandlers, type EvidenceDeps } from './audit/evidence-handlers';
import type { ReadinessRuntimes } from './readiness/readiness-runtimes';
import { createTrustHandlers, withTrustState, type TrustHandlersDeps } from './trust/trust-handlers';
import type { ReleaseRuntimes } from './releases/release-runtimes';
import { createRollbackHandlers } from './rollback/rollback-handlers';
import type { RollbackRuntimes } from './rollback/rollback-runtimes';
import { createWorkspaceSessions, type WorkspaceSession } from './workspace/workspace-session';
import { NO_WORKSPACE_HINT } from './workspace/workspace-status';

export interface HandlerDeps {
  readonly host: HostKind;
  readonly version: string;
  readonly platform: string;
  /** The folder of the open workspace, or null when none is configured. */
  readonly workspacePath: () => string | null;
  readonly externalHosts: readonly string[];
  /** Opens a checked https URL in the user's browser (Electron's shell.openExternal). */
  readonly openExternal: (url: string) => Promise<void>;
  /**
   * GitHub, CircleCI and Slack tokens: checked, saved in the vault, described (never
   * returned). Absent in hosts that keep no tokens; the calls then say so.
   */
  readonly connections?: Connections;
  /** Switches to another workspace folder. Absent in hosts with a fixed workspace. */
  readonly openWorkspace?: (folder: string) => Promise<WorkspaceStatus>;
  /** Service API addresses from Settings. Absent in hosts that keep no settings. */
  readonly apiUrls?: ApiUrlSettings;
  /** Branch readiness per workspace. Absent in hosts that read no branches; the calls then say so. */
  readonly readiness?: ReadinessRuntimes;
  /** The live monitor per workspace. Absent in hosts that watch nothing; the call then says so. */
  readonly monitors?: MonitorRuntimes;
  /** The release flow per workspace. Absent in hosts that run no releases; the calls then say so. */
  readonly releases?: ReleaseRuntimes;
  /** The rollback per workspace. Absent in hosts that roll nothing back; the calls then say so. */
  readonly rollbacks?: RollbackRuntimes;
  /** Shared with the host so it can watch the same sessions; one per folder by default. */
  readonly sessionFor?: (folder: string) => WorkspaceSession;
  /** Workspace trust: the status carries it and the trust calls work. Absent in hosts without it. */
  readonly trust?: Omit<TrustHandlersDeps, 'workspacePath' | 'sessionFor'>;
  /** The History view's timeline, delivery metrics and conformance. Absent in hosts that keep no journal; the calls then say so. */
  readonly history?: HistoryDeps;
  /** Verify and acknowledge the release journal. Absent in hosts that keep no journal; the calls then say so. */
  readonly audit?: AuditDeps;
  /** The Export evidence button (audit.exportEvidence). */
  readonly evidence?: EvidenceDeps;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  // One session per workspace folder: it keeps the last valid release-desk.yml loaded.
  const sessionFor = deps.sessionFor ?? createWorkspaceSessions();
  const workspaceStatus = async (reread: 'if-changed' | 'always') => {
    const folder = deps.workspacePath();
    if (folder === null) return { kind: 'none' as const, hint: NO_WORKSPACE_HINT };
    const session = sessionFor(folder);
    const status = (reread === 'always' ? await session.reload() : await session.refresh()).status;
    return deps.trust === undefined ? status : withTrustState(deps.trust.trust, sessionFor, status);
  };
  return {
    'app.getInfo': () => ({
      name: 'Release Desk',
      version: deps.version,
      host: deps.host,
      platform: deps.platform,
    }),
    'workspace.getStatus': () => workspaceStatus('if-changed'),
    'workspace.reload': () => workspaceStatus('always'),
    'workspace.open': (folder) => {
      if (deps.openWorkspace === undefined) throw new DeskError('unavailable', 'This Release Desk host cannot switch workspaces.');
      return deps.openWorkspace(folder);
    },
    'links.openExternal': async (url) => {
      const verdict = checkExternalLink(url, deps.externalHosts);
      if (!verdict.allowed) throw new DeskError('invalid-argument', `Link not opened: ${verdict.reason}.`);
      await deps.openExternal(verdict.url);
      return null;
    },
    'connections.list': () => connectionsOf(deps).list(),
    'connections.storage': () => connectionsOf(deps).storage(),
    'connections.connect': (service, token) => connectionsOf(deps).connect(service, token),
    'connections.disconnect': async (service) => {
      await connectionsOf(deps).disconnect(service);
      return null;
    },
    'connections.setApiUrl': (service, url) => {
      if (deps.apiUrls === undefined) throw new DeskError('unavailable', 'This Release Desk host keeps no settings.');
      return deps.apiUrls.set(service, url);
    },
    ...createReadinessHandlers(deps.workspacePath, sessionFor, deps.readiness),
    ...createReleaseHandlers(deps.workspacePath, sessionFor, deps.releases),
    ...createMonitorHandlers(deps.workspacePath, sessionFor, deps.monitors),
    'connections.askPlaintextConsent': () => connectionsOf(deps).askPlaintextConsent(),
    ...trustHandlersOf(deps, sessionFor),
    ...createRollbackHandlers(deps.workspacePath, sessionFor, deps.rollbacks),
    ...createHistoryHandlers(deps.workspacePath, sessionFor, deps.history),
    ...createAuditHandlers(deps.workspacePath, sessionFor, deps.audit),
    ...createEvidenceHandlers(deps.workspacePath, sessionFor, deps.evidence),
  };
}

function trustHandlersOf(deps: HandlerDeps, sessionFor: (folder: string) => WorkspaceSession) {
  if (deps.trust !== undefined) return createTrustHandlers({ ...deps.trust, workspacePath: deps.workspacePath, sessionFor });
  const unavailable = (): never => {
    throw new DeskError('unavailable', 'This Release Desk host keeps no trusted folders.');
  };
  return { 'workspace.requestTrust': unavailable, 'workspace.trustedFolders': unavailable, 'workspace.revokeTrust': unavailable };
}

function connectionsOf(deps: HandlerDeps): Connections {
  if (deps.connections === undefined) {
    throw new DeskError('unavailable', 'This Release Desk host keeps no tokens, so it cannot connect services.');
  }
  return deps.connections;
}
