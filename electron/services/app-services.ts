/**
 * Builds the services every host shares (the Electron app and the development browser
 * bridge) from what differs between them: where user data lives, how tokens are
 * encrypted, how links open, and how events reach the window. One place, so the two hosts
 * cannot drift apart.
 */
import type { SaveEvidence } from './audit/evidence-handlers';
import { demoTeamworkFor } from './demo';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { WorkspaceStatus } from '../../shared/domain/app';
import { DeskError } from '../../shared/ipc/result';
import type { HostKind } from '../../shared/domain/app';
import type { DeepReadonly } from '../../shared/deep-readonly';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { Handlers } from '../ipc/dispatch';
import { createConnections, type Connections } from './connections/connections';
import { createApiUrlSettings, type SavedEndpointStore } from './connections/api-url-settings';
import { resolveEndpoints } from './connections/endpoints';
import { createHandlers } from './handlers';
import { MonitorRuntimes, type AlertChange } from './monitor/monitor-runtimes';
import { createWatchServices } from './monitor/watch-services';
import { ReadinessRuntimes } from './readiness/readiness-runtimes';
import { ReleaseRuntimes } from './releases/release-runtimes';
import { createExpectedVersions } from './rollback/expected-versions';
import { RollbackRuntimes } from './rollback/rollback-runtimes';
import { resolveIdentity } from './releases/release-identity';
import type { Encryptor } from './vault/encryptor';
import { redactDeep } from './vault/redact';
import { tokensInEnvironment } from './vault/secret-environment';
import { createSecretVault, type SecretVault } from './vault/secret-vault';
import type { AskTrust } from './trust/trust-handlers';
import { withTrustState } from './trust/trust-handlers';
import { createTrustService, type TrustService, type TrustStore } from './trust/workspace-trust';
import { createWorkspaceSessions, type WorkspaceSession } from './workspace/workspace-session';
import { folderProblem, WORKSPACE_FILE } from './workspace/workspace-status';

export type Emit = <E extends EventName>(event: E, payload: DeepReadonly<EventPayload<E>>) => void;

export interface AppServicesOptions {
  readonly host: HostKind;
  readonly version: string;
  readonly userDataDir: string;
  readonly vaultFile: string;
  readonly encryptor: Encryptor;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Service API addresses saved in Settings; environment variables still win. */
  readonly savedEndpoints: SavedEndpointStore;
  readonly externalHosts: readonly string[];
  readonly openExternal: (url: string) => Promise<void>;
  /** The open workspace folder, or null (the host may change it, e.g. once the demo runs). */
  readonly workspacePath: () => string | null;
  /** Makes `folder` the open workspace (the host remembers it and watches its file). */
  readonly switchWorkspace?: (folder: string) => void;
  /**
   * Asks the user whether tokens may be stored without a keyring: Electron's dialog in the
   * app (electron/plaintext-consent-dialog.ts), RELEASE_DESK_BRIDGE_CONSENT in the bridge.
   */
  readonly confirmPlaintextStorage: () => Promise<boolean>;
  /** Where trusted workspace folders are kept (the user settings; memory in the bridge). */
  readonly trustStore: TrustStore;
  /**
   * The trust dialog, listing the commands a folder will run: Electron's dialog in the app
   * (electron/trust-dialog.ts), RELEASE_DESK_BRIDGE_TRUST in the browser bridge.
   */
  readonly askTrust: AskTrust;
  /** An environment started or stopped alerting: the host notifies (Electron: desktop notification and badge). */
  readonly onAlertChange?: (change: AlertChange) => void;
  /** Export evidence: Electron's save dialog (electron/evidence-save-dialog.ts); absent in the bridge, which answers the content to download. */
  readonly saveEvidence?: SaveEvidence;
}

