/**
 * One ReadinessRuntime per open workspace, rebuilt when its configuration changes (the old
 * one's local CI queue and test runs are stopped first).
 */
import os from 'node:os';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { DeepReadonly } from '../../../shared/deep-readonly';
import type { EventName, EventPayload } from '../../../shared/ipc/contract';
import { workspaceDataDir } from '../workspace/workspace-data';
import type { TrustService, WorkspaceTrust } from '../trust/workspace-trust';
import { ReadinessRuntime, type SeedRecords } from './readiness-runtime';
import type { ServiceAccess } from './remote-ci';

export type Emit = <E extends EventName>(event: E, payload: DeepReadonly<EventPayload<E>>) => void;

export interface ReadinessRuntimesDeps {
  readonly userDataDir: string;
  /** Whether each folder is trusted: an untrusted one gets a board that runs none of its commands. */
  readonly trust: TrustService;
  readonly emit: Emit;
  readonly now?: () => Date;
  readonly secrets?: () => readonly string[];
  readonly services: ServiceAccess;
  readonly githubLogin?: () => Promise<string | null>;
  /** How often an open workspace's board is fetched and re-read; 0 = only on demand. */
  readonly backgroundRefreshMs?: number;
  /** What a workspace's records start with, if anything (the demo's teamwork). */
  readonly seedRecordsFor?: (folder: string, config: WorkspaceConfig) => SeedRecords | undefined;
}

export const DEFAULT_BACKGROUND_REFRESH_MS = 60_000;

export class ReadinessRuntimes {
  private readonly open = new Map<string, { config: WorkspaceConfig; trusted: boolean; runtime: ReadinessRuntime }>();

  constructor(private readonly deps: ReadinessRuntimesDeps) {}

  /** The folder's runtime, rebuilt when its configuration or its trust changed. */
  async for(folder: string, config: WorkspaceConfig): Promise<ReadinessRuntime> {
    const decision = await this.deps.trust.decide(folder);
    const trust: WorkspaceTrust | null = decision.kind === 'trusted' ? decision.trust : null;
    const current = this.open.get(folder);
    if (current !== undefined && current.config === config && current.trusted === (trust !== null)) return current.runtime;
    if (current !== undefined) this.stopInBackground(folder, current.runtime);
    const runtime = new ReadinessRuntime({
      config,
      trust,
      dataDir: workspaceDataDir(this.deps.userDataDir, folder),
      now: this.deps.now ?? (() => new Date()),
      secrets: this.deps.secrets ?? (() => []),
      services: this.deps.services,
      publishStatuses: true,
      githubLogin: this.deps.githubLogin ?? (async () => null),
      machineName: os.hostname(),
      onBoardChanged: (board) => this.deps.emit('readiness.changed', board),
      onLocalTestOutput: (event) => this.deps.emit('readiness.localTestOutput', event),
      ...seedOption(this.deps.seedRecordsFor?.(folder, config)),
    });
    this.open.set(folder, { config, trusted: trust !== null, runtime });
    runtime.startBackgroundRefresh(this.deps.backgroundRefreshMs ?? DEFAULT_BACKGROUND_REFRESH_MS, (error) =>
      console.error(`[readiness] background refresh of ${folder} failed:`, error),
    );
    return runtime;
  }

  /** Reads every open board again (fetching) and pushes it; failures are logged. */
  refreshAll(): void {
    for (const [folder, { runtime }] of this.open) {
      runtime.refreshAndPublish(true).catch((error: unknown) => console.error(`[readiness] refresh of ${folder} failed:`, error));
    }
  }

  /**
   * Stops and drops every open runtime (the next call builds it anew, e.g. with new service
   * addresses); resolves once their git work and test runs have ended.
   */
  async stopAll(): Promise<void> {
    const stopping = [...this.open.values()].map(({ runtime }) => runtime.stop());
    this.open.clear();
    await Promise.allSettled(stopping);
  }

  /** A replaced runtime winds down while its successor already serves. */
  private stopInBackground(folder: string, runtime: ReadinessRuntime): void {
    runtime.stop().catch((error: unknown) => console.error(`[readiness] stopping the old runtime of ${folder} failed:`, error));
  }
}

function seedOption(seedRecords: SeedRecords | undefined): { seedRecords?: SeedRecords } {
  return seedRecords === undefined ? {} : { seedRecords };
}
