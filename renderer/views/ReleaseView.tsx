import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkspaceStatus } from '../../shared/domain/app';
import type { DeskFailure } from '../../shared/ipc/result';
import type { ReleasesOverview, ReleaseView as ReleaseViewModel } from '../../shared/releases/release-ipc';
import { JournalBanner } from '../components/JournalBanner';
import { WorkspaceGate } from '../components/WorkspaceGate';
import { asSentence, describeViewer, formatMoment, hasEnded, outcomeOf } from './release/format';
import { ReleasePanel } from './release/ReleasePanel';
import { rememberView, shownRelease } from './release/shown-release';
import { useNow } from './release/use-now';

export function ReleaseView(props: { readonly workspace: WorkspaceStatus }) {
  return (
    <WorkspaceGate status={props.workspace} needs="A release takes a ready branch from a workspace through Stage 1 and Stage 2.">
      {() => (
        <>
          <JournalBanner />
          <ReleaseDesk />
        </>
      )}
    </WorkspaceGate>
  );
}

type Overview = { readonly phase: 'loading' } | { readonly phase: 'ready'; readonly overview: ReleasesOverview } | { readonly phase: 'failed'; readonly error: DeskFailure };

/** Every environment of the workspace: its lock, and its release in progress as a checklist. */
function ReleaseDesk() {
  const [overview, setOverview] = useState<Overview>({ phase: 'loading' });
  const [heard, setHeard] = useState<ReadonlyMap<string, ReleaseViewModel>>(new Map());
  const now = useNow(5_000);
  const requests = useRef(0);

  const load = useCallback(async () => {
    const request = ++requests.current;
    const result = await window.desk.releases.overview();
    // An older answer never replaces a newer one.
    if (request !== requests.current) return;
    setOverview(result.ok ? { phase: 'ready', overview: result.value } : { phase: 'failed', error: result.error });
  }, []);

  const hear = useCallback(
    (view: ReleaseViewModel) => {
      setHeard((current) => rememberView(current, view));
      void load();
    },
    [load],
  );

  useEffect(() => {
    void load();
    return window.desk.on('releases.changed', hear);
  }, [load, hear]);

  if (overview.phase === 'loading') return <p role="status">Reading releases…</p>;
  if (overview.phase === 'failed') {
    return (
      <div role="alert">
        <p>Release Desk could not read the releases: {overview.error.message}</p>
        <button type="button" onClick={() => void load()}>
          Try again
        </button>
      </div>
    );
  }
  const { environments, viewer } = overview.overview;
  if (environments.length === 0) return <p>This workspace's release-desk.yml defines no environment to release to.</p>;
  return (
    <div className="release-desk">
      <p className="muted" aria-label="Who you are">
        {describeViewer(viewer)}
      </p>
      {environments.map((environment) => {
        const shown = shownRelease(environment.name, environment.active, heard.values());
        const finished = shown !== null && hasEnded(shown.state.phase);
        const lock = environment.state.lock;
        return (
          <section key={environment.name} className="environment" aria-labelledby={`environment-${environment.name}`}>
            <h2 id={`environment-${environment.name}`}>{environment.name}</h2>
            {lock !== null && (
              <p className="warning" aria-label={`${environment.name} lock`}>
                Locked by {lock.by} since {formatMoment(lock.at, now)}: {lock.reason}
              </p>
            )}
            {(shown === null || finished) && (
              <div className="empty-state">
                <p>
                  {shown === null ? `No release in progress on ${environment.name}.` : `The last release here: ${outcomeOf(shown.state.phase)}.`} Plan a release
                  from an eligible branch on the <a href="#/branches">Branches board</a>.
                </p>
                {environment.planRefusal !== null && <p>Planning is refused now: {asSentence(environment.planRefusal)}</p>}
              </div>
            )}
            {shown !== null && <ReleasePanel key={shown.state.id} view={shown} now={now} readOnly={false} onView={hear} />}
          </section>
        );
      })}
    </div>
  );
}
