import { useEffect, useId, useState } from 'react';
import type { BoardRow } from '../../../shared/readiness/board-schema';
import { goToView } from '../../navigation';
import { asSentence } from './format';
import { planOverridable } from './plan-override';
import { ReasonForm } from './ReasonForm';

const DEFAULT_ENVIRONMENT = 'production';

/**
 * "Start release" in an eligible branch's detail: plans a release of the head the user saw as
 * eligible (planning refuses if the branch has moved since) and shows it in the Release view.
 * With several environments the user picks one; otherwise it is production.
 */
export function StartRelease(props: { readonly row: BoardRow }) {
  const { row } = props;
  const [environments, setEnvironments] = useState<readonly string[] | null>(null);
  const [environment, setEnvironment] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [overriding, setOverriding] = useState(false);
  const [overridable, setOverridable] = useState(true);
  const [failure, setFailure] = useState<string | null>(null);
  const selectId = useId();

  useEffect(() => {
    let current = true;
    void window.desk.releases.overview().then((result) => {
      if (current && result.ok) setEnvironments(result.value.environments.map((entry) => entry.name));
    });
    return () => {
      current = false;
    };
  }, []);

  if (row.readiness.state !== 'eligible') return null;
  const sha = row.readiness.sha;
  const names = environments ?? [];
  const chosen = environment ?? (names.includes(DEFAULT_ENVIRONMENT) ? DEFAULT_ENVIRONMENT : (names[0] ?? DEFAULT_ENVIRONMENT));

  const plan = async (overrideReason?: string) => {
    setBusy(true);
    setFailure(null);
    const result = await window.desk.releases.plan({
      environment: chosen,
      branch: row.name,
      sha,
      ...(overrideReason === undefined ? {} : { overrideReason }),
    });
    setBusy(false);
    if (result.ok) {
      goToView('release');
      return;
    }
    if (result.error.code === 'conflict' && overrideReason === undefined) {
      // Asked again now: the refusal may be an active release or a lock, which no reason overrides.
      const overview = await window.desk.releases.overview();
      setOverridable(!overview.ok || planOverridable(overview.value, chosen));
      setRefusal(result.error.message);
      return;
    }
    setOverriding(false);
    setFailure(`The release could not be planned: ${result.error.message}`);
  };

  return (
    <section aria-label={`Release ${row.name}`} className="panel start-release">
      <div className="actions">
        {names.length > 1 && (
          <>
            <label htmlFor={selectId}>Environment</label>
            <select id={selectId} value={chosen} onChange={(event) => setEnvironment(event.target.value)}>
              {names.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="button" className="primary" disabled={busy} aria-busy={busy} onClick={() => void plan()}>
          Start release
        </button>
      </div>
      {refusal !== null && !overriding && (
        <div role="alert">
          <p>Planning refused: {asSentence(refusal)}</p>
          {overridable && (
            <button type="button" onClick={() => setOverriding(true)}>
              Override…
            </button>
          )}
        </div>
      )}
      {refusal !== null && overriding && overridable && (
        <ReasonForm
          title="Override: Start release"
          explanation={`The rules refuse this: ${asSentence(refusal)} Going on records your reason in the release's journal for everyone to see.`}
          submitLabel="Override and start release"
          busy={busy}
          onSubmit={(reason) => void plan(reason)}
          onCancel={() => setOverriding(false)}
        />
      )}
      {failure !== null && <p role="alert">{failure}</p>}
    </section>
  );
}
