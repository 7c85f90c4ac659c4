/** The History list's rows: newest first, each with how long its steps took. */
import type { ReleaseView } from '../../../shared/releases/release-ipc';
import type { ReleaseState } from '../../../shared/releases/release-state';
import { checklistOf } from './checklist';
import { formatDuration } from './format';

/** Newest first by when they were planned (the journal's order breaks ties). */
export function historyRows(views: readonly ReleaseView[]): readonly ReleaseView[] {
  return [...views].sort((a, b) => b.state.firstSeq - a.state.firstSeq);
}

/** "Stage 1 4.2 s", … for every step that took measurable time, in flow order. */
export function stepDurations(state: ReleaseState): readonly { readonly title: string; readonly duration: string }[] {
  return checklistOf(state)
    .filter((item) => item.durationMs !== null && item.id !== 'done')
    .map((item) => ({ title: item.title, duration: formatDuration(item.durationMs ?? 0) }));
}
