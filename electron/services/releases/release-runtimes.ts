/**
 * One ReleaseService per open workspace in the app, rebuilt when its configuration changes
 * (a step that runs keeps its service until it ends). Its journal lives in the workspace's
 * data folder; readiness answers "is this branch eligible?" from the open Branches board.
 */
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { DeepReadonly } from '../../../shared/deep-readonly';
import type { EventName, EventPayload } from '../../../shared/ipc/contract';
import { journalFileFor, openReleaseJournal } from '../journal/release-journal';
import type { ReadinessRuntimes } from '../readiness/readiness-runtimes';
import type { ServiceAccess } from '../readiness/remote-ci';
import { workspaceDataDir } from '../workspace/workspace-data';
import { eligibilityOn } from './board-eligibility';
import { createReleaseGitHub } from './release-github';
import { resolveIdentity } from './release-identity';
import { ReleaseService, TRUST_NOT_WIRED_YET, type WorkspaceTrustGate } from './release-service';
import { createRecordingTeamUpdates, type TeamUpdates } from './team-updates';

export type Emit = <E extends EventName>(event: E, payload: DeepReadonly<EventPayload<E>>) => void;

export interface ReleaseRuntimesDeps {
  readonly userDataDir: string;
  readonly emit: Emit;
  readonly readiness: ReadinessRuntimes;
  readonly services: ServiceAccess;
  readonly secrets: () => readonly string[];
  /** The connected GitHub login, if any (who "I" am). */
  readonly githubLogin: () => Promise<string | null>;
  /** The team's outbox for a workspace; default: record messages, deliver nothing. */
  readonly teamUpdatesFor?: (folder: string, config: WorkspaceConfig, dataDir: string) => TeamUpdates;
  readonly trust?: WorkspaceTrustGate;
  readonly now?: () => Date;
}

export class ReleaseRuntimes {
  private readonly open = new Map<string, { config: WorkspaceConfig; service: ReleaseService }>();

  constructor(private readonly deps: ReleaseRuntimesDeps) {}

  for(folder: string, config: WorkspaceConfig): ReleaseService {
    const current = this.open.get(folder);
    if (current !== undefined && current.config === config) return current.service;
    const dataDir = workspaceDataDir(this.deps.userDataDir, folder);
    const { deps } = this;
    const service = new ReleaseService({
      journal: openReleaseJournal({ file: journalFileFor(dataDir) }),
      config,
      workspaceDir: folder,
      dataDir,
      now: deps.now ?? (() => new Date()),
      identity: () => resolveIdentity(deps.githubLogin, config.repository.path),
      teamUpdates: deps.teamUpdatesFor?.(folder, config, dataDir) ?? createRecordingTeamUpdates(),
      secrets: deps.secrets,
      eligibility: async (branch) => eligibilityOn(await deps.readiness.for(folder, config).service.board(), branch),
      github: createReleaseGitHub({ repository: config.repository.github, baseUrl: deps.services.endpoints().github, token: () => deps.services.tokens.getToken('github') }),
      trust: deps.trust ?? TRUST_NOT_WIRED_YET,
      onChanged: (view) => deps.emit('releases.changed', view),
      onOutput: (batch) => deps.emit('releases.output', batch),
      log: (message, error) => console.error(message, error ?? ''),
    });
    this.open.set(folder, { config, service });
    return service;
  }

  /** Cancels every step this process runs (the app is quitting). */
  stopAll(): void {
    for (const { service } of this.open.values()) service.stop();
    this.open.clear();
  }
}
