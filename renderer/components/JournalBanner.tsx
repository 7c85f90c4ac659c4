import { useEffect, useState } from 'react';
import type { JournalVerifyReport } from '../../shared/audit/audit-ipc';
import { useDeskCall } from '../use-desk-call';

/**
 * A red banner when the release journal fails verification (audit.verify, run when the
 * Release or History view opens a workspace and again whenever a release changes), naming
 * the first bad entry. Releases go on regardless. "Acknowledge…" asks for a written reason
 * that is journaled (audit.acknowledge); the banner then hides until verify finds
 * something else. Journal text is rendered as text only.
 */
export function JournalBanner() {
  const [call, reload] = useDeskCall(() => window.desk.audit.verify());
  useEffect(() => window.desk.on('releases.changed', () => reload()), [reload]);
  if (call.phase !== 'done') return null;
  return <JournalProblems report={call.value} onChanged={reload} />;
}

function JournalProblems(props: { readonly report: JournalVerifyReport; readonly onChanged: () => void }) {
  const { report } = props;
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const tampering = report.problems.filter((problem) => problem.tampering);
  const first = tampering[0];
  if (report.ok || report.acknowledged !== null || first === undefined) return null;

  const acknowledge = async () => {
    setBusy(true);
    setNote(null);
    try {
      const result = await window.desk.audit.acknowledge(reason);
      if (!result.ok) setNote(result.error.message);
      else props.onChanged();
    } catch (error) {
      setNote(String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="journal-banner" role="alert" aria-label="Release journal verification">
      <p>
        <strong>The release journal failed verification.</strong> First bad entry: line {first.line}
        {first.seq === null ? '' : `, seq ${first.seq}`} — {first.message}
        {tampering.length > 1 ? ` (${tampering.length} problems in all)` : ''}.
      </p>
      <p>
        Releases go on, but this record may have been altered. Check {report.file} (or run <code>release-desk audit verify</code>),
        then acknowledge with a reason.
      </p>
      {!asking ? (
        <button type="button" onClick={() => setAsking(true)}>
          Acknowledge…
        </button>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void acknowledge();
          }}
        >
          <label>
            Reason (journaled)
            <textarea value={reason} onChange={(event) => setReason(event.target.value)} required minLength={3} maxLength={2000} rows={2} />
          </label>
          <button type="submit" disabled={busy || reason.trim().length < 3} aria-busy={busy}>
            Acknowledge
          </button>
          <button type="button" onClick={() => setAsking(false)} disabled={busy}>
            Cancel
          </button>
        </form>
      )}
      {note !== null && <p role="status">{note}</p>}
    </section>
  );
}
