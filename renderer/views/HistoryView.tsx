import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { WorkspaceStatus } from '../../shared/domain/app';
import type { ReleaseState } from '../../shared/releases/release-state';
import { revealInvisible } from '../../shared/text/reveal-invisible';
import { EmptyState } from '../components/EmptyState';
import { JournalBanner } from '../components/JournalBanner';
import { WorkspaceGate } from '../components/WorkspaceGate';
import { openLink } from '../open-link';
import { useDeskCall } from '../use-desk-call';
import { BranchName } from './release/BranchName';
import { ExportEvidenceButton } from './history/ExportEvidenceButton';
import { earlyHealthyText, formatMoment, outcomeOf, shortSha } from './release/format';
import { historyRows, stepDurations } from './release/history';
import { ReleasePanel } from './release/ReleasePanel';
import { useNow } from './release/use-now';
import { ConformanceSection } from './history/ConformanceSection';
import { DeliveryMetricsSection } from './history/DeliveryMetricsSection';
import { HistoryFilters } from './history/HistoryFilters';
import { filterReleases, hashOf, isFiltered, peopleOf, queryFromHash, type HistoryQuery } from './history/history-query';
import { ReleaseTimeline } from './history/ReleaseTimeline';
import './history/history.css';

/**
 * What another part of the app shows beside an opened release's record (the evidence export's
 * button): given the release, rendered in the record's header.
 */
export type HistoryReleaseActions = (release: ReleaseState) => ReactNode;

export function HistoryView(props: { readonly workspace: WorkspaceStatus; readonly releaseActions?: HistoryReleaseActions }) {
  return (
    <WorkspaceGate status={props.workspace} needs="History lists the recorded releases and rollbacks of a workspace.">
      {() => (
        <>
          <JournalBanner />
          <ReleaseHistory {...(props.releaseActions === undefined ? {} : { releaseActions: props.releaseActions })} />
        </>
      )}
    </WorkspaceGate>
  );
}

/** The filters and the open release, kept in the address's hash so a refresh shows the same. */
function useHistoryQuery(): [HistoryQuery, (query: HistoryQuery) => void] {
  const [query, setQuery] = useState<HistoryQuery>(() => queryFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setQuery(queryFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const change = useCallback((next: HistoryQuery) => {
    // replaceState: no hashchange, no new entry in Back for every keystroke of a name.
    window.history.replaceState(null, '', hashOf(next));
    setQuery(next);
  }, []);
  return [query, change];
}

/** Every release in the journal, newest first, filtered; one opens read-only as its checklist and timeline. */
function ReleaseHistory(props: { readonly releaseActions?: HistoryReleaseActions }) {
  const [call, reload] = useDeskCall(() => window.desk.releases.history());
  const [query, setQuery] = useHistoryQuery();
  const selected = query.release;
  const setSelected = (release: string | null) => setQuery({ ...query, release });
  // Bumped on every journal change, so the metrics are asked again.
  const [changes, setChanges] = useState(0);
  const now = useNow(30_000);
  useEffect(
    () =>
      window.desk.on('releases.changed', () => {
        reload();
        setChanges((n) => n + 1);
      }),
    [reload],
  );
  const all = call.phase === 'done' ? call.value : null;
  const choices = useMemo(
    () => ({
      environments: [...new Set((all ?? []).map((view) => view.state.environment))].sort(),
      people: [...new Set((all ?? []).flatMap((view) => peopleOf(view.state)))].sort(),
    }),
    [all],
  );

  if (call.phase === 'loading') return <p role="status">Reading the release journal…</p>;
  if (call.phase === 'failed') {
    return (
      <div role="alert">
        <p>Release Desk could not read the release history: {call.error.message}</p>
        <button type="button" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }
  const everything = historyRows(call.value);
  if (everything.length === 0) {
    return (
      <EmptyState title="No releases recorded">
        <p>Every release run from Release Desk is recorded here from its journal, with who did what and how long each step took.</p>
      </EmptyState>
    );
  }
  const rows = filterReleases(everything, query);
  // An opened release stays open even when a filter hides its row.
  const open = selected === null ? undefined : everything.find((view) => view.state.id === selected);
  return (
    <div className="history">
      <HistoryFilters query={query} environments={choices.environments} people={choices.people} onChange={setQuery} />
      <p role="status" aria-live="polite">
        {isFiltered(query) ? `${rows.length} of ${everything.length} releases match the filters.` : `${everything.length} release${everything.length === 1 ? '' : 's'}.`}
      </p>
      {rows.length === 0 ? (
        <p>No release matches these filters.</p>
      ) : (
      <table className="branches history-table" aria-label="Releases">
        <thead>
          <tr>
            <th scope="col">Outcome</th>
            <th scope="col">Branch</th>
            <th scope="col">SHA</th>
            <th scope="col">Coordinator</th>
            <th scope="col">Started</th>
            <th scope="col">Steps</th>
            <th scope="col">Links</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((view) => {
            const { state } = view;
            const branch = revealInvisible(state.branch).text;
            return (
              <tr key={state.id} aria-selected={state.id === selected}>
                <td>
                  {outcomeOf(state.phase)}
                  <br />
                  <span className="muted">to {state.environment}</span>
                  {earlyHealthyText(state.verdict) !== null && (
                    <>
                      <br />
                      <span className="muted">{earlyHealthyText(state.verdict)}</span>
                    </>
                  )}
                </td>
                <th scope="row">
                  <button type="button" className="link" aria-label={`Open release ${state.id} of ${branch}`} onClick={() => setSelected(state.id)}>
                    <BranchName name={state.branch} />
                  </button>
                </th>
                <td>
                  <code>{shortSha(state.sha)}</code>
                </td>
                <td>{state.coordinator}</td>
                <td>{formatMoment(state.plannedAt, now)}</td>
                <td>
                  <ul className="durations" aria-label={`Step durations of ${state.id}`}>
                    {stepDurations(state).map((entry) => (
                      <li key={entry.title}>
                        {entry.title} <span className="duration">{entry.duration}</span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {state.pullRequest !== undefined && (
                    <button type="button" className="link" aria-label={`Open pull request #${state.pullRequest.number} of ${branch}`} onClick={() => openLink(state.pullRequest?.url ?? '')}>
                      #{state.pullRequest.number}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      )}
      {open !== undefined && (
        <section className="history-detail" aria-label="Recorded release">
          <div className="detail-header">
            <p>Read-only: the record of release {open.state.id}.</p>
            <ExportEvidenceButton releaseId={open.state.id} />
            <button type="button" onClick={() => setSelected(null)}>
              Close release record
            </button>
            {props.releaseActions?.(open.state)}
          </div>
          <ReleasePanel key={open.state.id} view={open} now={now} readOnly={true} onView={() => undefined} />
          <ReleaseTimeline key={`${open.state.id}:${open.state.lastSeq}`} releaseId={open.state.id} now={now} />
        </section>
      )}
      <DeliveryMetricsSection key={`${query.environment ?? ''}|${query.from ?? ''}|${query.to ?? ''}|${changes}`} environment={query.environment} from={query.from} to={query.to} />
      <ConformanceSection key={query.from ?? ''} from={query.from} />
    </div>
  );
}
