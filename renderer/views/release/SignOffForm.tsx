import { useId, useState } from 'react';

/** An involved engineer signs off the preview: "exercised on the preview", with an optional note. */
export function SignOffForm(props: {
  readonly submitLabel: string;
  readonly primary: boolean;
  readonly busy: boolean;
  readonly onSubmit: (note: string) => void;
}) {
  const [note, setNote] = useState('');
  const noteId = useId();
  return (
    <form
      className="sign-off-form"
      aria-label="Sign off the preview"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit(note.trim());
      }}
    >
      <p>I exercised this release on the preview.</p>
      <label htmlFor={noteId}>Note (optional)</label>
      <textarea id={noteId} rows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      <div className="actions">
        <button type="submit" className={props.primary ? 'primary' : undefined} disabled={props.busy}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
