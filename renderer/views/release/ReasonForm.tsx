import { useId, useState } from 'react';

/** At least this many characters, as the journal's ReasonSchema demands. */
export const MIN_REASON_LENGTH = 3;

export function reasonProblem(reason: string): string | null {
  return reason.trim().length < MIN_REASON_LENGTH ? `Write a reason of at least ${MIN_REASON_LENGTH} characters.` : null;
}

/**
 * Asks for the written reason before doing what the rules refused (or before an abort); the
 * reason goes into the journal and shows in the release view.
 */
export function ReasonForm(props: {
  /** What the form is for ("Override: Switch production to 3f1c2ab"), its accessible name. */
  readonly title: string;
  readonly explanation: string;
  readonly submitLabel: string;
  readonly busy: boolean;
  readonly onSubmit: (reason: string) => void;
  readonly onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const fieldId = useId();
  const problem = reasonProblem(reason);
  return (
    <form
      className="reason-form"
      aria-label={props.title}
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (problem === null) props.onSubmit(reason.trim());
      }}
    >
      <p>{props.explanation}</p>
      <label htmlFor={fieldId}>Reason</label>
      <textarea id={fieldId} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} onBlur={() => setTouched(true)} />
      {touched && problem !== null && <p role="alert">{problem}</p>}
      <div className="actions">
        <button type="submit" disabled={props.busy || problem !== null}>
          {props.submitLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
