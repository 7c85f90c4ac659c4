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
import type { TrustService } from '../trust/workspace-trust';
import { ReleaseService } from './release-service';
import type { RunningDeploys } from '../rollback/running-deploys';
import { createTeamUpdates } from '../team-updates/team-updates';
import { teamUpdatesOverOutbox } from './outbox-team-updates';
import type { TeamUpdates } from './team-updates';

export type Emit = <E extends EventName>(event: E, payload: DeepReadonly<EventPayload<E>>) => void;

export interface ReleaseRuntimesDeps {
  readonly userDataDir: string;
  readonly emit: Emit;
  readonly readiness: ReadinessRuntimes;
  readonly services: ServiceAccess;
  readonly secrets: () => readonly string[];
  /** The connected GitHub login, if any (who "I" am). */
  readonly githubLogin: () => Promise<string | null>;
  /** The team's updates for a workspace; default: the durable outbox in its data folder. */
  readonly teamUpdatesFor?: (folder: string, config: WorkspaceConfig, dataDir: string) => TeamUpdates;
  /** Which folders may run their commands. */
  readonly trust: TrustService;
  readonly now?: () => Date;
  /** The rollback service's registry of what runs in a workspace (a release's view shows its rollback running). */
  readonly runningDeploysFor?: (folder: string, config: WorkspaceConfig) => Pick<RunningDeploys, 'liveness'>;
}

export class ReleaseRuntimes {
  private readonly open = new Map<string, { config: WorkspaceConfig; service: ReleaseService; teamUpdates: TeamUpdates; stop: () => Promise<void> }>();

  constructor(private readonly deps: ReleaseRuntimesDeps) {}

  for(folder: string, config: WorkspaceConfig): ReleaseService {
    const current = this.open.get(folder);
    if (current !== undefined && current.config === config) return current.service;
    const dataDir = workspaceDataDir(this.deps.userDataDir, folder);
    const { deps } = this;
    const log = (message: string, error?: unknown) => console.error(message, error ?? '');
    let teamUpdates: TeamUpdates;
    let stopUpdates = async (): Promise<void> => undefined;
    if (deps.teamUpdatesFor !== undefined) {
      teamUpdates = deps.teamUpdatesFor(folder, config, dataDir);
    } else {
      const outbox = teamUpdatesOverOutbox(
        createTeamUpdates({
          dataDir,
          tokens: deps.services.tokens,
          endpoints: deps.services.endpoints,
          secrets: deps.secrets,
          ...(config.repository.github === undefined ? {} : { repository: config.repository.github }),
          ...(config.slack === undefined ? {} : { slackChannel: config.slack.channel }),
        }),
        log,
      );
      teamUpdates = outbox;
      stopUpdates = () => outbox.stop();
    }
    const service = new ReleaseService({
      journal: openReleaseJournal({ file: journalFileFor(dataDir) }),
      config,
      workspaceDir: folder,
      dataDir,
      now: deps.now ?? (() => new Date()),
      identity: () => resolveIdentity(deps.githubLogin, config.repository.path),
      teamUpdates,
      secrets: deps.secrets,
      eligibility: async (branch) => eligibilityOn(await (await deps.readiness.for(folder, config)).service.board(), branch),
      github: createReleaseGitHub({
        repository: config.repository.github,
        baseUrl: deps.services.endpoints().github,
        token: () => deps.services.tokens.getToken('github', deps.services.endpoints().github),
      }),
      trust: async () => {
        const decision = await deps.trust.decide(folder);
        return decision.kind === 'trusted' ? decision.trust : null;
      },
      onChanged: (view) => deps.emit('releases.changed', view),
      onOutput: (batch) => deps.emit('releases.output', batch),
      log,
      ...(deps.runningDeploysFor === undefined ? {} : { deploys: deps.runningDeploysFor(folder, config) }),
    });
    // A replaced configuration's outbox keeps its queue on disk; the new one delivers it.
    if (current !== undefined) void current.stop();
    this.open.set(folder, { config, service, teamUpdates, stop: stopUpdates });
    return service;
  }

  /** The workspace's outbox for the team, shared with the rollback service (one queue, one order). */
  teamUpdatesFor(folder: string, config: WorkspaceConfig): TeamUpdates {
    this.for(folder, config);
    const open = this.open.get(folder);
    if (open === undefined) throw new Error(`no release runtime for ${folder}`);
    return open.teamUpdates;
  }

  /** Cancels every step this process runs and ends delivery (the app is quitting). */
  async stopAll(): Promise<void> {
    const open = [...this.open.values()];
    this.open.clear();
    for (const { service } of open) service.stop();
    await Promise.allSettled(open.map(({ stop }) => stop()));
  }
}

