/** Which release the Release view shows per environment, and the views it remembers. */
import { describe, expect, it } from 'vitest';
import type { ReleaseView } from '../../../../../shared/releases/release-ipc';
import { baseState, RELEASE_STAGES, viewOf } from '../../../../fixtures/release-views';

const shownModule = '../../../../../renderer/views/release/shown-release';
const shown = (await import(/* @vite-ignore */ shownModule)) as {
  shownRelease: (environment: string, active: ReleaseView | null, heard: Iterable<ReleaseView>) => ReleaseView | null;
  rememberView: (heard: ReadonlyMap<string, ReleaseView>, view: ReleaseView) => ReadonlyMap<string, ReleaseView>;
};

describe('shownRelease', () => {
  it('never shows a release of another environment', () => {
    const staging = viewOf(baseState({ id: 'r9', environment: 'staging', firstSeq: 9, lastSeq: 9 }));
    expect(shown.shownRelease('production', null, [staging])).toBeNull();
    expect(shown.shownRelease('production', staging, [])).toBeNull();
  });

  it('prefers the newer state of the same release, and the later-planned release', () => {
    const planned = RELEASE_STAGES.planned();
    const staging = RELEASE_STAGES.staging();
    expect(shown.shownRelease('production', planned, [staging])?.state.phase).toBe('staging');
    expect(shown.shownRelease('production', staging, [planned])?.state.phase).toBe('staging');
    const aborted = RELEASE_STAGES.aborted();
    expect(shown.shownRelease('production', planned, [aborted])?.state.id).toBe('r2');
  });

  it('keeps a just-finished release in view when the overview has no active one', () => {
    const done = RELEASE_STAGES.done();
    expect(shown.shownRelease('production', null, [done])?.state.phase).toBe('done');
  });
});

describe('rememberView', () => {
  it('replaces an older state of a release and never a newer one', () => {
    let heard: ReadonlyMap<string, ReleaseView> = new Map();
    heard = shown.rememberView(heard, RELEASE_STAGES.staging());
    heard = shown.rememberView(heard, RELEASE_STAGES.planned());
    expect(heard.get('r1')?.state.phase).toBe('staging');
    heard = shown.rememberView(heard, RELEASE_STAGES.exercising());
    expect(heard.get('r1')?.state.phase).toBe('exercising');
    heard = shown.rememberView(heard, RELEASE_STAGES.aborted());
    expect([...heard.keys()]).toEqual(['r1', 'r2']);
  });
});
