/**
 * Policy conformance of the main branch (history.conformance): did every commit come through a
 * release? Run on request: it fetches the main branch and asks GitHub once per commit that is not
 * a release's merge. Exceptions are listed one per line, with the pull request's link.
 */
import { useState } from 'react';
import { describeException } from '../../../shared/audit/conformance';
import type { ConformanceView } from '../../../shared/audit/history-ipc';
import type { DeskFailure } from '../../../shared/ipc/result';
import { openLink } from '../../open-link';

type CheckState = { readonly phase: 'idle' } | { readonly phase: 'checking' } | { readonly phase: 'done'; readonly view: ConformanceView } | { readonly phase: 'failed'; readonly error: DeskFailure };

export function ConformanceSection(props: { readonly from: string | null }) {
  const [state, setState] = useState<CheckState>({ phase: 'idle' });
  const check = async () => {
    setState({ phase: 'checking' });
    const result = await window.desk.history.conformance(props.from === null ? {} : { since: props.from });
    setState(result.ok ? { phase: 'done', view: result.value } : { phase: 'failed', error: result.error });
  };
  return (
    <section className="history-conformance" aria-labelledby="conformance-title">
      <h2 id="conformance-title">Policy conformance</h2>
      <p className="muted">
        The main branch should receive only released branches. Checking fetches it and walks its first-parent history{props.from === null ? '' : ` since ${props.from}`}.
      </p>
      <button type="button" onClick={() => void check()} disabled={state.phase === 'checking'}>
        {state.phase === 'done' || state.phase === 'failed' ? 'Check again' : 'Check the main branch'}
      </button>
      {state.phase === 'checking' && <p role="status">Walking the main branch…</p>}
      {state.phase === 'failed' && <p role="alert">The main branch could not be checked: {state.error.message}</p>}
      {state.phase === 'done' && <ConformanceResult view={state.view} />}
    </section>
  );
}

function ConformanceResult(props: { readonly view: ConformanceView }) {
  const { report, notes } = props.view;
  const { counts } = report;
  const exceptions = report.commits.filter((commit) => commit.verdict.kind !== 'released');
  return (
    <div role="status" className={report.conformant ? 'conformance-ok' : 'conformance-exceptions'}>
      <p>
        <strong>{report.conformant ? 'Conformant' : 'Not conformant'}:</strong> {report.commits.length} commit{report.commits.length === 1 ? '' : 's'} on {report.ref}; merged by a release {counts.released}, through a pull
        request outside Release Desk {counts.pullRequest}, pushed directly {counts.direct}, cannot tell {counts.unknown}.
      </p>
      {report.githubUnavailable !== null && counts.unknown > 0 && <p>GitHub was not asked ({report.githubUnavailable}): a pull request outside Release Desk and a direct push cannot be told apart.</p>}
      {notes.map((note) => (
        <p key={note} className="warning">
          {note}
        </p>
      ))}
      {exceptions.length > 0 && (
        <ul aria-label="Commits that did not come through a release">
          {exceptions.map((commit) => (
            <li key={commit.sha}>
              {describeException(commit, report.githubUnavailable)}
              {commit.verdict.kind === 'pull-request' && (
                <>
                  {' '}
                  <button type="button" className="link" onClick={() => openLink(commit.verdict.kind === 'pull-request' ? commit.verdict.url : '')}>
                    Open pull request #{commit.verdict.number}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
