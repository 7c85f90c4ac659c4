/**
 * On the Monitor view, beside an environment's probes: the release in progress there (its SHA,
 * and PREVIOUS_SHA, what a rollback goes back to) and the live output of its step that is
 * running, so the on-call watching production sees the switchover's output without leaving.
 * Keyed by release, step and attempt, so one run's output never shows under another.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReleaseView } from '../../../shared/releases/release-ipc';
import { shortSha } from '../../../shared/text/short-sha';
import { checklistOf } from '../release/checklist';
import { outputKey } from '../release/step-output';
import { StepOutput } from '../release/StepOutput';

export function ReleaseOnMonitor(props: { readonly environment: string }) {
  const active = useActiveRelease(props.environment);
  if (active === undefined) return null;
  if (active === null) return <p className="monitor-release muted">No release in progress on {props.environment}.</p>;
  const { state } = active;
  const running = checklistOf(state).find((item) => item.state === 'running' && item.output !== null);
  const step = running?.output === null || running?.output === undefined ? null : { ...running.output, title: running.title };
  return (
    <div className="monitor-release" aria-label={`Release in progress on ${props.environment}`} role="group">
      <p>
        Release {state.id} of <code>{state.branch}</code>: <code>{shortSha(state.sha)}</code>
        {state.previousSha === undefined ? (
          ' · what production ran before it is not recorded yet (preflight records it)'
        ) : (
          <>
            {' '}· before it production ran <code>{shortSha(state.previousSha)}</code> (a rollback goes back to it)
          </>
        )}
        {step === null ? '' : ` · ${step.title} is running`}
      </p>
      {step !== null && (
        <StepOutput
          key={outputKey({ releaseId: state.id, step: step.step, attempt: step.attempt })}
          releaseId={state.id}
          step={step.step}
          attempt={step.attempt}
          title={step.title}
          startedAt={state.steps.find((record) => record.step === step.step)?.startedAt}
          running
        />
      )}
    </div>
  );
}

/** The environment's active release (null: none; undefined: not read yet), re-read whenever a release changes. */
function useActiveRelease(environment: string): ReleaseView | null | undefined {
  const [active, setActive] = useState<ReleaseView | null | undefined>(undefined);
  const requests = useRef(0);
  const load = useCallback(async () => {
    const request = ++requests.current;
    const result = await window.desk.releases.overview();
    // An older answer never replaces a newer one.
    if (request !== requests.current) return;
    setActive(result.ok ? (result.value.environments.find((entry) => entry.name === environment)?.active ?? null) : undefined);
  }, [environment]);
  useEffect(() => {
    void load();
    return window.desk.on('releases.changed', () => void load());
  }, [load]);
  return active;
}
