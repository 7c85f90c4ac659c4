/**
 * One RollbackService per open workspace in the app. Its configuration is the workspace
 * session's last valid one (or, when the app started while release-desk.yml was broken, the
 * copy saved on disk); one registry of running rollbacks/switchovers per workspace, kept
 * across configuration changes so a rollback that runs is never forgotten.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { DeepReadonly } from '../../../shared/deep-readonly';
import type { EventName, EventPayload } from '../../../shared/ipc/contract';
import { journalFileFor, openReleaseJournal } from '../journal/release-journal';
import { workspaceDataDir } from '../workspace/workspace-data';
import { readLastValidConfig, saveLastValidConfig } from './last-valid-config';
import { cachedGitUserEmail } from './cached-identity';
import type { TrustService } from '../trust/workspace-trust';
import { RollbackService, type LocalSwitchovers, type RollbackTeamUpdates } from './rollback-service';
import { RunningDeploys } from './running-deploys';

type Emit = <E extends EventName>(event: E, payload: DeepReadonly<EventPayload<E>>) => void;

export interface RollbackRuntimesDeps {
  readonly userDataDir: string;
  readonly emit: Emit;
  readonly secrets: () => readonly string[];
  /** The connected GitHub login as the app already knows it (no network); null: use git user.email. */
  readonly githubLogin?: () => Promise<string | null>;
  /** Which folders may run their commands: an untrusted folder's rollback command does not run. */
  readonly trust: TrustService;
  /** The team's outbox for a workspace; default: nothing is told (the outbox is wired by the integrator). */
  readonly teamUpdatesFor?: (folder: string, dataDir: string) => RollbackTeamUpdates;
  readonly log?: (message: string, error?: unknown) => void;
  /** The release service's running steps of a workspace in this process (Abort and roll back). */
  readonly switchoversFor?: (folder: string, config: WorkspaceConfig) => LocalSwitchovers;
}

interface Open {
  config: WorkspaceConfig;
  readonly journalFile: string;
  /** The journal file as last prepared for (inode, size, mtime). */
  preparedStamp: string | null;
  readonly service: RollbackService;
  readonly running: RunningDeploys;
  readonly build: (identity: () => Promise<string | null>) => RollbackService;
  readonly actingAs: Map<string, RollbackService>;
}

/** How long a GitHub login lookup may take before the git e-mail is used instead. */
const LOGIN_WAIT_MS = 250;
/** How often the journal files are looked at (one stat each) to prepare the next rollback. */
const PREPARE_CHECK_MS = 1000;

export class RollbackRuntimes {
  private readonly open = new Map<string, Open>();
  private prepareTimer: NodeJS.Timeout | null = null;
  private readonly gitIdentityAsked = new Map<string, Promise<string | null>>();

  constructor(private readonly deps: RollbackRuntimesDeps) {}

  /** Stops looking at the journals (the app quits). */
  stopAll(): void {
    if (this.prepareTimer !== null) clearInterval(this.prepareTimer);
    this.prepareTimer = null;
  }

