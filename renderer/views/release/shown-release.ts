/**
 * Which release the Release view shows for an environment: the active one from the overview,
 * or a newer one the window heard of since (planned, or just finished — a release that has
 * just reached Done stays in view until the user leaves). Releases of other environments
 * never show here.
 */
import type { ReleaseView } from '../../../shared/releases/release-ipc';

export function shownRelease(environment: string, active: ReleaseView | null, heard: Iterable<ReleaseView>): ReleaseView | null {
  let best: ReleaseView | null = active !== null && active.state.environment === environment ? active : null;
  for (const view of heard) {
    if (view.state.environment !== environment) continue;
    if (best === null || newer(view, best)) best = view;
  }
  return best;
}

/** The later-planned release; for the same release, the later state of it. */
function newer(candidate: ReleaseView, than: ReleaseView): boolean {
  if (candidate.state.id === than.state.id) return candidate.state.lastSeq > than.state.lastSeq;
  return candidate.state.firstSeq > than.state.firstSeq;
}

/** The views heard of, with `view` replacing an older state of the same release (never a newer one). */
export function rememberView(heard: ReadonlyMap<string, ReleaseView>, view: ReleaseView): ReadonlyMap<string, ReleaseView> {
  const known = heard.get(view.state.id);
  if (known !== undefined && known.state.lastSeq > view.state.lastSeq) return heard;
  const next = new Map(heard);
  next.set(view.state.id, view);
  return next;
}
