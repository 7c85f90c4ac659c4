import { useId, useState } from 'react';
import type { z } from 'zod';
import type { ProductionCheckSchema, ReleaseView } from '../../../shared/releases/release-ipc';
import { formatMoment, shortSha } from './format';

type ProductionCheck = z.infer<typeof ProductionCheckSchema>;

const FULL_SHA = /^[0-9a-f]{40}$/;

/** What the resolve form sends, or why it cannot yet; pure so its rules are unit-tested. */
export function resolutionOf(
  resolution: 'succeeded' | 'failed' | null,
  observed: string,
): { readonly ok: true; readonly resolution: 'succeeded' | 'failed'; readonly observedVersion: string | null } | { readonly ok: false; readonly problem: string } {
  if (resolution === null) return { ok: false, problem: 'Choose whether the step succeeded or failed.' };
  const version = observed.trim().toLowerCase();
  if (version === '') return { ok: true, resolution, observedVersion: null };
  if (!FULL_SHA.test(version)) return { ok: false, problem: `The observed version must be a full 40-character commit SHA (got "${observed.trim()}").` };
  return { ok: true, resolution, observedVersion: version };
}

/**
 * A step whose command started and whose outcome was never recorded (the app or CLI stopped
 * mid-command). Nothing else may happen until someone asks production what it runs and
 * records what the step actually achieved.
 */
export function InconclusivePanel(props: { readonly view: ReleaseView; readonly now: Date; readonly onView: (view: ReleaseView) => void }) {
  const { state } = props.view;
  const [check, setCheck] = useState<{ readonly phase: 'checking' } | { readonly phase: 'done'; readonly check: ProductionCheck } | { readonly phase: 'failed'; readonly message: string } | null>(null);
  const [resolution, setResolution] = useState<'succeeded' | 'failed' | null>(null);
  const [observed, setObserved] = useState('');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const observedId = useId();
  const noteId = useId();
  const step = state.inconclusiveStep ?? 'a step';

  const checkProduction = async () => {
    setCheck({ phase: 'checking' });
    const result = await window.desk.releases.checkProduction(state.id);
    if (!result.ok) {
      setCheck({ phase: 'failed', message: result.error.message });
      return;
    }
    setCheck({ phase: 'done', check: result.value });
    if (observed === '' && result.value.version !== null && FULL_SHA.test(result.value.version)) setObserved(result.value.version);
  };

  const submit = async () => {
    const parsed = resolutionOf(resolution, observed);
    if (!parsed.ok) {
      setMessage(parsed.problem);
      return;
    }
    setBusy(true);
    setMessage(null);
    const result = await window.desk.releases.resolveInconclusive(state.id, {
      resolution: parsed.resolution,
      observedVersion: parsed.observedVersion,
      ...(note.trim() === '' ? {} : { note: note.trim() }),
    });
    setBusy(false);
    if (result.ok) props.onView(result.value);
    else setMessage(result.error.message);
  };

  return (
    <section className="inconclusive panel" aria-labelledby="inconclusive-heading">
      <h3 id="inconclusive-heading">Inconclusive: {step}</h3>
      <p>
        The {step} command of this release started and its outcome was never recorded: Release Desk or the CLI stopped while it ran.
        Check what production runs now, then record what happened before anything else can go on.
      </p>
      <div className="actions">
        <button type="button" onClick={() => void checkProduction()} disabled={check?.phase === 'checking'}>
          Check production
        </button>
      </div>
      {check?.phase === 'checking' && <p role="status">Asking production what it runs…</p>}
      {check?.phase === 'failed' && <p role="alert">Could not check production: {check.message}</p>}
      {check?.phase === 'done' && (
        <div role="status" aria-label="Production check">
          <p>
            At {formatMoment(check.check.at, props.now)} production reports{' '}
            {check.check.version === null ? `no version${check.check.versionProblem === undefined ? '' : ` (${check.check.versionProblem})`}` : <code>{shortSha(check.check.version)}</code>}{' '}
            and is {check.check.healthy ? 'healthy' : 'not healthy'}. This release is <code>{shortSha(state.sha)}</code>
            {state.previousSha === undefined ? '' : `, the previous version ${shortSha(state.previousSha)}`}.
          </p>
          {check.check.probes.length > 0 && (
            <ul aria-label="Probe readings">
              {check.check.probes.map((probe, index) => (
                <li key={index}>{probe}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <form
        aria-label="Record what happened"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset>
          <legend>The {step} step</legend>
          <label className="check-item">
            <input type="radio" name={`resolution-${state.id}`} checked={resolution === 'succeeded'} onChange={() => setResolution('succeeded')} /> succeeded
          </label>
          <label className="check-item">
            <input type="radio" name={`resolution-${state.id}`} checked={resolution === 'failed'} onChange={() => setResolution('failed')} /> failed
          </label>
        </fieldset>
        <label htmlFor={observedId}>Version production runs (full SHA)</label>
        <input id={observedId} type="text" spellCheck={false} value={observed} onChange={(event) => setObserved(event.target.value)} />
        <label htmlFor={noteId}>Note (optional)</label>
        <textarea id={noteId} rows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Record what happened
          </button>
        </div>
      </form>
      {message !== null && <p role="alert">{message}</p>}
    </section>
  );
}