  for(folder: string, config: WorkspaceConfig): RollbackService {
    const current = this.open.get(folder);
    const dataDir = workspaceDataDir(this.deps.userDataDir, folder);
    if (current !== undefined) {
      if (current.config !== config) {
        current.config = config;
        void saveLastValidConfig(dataDir, config).catch((error: unknown) => this.deps.log?.('[rollback] could not save the last valid configuration', error));
      }
      return current.service;
    }
    const running = new RunningDeploys(path.join(dataDir, 'releases', 'running'));
    const { deps } = this;
    let entry: Open | null = null;
    const build = (identity: () => Promise<string | null>) => new RollbackService({
      journal: openReleaseJournal({ file: journalFileFor(dataDir) }),
      config: () => entry?.config ?? config,
      workspaceDir: folder,
      dataDir,
      identity,
      running,
      ...(deps.switchoversFor === undefined
        ? {}
        : {
            localSwitchovers: {
              isRunning: (releaseId: string, attempt: number) => deps.switchoversFor?.(folder, entry?.config ?? config).isRunning(releaseId, attempt) ?? Promise.resolve(false),
              cancel: (releaseId: string) => deps.switchoversFor?.(folder, entry?.config ?? config).cancel(releaseId) ?? false,
            },
          }),
      secrets: deps.secrets,
      trust: async () => {
        const decision = await deps.trust.decide(folder);
        return decision.kind === 'trusted' ? decision.trust : null;
      },
      ...(deps.teamUpdatesFor === undefined ? {} : { teamUpdates: deps.teamUpdatesFor(folder, dataDir) }),
      onOutput: (batch) => {
        if (batch.releaseId !== null) deps.emit('releases.output', { releaseId: batch.releaseId, step: 'rollback', attempt: batch.attempt, chunks: [...batch.chunks] });
        else deps.emit('rollback.output', { environment: batch.environment, chunks: [...batch.chunks] });
      },
      ...(deps.log === undefined ? {} : { log: deps.log }),
    });
    const service = build(() => this.identity(entry?.config ?? config, dataDir));
    entry = { config, journalFile: journalFileFor(dataDir), preparedStamp: null, service, running, build, actingAs: new Map() };
    this.open.set(folder, entry);
    // Once now and whenever the journal changes: a click then does not fold the whole journal.
    this.prepareChanged();
    this.prepareTimer ??= setInterval(() => this.prepareChanged(), PREPARE_CHECK_MS).unref();
    void saveLastValidConfig(dataDir, config).catch((error: unknown) => deps.log?.('[rollback] could not save the last valid configuration', error));
    return service;
  }

  /**
   * The workspace's rollback service recording `actor` as who rolls back (the app's own
   * auto-rollback: `release-desk`), sharing the registry of what runs: one at a time still holds.
   */
  actingAs(folder: string, config: WorkspaceConfig, actor: string): RollbackService {
    this.for(folder, config);
    const entry = this.open.get(folder);
    if (entry === undefined) throw new Error('unreachable');
    let service = entry.actingAs.get(actor);
    if (service === undefined) {
      service = entry.build(() => Promise.resolve(actor));
      entry.actingAs.set(actor, service);
      void service.prepare();
    }
    return service;
  }

  /** The configuration saved by the last valid load, for a workspace whose file is broken since before the app started. */
  async savedConfig(folder: string): Promise<WorkspaceConfig | null> {
    return (await readLastValidConfig(workspaceDataDir(this.deps.userDataDir, folder)))?.config ?? null;
  }

  /** The registry of what runs in a workspace, for a switchover runner to register in (abort and roll back). */
  runningFor(folder: string, config: WorkspaceConfig): RunningDeploys {
    this.for(folder, config);
    const entry = this.open.get(folder);
    if (entry === undefined) throw new Error('unreachable');
    return entry.running;
  }

  /** Prepares the services of every workspace whose journal changed since they were last prepared. */
  private prepareChanged(): void {
    for (const entry of this.open.values()) {
      const stats = statSync(entry.journalFile, { throwIfNoEntry: false });
      const stamp = stats === undefined ? 'absent' : `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
      if (stamp === entry.preparedStamp) continue;
      entry.preparedStamp = stamp;
      for (const service of [entry.service, ...entry.actingAs.values()]) void service.prepare();
    }
  }

  private async identity(config: WorkspaceConfig, dataDir: string): Promise<string | null> {
    const login = this.deps.githubLogin === undefined ? null : await withinMs(this.deps.githubLogin(), LOGIN_WAIT_MS);
    if (login !== null && login !== '') return login;
    // Kept while git's config files are unchanged, as the CLI does: a git process costs 10-100 ms
    // on a loaded machine before the intent. Its own file: the app's environment is not the CLI's.
    // One git question at a time per workspace: the preparation ahead of a click and the click
    // itself both ask, and before the first answer is kept both would start a git process.
    const asking = this.gitIdentityAsked.get(dataDir);
    if (asking !== undefined) return asking;
    const answer = cachedGitUserEmail(config.repository.path, { cacheFile: path.join(dataDir, 'identity-app.json'), env: process.env }).finally(() => this.gitIdentityAsked.delete(dataDir));
    this.gitIdentityAsked.set(dataDir, answer);
    return answer;
  }
}

async function withinMs<T>(promise: Promise<T | null>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | null = null;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise.catch(() => null), late]);
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
}
