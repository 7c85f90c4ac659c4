import { useId, useState } from 'react';
import { parseEngineerList } from '../../../shared/releases/engineer-list';
import type { ReleaseView } from '../../../shared/releases/release-ipc';
import { verdictFor } from './act';
import { asSentence, listOfPeople } from './format';
import { ReasonForm } from './ReasonForm';

type Editing = { readonly kind: 'closed' } | { readonly kind: 'editing' } | { readonly kind: 'override'; readonly engineers: readonly string[]; readonly refusal: string };

/**
 * The involved engineers (who owe a sign-off), and "Edit engineers…" while the rules let the
 * viewer change them (before Stage 2, a coordinator, or anyone with a written reason): a
 * comma-separated list, prefilled with the current one.
 */
export function EngineersEditor(props: { readonly view: ReleaseView; readonly readOnly: boolean; readonly onView: (view: ReleaseView) => void }) {
  const { view } = props;
  const [editing, setEditing] = useState<Editing>({ kind: 'closed' });
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = useId();
  const verdict = verdictFor(view.actions, 'edit-engineers');
  const editable = !props.readOnly && verdict !== undefined && (verdict.allowed || verdict.overridable);

  const save = async (engineers: readonly string[], overrideReason?: string) => {
    setBusy(true);
    setProblem(null);
    const result = await window.desk.releases.editEngineers(view.state.id, [...engineers], overrideReason === undefined ? {} : { overrideReason });
    setBusy(false);
    if (result.ok) {
      setEditing({ kind: 'closed' });
      props.onView(result.value);
    } else if (result.error.code === 'conflict' && overrideReason === undefined && verdict?.allowed === false && verdict.overridable) {
      setEditing({ kind: 'override', engineers, refusal: result.error.message });
    } else setProblem(`The engineers were not changed: ${result.error.message}`);
  };

  return (
    <>
      <span>{listOfPeople(view.state.engineers)}</span>
      {editable && editing.kind === 'closed' && (
        <>
          {' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              setText(view.state.engineers.join(', '));
              setProblem(null);
              setEditing({ kind: 'editing' });
            }}
          >
            Edit engineers…
          </button>
        </>
      )}
      {editing.kind === 'editing' && (
        <form
          className="engineers-form"
          aria-label="Edit engineers"
          onSubmit={(event) => {
            event.preventDefault();
            const parsed = parseEngineerList(text);
            if (parsed.ok) void save(parsed.engineers);
            else setProblem(asSentence(`${parsed.problem.charAt(0).toUpperCase()}${parsed.problem.slice(1)}`));
          }}
        >
          <label htmlFor={fieldId}>Engineers (comma-separated)</label>
          <input id={fieldId} type="text" value={text} onChange={(event) => setText(event.target.value)} />
          <div className="actions">
            <button type="submit" disabled={busy}>
              Save engineers
            </button>
            <button type="button" onClick={() => setEditing({ kind: 'closed' })}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {editing.kind === 'override' && (
        <ReasonForm
          title="Override: Change the engineers"
          explanation={`The rules refuse this: ${asSentence(editing.refusal)} Going on records your reason in the release's journal for everyone to see.`}
          submitLabel="Override and change the engineers"
          busy={busy}
          onSubmit={(reason) => void save(editing.engineers, reason)}
          onCancel={() => setEditing({ kind: 'closed' })}
        />
      )}
      {problem !== null && <p role="alert">{problem}</p>}
    </>
  );
}
