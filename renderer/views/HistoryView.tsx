import { useEffect, useState } from 'react';
import type { WorkspaceStatus } from '../../shared/domain/app';
import { revealInvisible } from '../../shared/text/reveal-invisible';
import { EmptyState } from '../components/EmptyState';
import { JournalBanner } from '../components/JournalBanner';
import { WorkspaceGate } from '../components/WorkspaceGate';
import { openLink } from '../open-link';
import { useDeskCall } from '../use-desk-call';
import { BranchName } from './release/BranchName';
import { formatMoment, outcomeOf, shortSha } from './release/format';
import { historyRows, stepDurations } from './release/history';
import { ReleasePanel } from './release/ReleasePanel';
import { useNow } from './release/use-now';

export function HistoryView(props: { readonly workspace: WorkspaceStatus }) {
  return (
    <WorkspaceGate status={props.workspace} needs="History lists the recorded releases and rollbacks of a workspace.">
      {() => (
        <>
          <JournalBanner />
          <ReleaseHistory />
        </>
      )}
    </WorkspaceGate>
  );
}

/** Every release in the journal, newest first; one opens read-only as its checklist. */
function ReleaseHistory() {
  const [call, reload] = useDeskCall(() => window.desk.releases.history());
  const [selected, setSelected] = useState<string | null>(null);
  const now = useNow(30_000);
  useEffect(() => window.desk.on('releases.changed', () => reload()), [reload]);

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
  const rows = historyRows(call.value);
  if (rows.length === 0) {
    return (
      <EmptyState title="No releases recorded">
        <p>Every release run from Release Desk is recorded here from its journal, with who did what and how long each step took.</p>
      </EmptyState>
    );
  }
  const open = selected === null ? undefined : rows.find((view) => view.state.id === selected);
  return (
    <div className="history">
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
                        {entry.title} {entry.duration}
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
      {open !== undefined && (
        <section className="history-detail" aria-label="Recorded release">
          <div className="detail-header">
            <p>Read-only: the record of release {open.state.id}.</p>
            <button type="button" onClick={() => setSelected(null)}>
              Close release record
            </button>
          </div>
          <ReleasePanel key={open.state.id} view={open} now={now} readOnly={true} onView={() => undefined} />
        </section>
      )}
    </div>
  );
}
