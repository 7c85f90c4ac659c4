/**
 * What each environment should run, for the live monitor's "reported version is not the
 * expected one" alert: the newest entry of the journal's live history (the last successful
 * switchover, or a rollback's target after a rollback). The monitor asks on every sample,
 * synchronously, so the answer comes from a cache; at most once a second a stat of the
 * journal file tells whether it changed, and only then is it read and folded again.
 */
import { stat } from 'node:fs/promises';
import { foldEnvironment } from '../../../shared/releases/fold-release';
import { journalFileFor, openReleaseJournal, type ReleaseJournal } from '../journal/release-journal';
import { workspaceDataDir } from '../workspace/workspace-data';

interface Cached {
  readonly journal: ReleaseJournal;
  stamp: string | null;
  checkedAt: number;
  checking: boolean;
  versions: ReadonlyMap<string, string>;
  markers: ReadonlyMap<string, readonly TimeMarker[]>;
}

/** A moment on the monitor's time axis: a Stage 1, a switchover or a rollback starting. */
export interface TimeMarker {
  readonly at: number;
  readonly label: string;
}

const MARKED_STEPS: Readonly<Record<string, string>> = { stage1: 'Stage 1', switchover: 'Switchover', rollback: 'Rollback' };
const MAX_MARKERS = 50;

export interface ExpectedVersions {
  (folder: string, environment: string): string | null;
  /** Resolves once the folder's cache reflects the journal as it is now (tests, first paint). */
  refresh(folder: string): Promise<void>;
  /** The environment's Stage 1, switchover and rollback starts, oldest first (from the same cache). */
  markers(folder: string, environment: string): readonly TimeMarker[];
}

export function createExpectedVersions(userDataDir: string, options: { minCheckIntervalMs?: number; now?: () => number } = {}): ExpectedVersions {
  const minInterval = options.minCheckIntervalMs ?? 1000;
  const now = options.now ?? Date.now;
  const caches = new Map<string, Cached>();

  const cacheOf = (folder: string): Cached => {
    let cached = caches.get(folder);
    if (cached === undefined) {
      const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userDataDir, folder)) });
      cached = { journal, stamp: null, checkedAt: -Infinity, checking: false, versions: new Map(), markers: new Map() };
      caches.set(folder, cached);
    }
    return cached;
  };

  const check = async (cached: Cached): Promise<void> => {
    cached.checking = true;
    cached.checkedAt = now();
    try {
      const info = await stat(cached.journal.file).catch(() => null);
      const stamp = info === null ? 'absent' : `${info.ino}:${info.size}:${info.mtimeMs}`;
      if (stamp === cached.stamp) return;
      const { events } = info === null ? { events: [] } : await cached.journal.read();
      const environments = new Set(events.map((event) => event.environment));
      const versions = new Map<string, string>();
      for (const environment of environments) {
        const live = foldEnvironment(events, environment).liveHistory[0];
        if (live !== undefined) versions.set(environment, live.sha);
      }
      const markers = new Map<string, TimeMarker[]>();
      for (const event of events) {
        if (event.type !== 'step-started' || MARKED_STEPS[event.data.step] === undefined) continue;
        const list = markers.get(event.environment) ?? [];
        list.push({ at: Date.parse(event.at), label: `${MARKED_STEPS[event.data.step]}${event.releaseId === null ? '' : ` (${event.releaseId})`}` });
        markers.set(event.environment, list.slice(-MAX_MARKERS));
      }
      cached.versions = versions;
      cached.markers = markers;
      cached.stamp = stamp;
    } catch {
      // A journal being written or unreadable: keep the last answer, ask again later.
    } finally {
      cached.checking = false;
    }
  };

  const expected = ((folder: string, environment: string) => {
    const cached = cacheOf(folder);
    if (!cached.checking && now() - cached.checkedAt >= minInterval) void check(cached);
    return cached.versions.get(environment) ?? null;
  }) as ExpectedVersions;
  expected.refresh = (folder) => check(cacheOf(folder));
  expected.markers = (folder, environment) => cacheOf(folder).markers.get(environment) ?? [];
  return expected;
}
