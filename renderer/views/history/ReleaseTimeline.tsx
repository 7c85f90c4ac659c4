/**
 * One release's journal, read-only: every event with its time, who, what (in words) and its
 * data (in words), oldest first. Overrides stand out with their refusal and reason. All text
 * from the journal is rendered as text (React escapes it), never as HTML.
 */
import type { CallValue } from '../../../shared/ipc/contract';
import { useDeskCall } from '../../use-desk-call';
import { formatMoment } from '../release/format';

type TimelineEntryView = CallValue<'history.timeline'>['entries'][number];

export function ReleaseTimeline(props: { readonly releaseId: string; readonly now: Date }) {
  const [call, reload] = useDeskCall(() => window.desk.history.timeline(props.releaseId));
  if (call.phase === 'loading') return <p role="status">Reading the journal of {props.releaseId}…</p>;
  if (call.phase === 'failed') {
    return (
      <div role="alert">
        <p>The timeline of {props.releaseId} could not be read: {call.error.message}</p>
        <button type="button" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }
  return <TimelineEvents releaseId={props.releaseId} entries={call.value.entries} now={props.now} />;
}

/** The timeline's list, apart from its loading, so its markup can be checked under Node. */
export function TimelineEvents(props: { readonly releaseId: string; readonly entries: readonly TimelineEntryView[]; readonly now: Date }) {
  const { entries } = props;
  const overrides = entries.filter((entry) => entry.override !== null).length;
  return (
    <section className="timeline" aria-labelledby={`timeline-${props.releaseId}`}>
      <h3 id={`timeline-${props.releaseId}`}>
        Timeline of {props.releaseId}: {entries.length} event{entries.length === 1 ? '' : 's'}
        {overrides > 0 && `, ${overrides} override${overrides === 1 ? '' : 's'}`}
      </h3>
      <ol className="timeline-events">
        {entries.map((entry) => (
          <li key={entry.seq} className={entry.override === null ? 'timeline-event' : 'timeline-event timeline-override'} data-seq={entry.seq}>
            <div className="timeline-head">
              <time dateTime={entry.at}>{formatMoment(entry.at, props.now)}</time>
              <strong className="timeline-title">{entry.title}</strong>
              <span className="timeline-actor">by {entry.actor}</span>
              <span className="muted">#{entry.seq}</span>
            </div>
            {entry.override !== null ? (
              <dl className="timeline-override-facts">
                <dt>Refused because</dt>
                <dd>{entry.override.refusal}</dd>
                <dt>Done anyway, because</dt>
                <dd>{entry.override.reason}</dd>
              </dl>
            ) : (
              entry.details.length > 0 && (
                <ul className="timeline-details">
                  {entry.details.map((line, index) => (
                    <li key={index}>{line}</li>
                  ))}
                </ul>
              )
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
