/**
 * Writes the `watch-summary` of every release whose watch has ended and has none yet: after a
 * verdict, when a rollback of it starts, or when the window's time ran out — also when the app
 * was closed at that moment (the next pass finds it). Exactly once: the journal's append lock
 * is the arbiter, and the build refuses when a summary is already there (another window, the CLI).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { parseSampleLines, samplesFileOf, summarizeWatch } from '../../../shared/monitor/watch-summary';
import { foldReleases } from '../../../shared/releases/fold-release';
import type { JournalEvent } from '../../../shared/releases/release-events';
import type { ReleaseState } from '../../../shared/releases/release-state';
import { hasWatchSummary, watchEnding, type WatchEnding } from '../../../shared/releases/watch-end';
import { watchWindowOf, type WatchWindow } from '../../../shared/releases/watch-window';
import type { ReleaseJournal } from '../journal/release-journal';

/** What the journal records as having done it: the app, by itself. */
export const APP_ACTOR = 'release-desk';

export interface WatchedRelease {
  readonly releaseId: string;
  readonly environment: string;
  readonly onCall: string;
  readonly window: WatchWindow;
  /** Absolute path of the release's samples file. */
  readonly file: string;
}

export interface WatchSummariesInput {
  readonly journal: ReleaseJournal;
  readonly dataDir: string;
  readonly config: WorkspaceConfig;
  /** Epoch ms. */
  readonly now: number;
  readonly events?: readonly JournalEvent[];
  readonly log?: (message: string, error?: unknown) => void;
}

export interface WatchPass {
  /** Per environment, the release being watched now (window open, no ending yet). */
  readonly watched: ReadonlyMap<string, WatchedRelease>;
  /** Summaries appended by this pass (release ids). */
  readonly summarized: readonly string[];
}

/** Every release with a watch window, with its ending as of `now` (null: still watched). */
export function watchesIn(events: readonly JournalEvent[], config: WorkspaceConfig, now: number): readonly { readonly state: ReleaseState; readonly window: WatchWindow; readonly ending: WatchEnding | null }[] {
  // Only releases that switched production over have a window: skip the fold for the rest.
  const switched = new Set<string>();
  for (const event of events) {
    if (event.releaseId === null) continue;
    if ((event.type === 'step-finished' && event.data.step === 'switchover' && event.data.outcome === 'succeeded') || (event.type === 'inconclusive-resolved' && event.data.step === 'switchover')) {
      switched.add(event.releaseId);
    }
  }
  if (switched.size === 0) return [];
  const found = [];
  for (const state of foldReleases(events)) {
    if (!switched.has(state.id)) continue;
    const minutes = config.environments[state.environment]?.watchMinutes;
    if (minutes === undefined) continue;
    const window = watchWindowOf(state, minutes);
    if (window === null) continue;
    found.push({ state, window, ending: watchEnding(events, state.id, window, now) });
  }
  return found;
}

/** One pass: summarizes every ended watch without a summary, and says what is watched now. */
export async function recordEndedWatches(input: WatchSummariesInput): Promise<WatchPass> {
  const events = input.events ?? (await input.journal.read()).events;
  const watched = new Map<string, WatchedRelease>();
  const summarized: string[] = [];
  for (const { state, window, ending } of watchesIn(events, input.config, input.now)) {
    const relative = samplesFileOf(state.id);
    const file = path.join(input.dataDir, ...relative.split('/'));
    if (ending === null) {
      watched.set(state.environment, { releaseId: state.id, environment: state.environment, onCall: state.onCall, window, file });
      continue;
    }
    if (hasWatchSummary(events, state.id)) continue;
    try {
      if (await appendWatchSummary(input, state, window, ending, relative, file)) summarized.push(state.id);
    } catch (error) {
      input.log?.(`[monitor] could not record the watch summary of ${state.id}`, error);
    }
  }
  return { watched, summarized };
}

async function appendWatchSummary(input: WatchSummariesInput, state: ReleaseState, window: WatchWindow, ending: WatchEnding, relative: string, file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return ''; // nothing was sampled (the app was not running)
    throw error;
  });
  const probes = (input.config.environments[state.environment]?.health ?? []).map((probe) => probe.name);
  const data = summarizeWatch(parseSampleLines(text), probes, Date.parse(window.since), ending.at, relative);
  const result = await input.journal.append(({ events }) => {
    if (hasWatchSummary(events, state.id)) return { refused: `${state.id}'s watch is already summarized` };
    return { at: new Date(input.now).toISOString(), actor: APP_ACTOR, type: 'watch-summary', releaseId: state.id, environment: state.environment, data };
  });
  return result.kind === 'appended';
}
