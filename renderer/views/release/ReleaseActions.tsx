import { useState } from 'react';
import type { ReleaseView } from '../../../shared/releases/release-ipc';
import { CHECKLIST_TITLES } from './checklist';
import { ACTION_LABELS, isButtonAction, refusalOf, runAction, verdictFor, type ButtonAction, type Refusal } from './act';
import { asSentence, hasEnded } from './format';
import { ReasonForm } from './ReasonForm';
import { SignOffForm } from './SignOffForm';

const STEP_TITLES: Readonly<Record<string, string>> = {
  stage1: CHECKLIST_TITLES.stage1,
  preflight: CHECKLIST_TITLES.preflight,
  switchover: CHECKLIST_TITLES.switchover,
  merge: CHECKLIST_TITLES.merge,
  'current-version': 'the production check',
  teardown: 'the preview teardown',
  rollback: 'the rollback',
};

type Asking =
  | { readonly kind: 'override'; readonly refusal: Refusal; readonly label: string }
  | { readonly kind: 'abort' }
  | { readonly kind: 'confirm'; readonly action: ButtonAction; readonly question: string; readonly label: string }
  | null;

/**
 * What the viewer can do now: the single next action as the primary button, named after what
 * it does; a refusal with its sentence and, when the rules allow it, "Override…" asking for
 * a written reason; Mark faulty beside Mark healthy; Cancel for a running step; Abort before
 * Stage 2. Lives inside a component keyed by the release id: no refusal or half-written
 * reason of one release can show under another.
 */
