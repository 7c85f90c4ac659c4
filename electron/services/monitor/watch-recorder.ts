/**
 * The app's side of the watch window: which release each environment is watching now (so the
 * monitor appends its samples to that release's file, and auto-rollback knows its window), and
 * the `watch-summary` of every watch that ended. The monitor asks on every sample,
 * synchronously, so the answer comes from a cache; a pass every `passMs` stats the journal and
 * reads it again only when it changed or a watch's time ran out.
 */
import { stat } from 'node:fs/promises';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { journalFileFor, openReleaseJournal, type ReleaseJournal } from '../journal/release-journal';
import { workspaceDataDir } from '../workspace/workspace-data';
import { realTimers, type Timers } from './probe-loop';
import { recordEndedWatches, type WatchedRelease } from './watch-summaries';

export interface WatchRecorderDeps {
  readonly userDataDir: string;
  readonly timers?: Timers;
  /** How often the journal is looked at (default 2 s). */
  readonly passMs?: number;
  /** An environment started or stopped being watched (auto-rollback re-arms). */
  readonly onWatchChanged?: (folder: string, environment: string, watched: WatchedRelease | null) => void;
  readonly log?: (message: string, error?: unknown) => void;
}

interface Tracked {
  config: WorkspaceConfig;
  readonly dataDir: string;
  readonly journal: ReleaseJournal;
  stamp: string | null;
  watched: ReadonlyMap<string, WatchedRelease>;
  passing: Promise<void> | null;
}

export class WatchRecorder {
  private readonly tracked = new Map<string, Tracked>();
  private readonly timers: Timers;
  private timer: unknown = null;
  private stopped = false;

  constructor(private readonly deps: WatchRecorderDeps) {
    this.timers = deps.timers ?? realTimers;
  }

  /** Starts (or updates) watching a workspace's journal; resolves after the first pass. */
  track(folder: string, config: WorkspaceConfig): Promise<void> {
    const current = this.tracked.get(folder);
    if (current !== undefined) {
      if (current.config !== config) {
        current.config = config;
        current.stamp = null; // another watchMinutes may end a watch
      }
      return this.pass(folder);
    }
    const dataDir = workspaceDataDir(this.deps.userDataDir, folder);
    this.tracked.set(folder, { config, dataDir, journal: openReleaseJournal({ file: journalFileFor(dataDir) }), stamp: null, watched: new Map(), passing: null });
    this.schedule();
    return this.pass(folder);
  }

  /** The configuration the workspace is tracked with, or null when it is not tracked. */
  configOf(folder: string): WorkspaceConfig | null {
    return this.tracked.get(folder)?.config ?? null;
  }

  /** The release the environment is watching now, or null. */
  watched(folder: string, environment: string): WatchedRelease | null {
    return this.tracked.get(folder)?.watched.get(environment) ?? null;
  }

  /** Where the environment's samples go now: its watched release's file, or null (memory only). */
  samplesFile(folder: string, environment: string): string | null {
    return this.watched(folder, environment)?.file ?? null;
  }

  /** Looks at the workspace's journal now (a release changed); resolves when the pass is done. */
  pass(folder: string): Promise<void> {
    const tracked = this.tracked.get(folder);
    if (tracked === undefined) return Promise.resolve();
    // One pass at a time per workspace; a request during a pass runs one more after it.
    const previous = tracked.passing ?? Promise.resolve();
    const next = previous.then(() => this.passOnce(folder, tracked));
    tracked.passing = next.finally(() => {
      if (tracked.passing === next) tracked.passing = null;
    });
    return next;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.tracked.clear();
  }

  private schedule(): void {
    if (this.timer !== null || this.stopped) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void Promise.allSettled([...this.tracked.keys()].map((folder) => this.pass(folder))).finally(() => this.schedule());
    }, this.deps.passMs ?? 2000);
  }

  private async passOnce(folder: string, tracked: Tracked): Promise<void> {
    try {
      const now = this.timers.now();
      const info = await stat(tracked.journal.file).catch(() => null);
      const stamp = info === null ? 'absent' : `${info.ino}:${info.size}:${info.mtimeMs}`;
      const timeRanOut = [...tracked.watched.values()].some((watched) => now >= Date.parse(watched.window.until));
      if (stamp === tracked.stamp && !timeRanOut) return;
      const before = tracked.watched;
      const result = await recordEndedWatches({
        journal: tracked.journal,
        dataDir: tracked.dataDir,
        config: tracked.config,
        now,
        ...(this.deps.log === undefined ? {} : { log: this.deps.log }),
      });
      // A summary appended changes the file: the next pass reads it once more, harmlessly.
      tracked.stamp = stamp;
      tracked.watched = result.watched;
      for (const environment of new Set([...before.keys(), ...result.watched.keys()])) {
        const was = before.get(environment)?.releaseId;
        const is = result.watched.get(environment);
        if (was !== is?.releaseId) this.deps.onWatchChanged?.(folder, environment, is ?? null);
      }
    } catch (error) {
      this.deps.log?.(`[monitor] could not read the watch windows of ${folder}`, error);
    }
  }
}
