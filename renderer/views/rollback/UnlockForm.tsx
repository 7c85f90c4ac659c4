import { useState } from 'react';
import type { RollbackPreview } from '../../../shared/releases/rollback-ipc';

/** The environment's lock in words, and the form that lifts it with a written reason. */
export function LockNotice(props: { readonly environment: string; readonly lock: NonNullable<RollbackPreview['lock']>; readonly onUnlocked: () => void }) {
  const { environment, lock } = props;
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const result = await window.desk.rollback.unlock(environment, reason.trim());
    setBusy(false);
    if (result.ok) {
      setReason('');
      setProblem(null);
      props.onUnlocked();
    } else setProblem(result.error.message);
  };
  return (
    <section className="rollback-lock" aria-label={`${environment} is locked`} data-testid={`lock-${environment}`}>
      <p>
        <strong>Locked for new releases</strong> since {new Date(lock.at).toLocaleString()} by {lock.by}: {lock.reason}.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label>
          Why it is safe to release again (recorded in the journal)
          <input value={reason} minLength={3} maxLength={2000} required onChange={(event) => setReason(event.target.value)} />
        </label>
        <button type="submit" disabled={busy || reason.trim().length < 3}>
          Unlock {environment}
        </button>
      </form>
      {problem !== null && <p role="alert">{problem}</p>}
    </section>
  );
}