export function ReleaseActions(props: { readonly view: ReleaseView; readonly onView: (view: ReleaseView) => void }) {
  const { view } = props;
  const releaseId = view.state.id;
  const [busy, setBusy] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const final = hasEnded(view.state.phase);

  const act = async (action: ButtonAction, options: { overrideReason?: string; note?: string; confirmed?: boolean }, label: string) => {
    setBusy(action);
    setFailure(null);
    setRefusal(null);
    const result = await runAction(releaseId, action, options);
    setBusy(null);
    if (result.ok) {
      setAsking(null);
      props.onView(result.value);
      return;
    }
    if (result.error.code === 'conflict' && options.overrideReason === undefined) {
      const refused = refusalOf(action, result.error.message, view.actions);
      setRefusal(refused);
      setAsking((current) => (current?.kind === 'override' ? { ...current, refusal: refused, label } : current));
    } else setFailure(`${label}: ${result.error.message}`);
  };

  const abort = async (reason: string) => {
    setBusy('abort');
    setFailure(null);
    const result = await window.desk.releases.abort(releaseId, reason);
    setBusy(null);
    if (result.ok) {
      setAsking(null);
      props.onView(result.value);
    } else setFailure(`Abort: ${result.error.message}`);
  };

  const cancel = async () => {
    setFailure(null);
    const result = await window.desk.releases.cancelStep(releaseId);
    if (!result.ok) setFailure(`Cancel: ${result.error.message}`);
    else if (!result.value) setFailure('Nothing was running to cancel.');
  };

  const next = view.next;
  const viewer = view.viewer.id;
  const viewerOwes = viewer !== null && view.state.pendingSignOffs.some((engineer) => engineer.toLowerCase() === viewer.toLowerCase());
  // An involved engineer signs off whatever the coordinator's next step is.
  const showSignOff = next?.action === 'sign-off' || (viewerOwes && verdictFor(view.actions, 'sign-off')?.allowed === true);
  const abortVerdict = verdictFor(view.actions, 'abort');
  const labelOf = (action: ButtonAction) => (next?.action === action ? next.label : ACTION_LABELS[action]);
  const button = (action: ButtonAction, primary: boolean) => (
    <button
      type="button"
      className={primary ? 'primary' : undefined}
      disabled={busy !== null}
      aria-busy={busy === action}
      onClick={() => {
        // Allowed once confirmed (marking healthy before the watch window ends): ask first.
        const verdict = verdictFor(view.actions, action);
        if (verdict?.allowed === true && verdict.confirm !== undefined) setAsking({ kind: 'confirm', action, question: verdict.confirm, label: labelOf(action) });
        else void act(action, {}, labelOf(action));
      }}
    >
      {busy === action ? `${labelOf(action)}…` : labelOf(action)}
    </button>
  );

  return (
    <section className="release-actions" aria-label="Next action">
      {next === null && !final && <p>No action is open to you now.</p>}
      {showSignOff && (
        <SignOffForm
          submitLabel={labelOf('sign-off')}
          primary={next?.action === 'sign-off'}
          busy={busy !== null}
          onSubmit={(note) => void act('sign-off', note === '' ? {} : { note }, labelOf('sign-off'))}
        />
      )}
      {next !== null && next.action !== 'sign-off' && isButtonAction(next.action) && (
        <div className="actions">
          {button(next.action, true)}
          {next.action === 'mark-healthy' && button('mark-faulty', false)}
        </div>
      )}
      {next !== null && !isButtonAction(next.action) && next.action !== 'resolve-inconclusive' && next.action !== 'abort' && next.action !== 'rollback' && (
        <p>
          Next: {next.label}. This view cannot do that yet.
        </p>
      )}
      {view.running !== null && (
        <div className="actions">
          <button type="button" onClick={() => void cancel()}>
            Cancel {STEP_TITLES[view.running.step] ?? view.running.step}
          </button>
        </div>
      )}
      {refusal !== null && asking === null && (
        <div role="alert" className="refusal">
          <p>
            {labelOf(refusal.action)} refused: {asSentence(refusal.reason)}
          </p>
          {refusal.overridable && (
            <button type="button" onClick={() => setAsking({ kind: 'override', refusal, label: labelOf(refusal.action) })}>
              Override…
            </button>
          )}
        </div>
      )}
      {asking?.kind === 'override' && (
        <ReasonForm
          title={`Override: ${asking.label}`}
          explanation={`The rules refuse this: ${asSentence(asking.refusal.reason)} Going on records your reason in the release's journal for everyone to see.`}
          submitLabel={`Override and ${lowerFirst(asking.label)}`}
          busy={busy !== null}
          onSubmit={(reason) => void act(asking.refusal.action, { overrideReason: reason }, asking.label)}
          onCancel={() => setAsking(null)}
        />
      )}
      {asking?.kind === 'confirm' && (
        <div role="alertdialog" aria-label={`Confirm: ${asking.label}`} className="refusal">
          <p>{confirmQuestion(asking.action, asking.question)}</p>
          <div className="actions">
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void act(asking.action, { confirmed: true }, asking.label)}>
              {asking.label} anyway
            </button>
            <button type="button" disabled={busy !== null} onClick={() => setAsking(null)}>
              Keep watching
            </button>
          </div>
        </div>
      )}
      {abortVerdict?.allowed === true && !final && asking?.kind !== 'abort' && (
        <div className="actions">
          <button type="button" className="danger" disabled={busy !== null} onClick={() => setAsking({ kind: 'abort' })}>
            Abort release…
          </button>
        </div>
      )}
      {asking?.kind === 'abort' && (
        <ReasonForm
          title="Abort the release"
          explanation="Aborting ends this release before Stage 2 and tears the preview down. Say why, for the record."
          submitLabel="Abort release"
          busy={busy !== null}
          onSubmit={(reason) => void abort(reason)}
          onCancel={() => setAsking(null)}
        />
      )}
      {failure !== null && <p role="alert">{failure}</p>}
    </section>
  );
}

/** The question in the view's words; the rules' sentence (UTC) for anything else that asks. */
function confirmQuestion(action: ButtonAction, question: string): string {
  return action === 'mark-healthy' ? 'The watch window is not over: mark healthy anyway?' : question;
}

function lowerFirst(text: string): string {
  return text.length === 0 ? text : `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}