export interface AppServices {
  readonly handlers: Handlers;
  readonly vault: SecretVault;
  readonly sessionFor: (folder: string) => WorkspaceSession;
  /**
   * Every token this process knows (the vault's, and token variables of its environment):
   * the host's boundaries (IPC replies, events, bridge frames) scrub them from what they send.
   */
  secrets(): readonly string[];
  /** Which folders may run their commands (the host trusts the demo it creates). */
  readonly trust: TrustService;
  /** Where events go; the host attaches its window (or socket) once it has one. */
  attachEmitter(emit: Emit): void;
  /** Tells the window the workspace changed (re-read by the renderer). */
  workspaceChanged(): Promise<void>;
  /** Resolves once every board's git work and test run has ended. */
  stop(): Promise<void>;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  let emitTo: Emit | null = null;
  const vault = createSecretVault({ filePath: options.vaultFile, encryptor: options.encryptor, now: () => new Date() });
  // So output scrubbing knows every stored token from the first command on.
  void vault.unlock().catch((error: unknown) => console.error('[vault] could not read the stored tokens:', error));
  const secrets = () => [...vault.knownSecrets(), ...tokensInEnvironment(options.env)];
  // Every service's events leave through here, scrubbed (the hosts' senders scrub again).
  const emit: Emit = (event, payload) => emitTo?.(event, redactDeep(payload, secrets()));
  const endpoints = () => resolveEndpoints(options.env, options.savedEndpoints.read());
  const connections = createConnections({
    vault,
    endpoints: () => endpoints().urls,
    endpointSources: () => endpoints().sources,
    timeoutMs: 10_000,
    confirmPlaintextStorage: options.confirmPlaintextStorage,
  });
  const trust = createTrustService({ store: options.trustStore });
  const readiness = new ReadinessRuntimes({
    userDataDir: options.userDataDir,
    trust,
    seedRecordsFor: demoTeamworkFor,
    emit,
    secrets,
    // connectedAs is for display ("@octocat"); people.signOff and "mine" use the bare login.
    githubLogin: async () =>
      (await connections.list()).find((entry) => entry.service === 'github')?.connectedAs?.replace(/^@/, '') ?? null,
    services: { tokens: vault, endpoints: () => endpoints().urls },
  });
  // The monitor expects what the journal says is live (a rollback's target after a rollback).
  const expectedVersions = createExpectedVersions(options.userDataDir);
  // The watch window: samples per watched release, its summary when it ends, auto-rollback.
  const watch = createWatchServices({
    userDataDir: options.userDataDir,
    rollbackAs: (folder, config, actor, environment, reason) => rollbacks.actingAs(folder, config, actor).rollback({ environment, reason }),
  });
  const monitors = new MonitorRuntimes({
    emit,
    expectedVersion: expectedVersions,
    markers: (folder, environment) => expectedVersions.markers(folder, environment),
    ...watch.monitorHooks,
    ...(options.onAlertChange === undefined ? {} : { onAlertChange: options.onAlertChange }),
  });
  const releases = new ReleaseRuntimes({
    userDataDir: options.userDataDir,
    emit,
    readiness,
    trust,
    services: { tokens: vault, endpoints: () => endpoints().urls },
    secrets: () => vault.knownSecrets(),
    githubLogin: async () =>
      (await connections.list()).find((entry) => entry.service === 'github')?.connectedAs?.replace(/^@/, '') ?? null,
    // A rollback the app runs shows as running on its release's view, not inconclusive.
    runningDeploysFor: (folder, config) => rollbacks.runningFor(folder, config),
  });
  const rollbacks: RollbackRuntimes = new RollbackRuntimes({
    userDataDir: options.userDataDir,
    trust,
    emit,
    secrets: () => vault.knownSecrets(),
    // connectedAs is what the vault already knows: no network on the way to a rollback.
    githubLogin: async () =>
      (await connections.list()).find((entry) => entry.service === 'github')?.connectedAs?.replace(/^@/, '') ?? null,
    log: (message, error) => console.error(message, error ?? ''),
    // After the rollback (never before it): the team hears through the release outbox.
    teamUpdatesFor: (folder) => ({
      enqueue: async (message) => {
        const { config } = await sessionFor(folder).refresh();
        if (config !== null) await releases.teamUpdatesFor(folder, config).enqueue(message);
      },
    }),
    // Abort and roll back: the release service's switchover in this process is ended first.
    switchoversFor: (folder, config) => {
      const service = releases.for(folder, config);
      return {
        isRunning: async (releaseId, attempt) => {
          const running = (await service.get(releaseId)).running;
          return running?.step === 'switchover' && running.attempt === attempt;
        },
        cancel: (releaseId) => service.cancelStep(releaseId),
      };
    },
  });
  const sessionFor = createWorkspaceSessions();
  const described = (status: WorkspaceStatus) => withTrustState(trust, sessionFor, status);
  const openWorkspace = async (raw: string, switchTo: (folder: string) => void): Promise<WorkspaceStatus> => {
    const folder = path.resolve(raw);
    const problem = await folderProblem(folder);
    if (problem !== null) throw new DeskError('invalid-argument', problem);
    const file = path.join(folder, WORKSPACE_FILE);
    if (!(await stat(file).then((found) => found.isFile(), () => false))) {
      throw new DeskError('not-found', `${file}: not found (a workspace folder holds release-desk.yml; see docs/configuration.md)`);
    }
    // Boards of the workspace left behind stop refreshing in the background.
    await Promise.all([readiness.stopAll(), monitors.stopAll()]);
    switchTo(folder);
    const status = await described((await sessionFor(folder).reload()).status);
    emit('workspace.changed', status);
    return status;
  };
  const switchWorkspace = options.switchWorkspace;
  const handlers = createHandlers({
    host: options.host,
    version: options.version,
    platform: process.platform,
    workspacePath: options.workspacePath,
    externalHosts: options.externalHosts,
    openExternal: options.openExternal,
    connections: refreshingReadinessOnChange(connections, () => readiness.refreshAll()),
    // A new address changes where CI is read from: the open boards are rebuilt. The token
    // checked against the old address is forgotten (it is never sent to another).
    apiUrls: createApiUrlSettings(options.savedEndpoints, {
      onChange: () => void readiness.stopAll(),
      effectiveUrl: (service) => endpoints().urls[service],
      forgetToken: (service) => vault.remove(service),
    }),
    readiness,
    monitors,
    releases,
    rollbacks,
    sessionFor,
    history: { userDataDir: options.userDataDir, githubUrl: () => endpoints().urls.github, githubToken: (sendTo) => vault.getToken('github', sendTo) },
    audit: {
      userDataDir: options.userDataDir,
      actor: async (_folder, config) =>
        (await resolveIdentity(async () => (await connections.list()).find((entry) => entry.service === 'github')?.connectedAs?.replace(/^@/, '') ?? null, config.repository.path)).id,
    },
    evidence: {
      userDataDir: options.userDataDir,
      secrets,
      githubUrl: () => endpoints().urls.github,
      githubToken: (sendTo) => vault.getToken('github', sendTo),
      ...(options.saveEvidence === undefined ? {} : { saveEvidence: options.saveEvidence }),
    },
    ...(switchWorkspace === undefined ? {} : { openWorkspace: (folder: string) => openWorkspace(folder, switchWorkspace) }),
    trust: {
      trust,
      askTrust: options.askTrust,
      // Boards are rebuilt with the new trust: a revoke kills the tests running there.
      onTrustChanged: async () => {
        await readiness.stopAll();
        await workspaceChanged();
        void rereadBoard();
      },
    },
  });
  // The board of the open workspace, rebuilt with its new trust and pushed to the window.
  const rereadBoard = async () => {
    const folder = options.workspacePath();
    if (folder === null) return;
    try {
      const { config } = await sessionFor(folder).refresh();
      if (config !== null) await (await readiness.for(folder, config)).refreshAndPublish(true);
    } catch (error) {
      console.error(`[readiness] could not re-read ${folder} after its trust changed:`, error);
    }
  };
  const workspaceChanged = async () => {
    const folder = options.workspacePath();
    if (folder === null) return;
    try {
      emit('workspace.changed', await described((await sessionFor(folder).reload()).status));
    } catch (error) {
      console.error(`[workspace] could not re-read ${folder}:`, error);
    }
  };
  return {
    handlers,
    vault,
    sessionFor,
    secrets,
    trust,
    attachEmitter(next) {
      emitTo = next;
    },
    workspaceChanged,
    async stop() {
      watch.stop();
      rollbacks.stopAll();
      await Promise.all([releases.stopAll(), readiness.stopAll(), monitors.stopAll()]);
    },
  };
}

export function vaultFileIn(userDataDir: string): string {
  return path.join(userDataDir, 'vault.json');
}

/**
 * A new or removed token changes what the board can read (CI that was "not connected"),
 * so the open board is read again as soon as a connection changes.
 */
function refreshingReadinessOnChange(connections: Connections, refresh: () => void): Connections {
  return {
    ...connections,
    async connect(service, token) {
      const outcome = await connections.connect(service, token);
      if (outcome.kind === 'connected') refresh();
      return outcome;
    },
    async disconnect(service) {
      await connections.disconnect(service);
      refresh();
    },
  };
}
