/**
 * When a release's watch ended: its verdict, a rollback of it starting, or the window's time
 * running out — whichever came first. Pure, over the journal, so the app (live or after a
 * restart), the CLI and the tests agree on one moment, and the summary is written exactly once.
 */
import type { JournalEvent } from './release-events';
import type { WatchWindow } from './watch-window';

export type WatchEnding = { readonly at: number; readonly why: 'verdict' | 'rollback' | 'time' };

/** The ending of `releaseId`'s watch as of `now` (epoch ms), or null while it is still being watched. */
export function watchEnding(events: readonly JournalEvent[], releaseId: string, window: WatchWindow, now: number): WatchEnding | null {
  const since = Date.parse(window.since);
  const until = Date.parse(window.until);
  const endings: WatchEnding[] = [];
  for (const event of events) {
    if (event.releaseId !== releaseId) continue;
    if (event.type === 'verdict') endings.push({ at: Date.parse(event.at), why: 'verdict' });
    else if (event.type === 'step-started' && event.data.step === 'rollback') endings.push({ at: Date.parse(event.at), why: 'rollback' });
  }
  if (now >= until) endings.push({ at: until, why: 'time' });
  // A rollback before this switchover (an earlier attempt) did not end this watch.
  const after = endings.filter((ending) => ending.at >= since).sort((a, b) => a.at - b.at);
  return after[0] ?? null;
}

/** Whether the journal already holds the release's watch summary. */
export function hasWatchSummary(events: readonly JournalEvent[], releaseId: string): boolean {
  return events.some((event) => event.type === 'watch-summary' && event.releaseId === releaseId);
}
