import { useState } from 'react';
import type { ReleaseView } from '../../../shared/releases/release-ipc';
import { revealInvisible } from '../../../shared/text/reveal-invisible';
import { openLink, openLinkOrReason } from '../../open-link';
import { BranchName } from './BranchName';
import { asSentence, formatMoment, listOfPeople, phaseText, shortSha } from './format';
import { EngineersEditor } from './EngineersEditor';
import { InconclusivePanel } from './InconclusivePanel';
import { ReleaseActions } from './ReleaseActions';
import { ReleaseSteps } from './ReleaseSteps';
import { RollbackButton } from '../rollback/RollbackButton';
import { WatchPanel } from './WatchPanel';
import { WatchSummaryPanel } from './WatchSummaryPanel';

/**
 * One release: what it is, where it stands, what happens next and who owes what, and its
 * checklist. `readOnly` (History) shows the same record with no actions. The parent keys it
 * by release id so no state of one release can show under another.
 */
export function ReleasePanel(props: {
  readonly view: ReleaseView;
  readonly now: Date;
  readonly readOnly: boolean;
  readonly onView: (view: ReleaseView) => void;
}) {
  const { view, now, readOnly } = props;
  const { state } = view;
  const branch = revealInvisible(state.branch);
  return (
    <section className="release" aria-label={`Release ${state.id} of ${branch.text}`}>
      <header className="release-header">
        <h3>
          <BranchName name={state.branch} />
        </h3>
        <p>
          <code>{shortSha(state.sha)}</code> to {state.environment} · release {state.id} · <span aria-label="Release phase">{phaseText(state.phase)}</span>
        </p>
        {branch.suspicious && <p className="warning">This branch name contains invisible or direction-changing characters, shown spelled out.</p>}
      </header>
      <dl className="facts release-facts">
        <dt>Coordinator</dt>
        <dd>{state.coordinator}</dd>
        <dt>On-call</dt>
        <dd>{state.onCall}</dd>
        <dt>Involved</dt>
        <dd>
          <EngineersEditor view={view} readOnly={readOnly} onView={props.onView} />
        </dd>
        <dt>Planned</dt>
        <dd>
          {formatMoment(state.plannedAt, now)} by {state.plannedBy}
        </dd>
        {state.pullRequest !== undefined && (
          <>
            <dt>Pull request</dt>
            <dd>
              <button type="button" className="link" onClick={() => openLink(state.pullRequest?.url ?? '')}>
                #{state.pullRequest.number} {state.pullRequest.title}
              </button>
            </dd>
          </>
        )}
        {state.previewUrl !== undefined && (
          <>
            <dt>Preview</dt>
            <dd>
              <PreviewLink url={state.previewUrl} />
            </dd>
          </>
        )}
        {state.previousSha !== undefined && (
          <>
            <dt>Rollback target</dt>
            <dd>
              <code>{shortSha(state.previousSha)}</code> (production before Stage 2)
            </dd>
          </>
        )}
      </dl>
      {!readOnly && view.blocker !== null && (
        <p className="blocker" aria-label="Blocker">
          {asSentence(view.blocker)}
        </p>
      )}
      {!readOnly && state.phase === 'inconclusive' && <InconclusivePanel view={view} now={now} onView={props.onView} />}
      {!readOnly && state.phase === 'watching' && <WatchPanel view={view} now={now} />}
      {state.watchSummary !== undefined && <WatchSummaryPanel releaseId={state.id} summary={state.watchSummary} />}
      {!readOnly && <ReleaseActions view={view} onView={props.onView} />}
      {!readOnly && view.actions.some((verdict) => verdict.action === 'rollback' && (verdict.allowed || verdict.overridable)) && (
        <div className="actions">
          <RollbackButton
            environment={state.environment}
            primary={view.next?.action === 'rollback'}
            shortcut
            onChanged={() =>
              void window.desk.releases.get(state.id).then((result) => {
                if (result.ok) props.onView(result.value);
              })
            }
          />
        </div>
      )}
      <section className="panel" aria-labelledby={`steps-${state.id}`}>
        <h4 id={`steps-${state.id}`}>Checklist</h4>
        <ReleaseSteps state={state} now={now} />
      </section>
      <SignOffs view={view} now={now} />
      {state.overrides.length > 0 && (
        <section className="panel" aria-labelledby={`overrides-${state.id}`}>
          <h4 id={`overrides-${state.id}`}>Overrides</h4>
          <ul aria-label="Overrides">
            {state.overrides.map((override) => (
              <li key={override.seq}>
                {override.by} overrode “{override.refusal}” at {formatMoment(override.at, now)}: {override.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {!readOnly && view.pendingUpdates.length > 0 && (
        <section className="panel" aria-labelledby={`pending-${state.id}`}>
          <h4 id={`pending-${state.id}`}>Team updates not delivered yet</h4>
          <ul aria-label="Pending team updates">
            {view.pendingUpdates.map((update) => (
              <li key={update.id}>
                {update.channel === 'github' ? 'GitHub' : 'Slack'}: {update.description} — {update.status}
              </li>
            ))}
          </ul>
        </section>
      )}
      {state.releaseNotes !== undefined && state.releaseNotes.length > 0 && (
        <section className="panel" aria-labelledby={`notes-${state.id}`}>
          <h4 id={`notes-${state.id}`}>Release notes</h4>
          <ul aria-label="Release notes">
            {state.releaseNotes.map((commit) => (
              <li key={commit.sha}>
                <code>{shortSha(commit.sha)}</code> {commit.subject} ({commit.author}
                {commit.pullRequest === undefined ? '' : `, #${commit.pullRequest.number} ${commit.pullRequest.title}`})
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function SignOffs(props: { readonly view: ReleaseView; readonly now: Date }) {
  const { state } = props.view;
  if (state.signOffs.length === 0 && state.pendingSignOffs.length === 0) return null;
  return (
    <section className="panel" aria-labelledby={`sign-offs-${state.id}`}>
      <h4 id={`sign-offs-${state.id}`}>Sign-offs</h4>
      {state.pendingSignOffs.length > 0 && <p aria-label="Still to sign off">Still to sign off: {listOfPeople(state.pendingSignOffs)}.</p>}
      {state.signOffs.length > 0 && (
        <ul aria-label="Signed off">
          {state.signOffs.map((signOff) => (
            <li key={signOff.seq}>
              {signOff.engineer} signed off at {formatMoment(signOff.at, props.now)}
              {signOff.note === undefined ? '' : `: ${signOff.note}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The preview's address as a link and as text (to copy), opened through the main process's
 * allow-list; when it refuses, the reason shows instead of nothing happening.
 */
function PreviewLink(props: { readonly url: string }) {
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="link preview-link"
        onClick={() => {
          setRefused(null);
          void openLinkOrReason(props.url).then(setRefused);
        }}
      >
        Open the preview
      </button>{' '}
      <code aria-label="Preview address">{props.url}</code>
      {refused !== null && <span role="alert"> {refused}</span>}
    </>
  );
}
