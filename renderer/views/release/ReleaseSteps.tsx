import { useState } from 'react';
import type { ReleaseState } from '../../../shared/releases/release-state';
import { checklistOf, type ChecklistItem } from './checklist';
import { formatDuration, formatMoment } from './format';
import { outputKey } from './step-output';
import { StepOutput } from './StepOutput';

/**
 * The checklist of one release, one row per step: state in words, who, when, how long, what
 * happened, and the step's output behind a toggle (open while the step runs). The same list
 * serves the live Release view and History's read-only record.
 */
export function ReleaseSteps(props: { readonly state: ReleaseState; readonly now: Date }) {
  const items = checklistOf(props.state);
  return (
    <ol className="release-steps" aria-label={`Steps of release ${props.state.id}`}>
      {items.map((item) => (
        <StepRow key={item.id} item={item} state={props.state} now={props.now} />
      ))}
    </ol>
  );
}

function StepRow(props: { readonly item: ChecklistItem; readonly state: ReleaseState; readonly now: Date }) {
  const { item, state } = props;
  const running = item.state === 'running' && item.output !== null;
  // The user's choice wins; otherwise a running step shows its output.
  const [open, setOpen] = useState<boolean | null>(null);
  const showOutput = item.output !== null && (open ?? running);
  const startedAt = item.output === null ? undefined : state.steps.find((step) => step.step === item.output?.step)?.startedAt;
  return (
    <li className={`release-step step-${item.state}`} aria-current={item.current ? 'step' : undefined} aria-label={`${item.title}: ${item.stateText}`}>
      <div className="step-head">
        <span className="step-title">{item.title}</span>
        <span className={`step-state state-${item.state}`}>{item.stateText}</span>
        <span className="step-facts">
          {item.actor !== null && <span>by {item.actor}</span>}
          {item.at !== null && <span>at {formatMoment(item.at, props.now)}</span>}
          {item.durationMs !== null && <span>took {formatDuration(item.durationMs)}</span>}
        </span>
        {item.output !== null && (
          <button type="button" className="link" aria-expanded={showOutput} onClick={() => setOpen(!showOutput)}>
            {showOutput ? 'Hide' : 'Show'} {item.title} output
          </button>
        )}
      </div>
      {item.detail !== null && <p className="step-detail">{item.detail}</p>}
      {showOutput && item.output !== null && (
        <StepOutput
          key={outputKey({ releaseId: state.id, ...item.output })}
          releaseId={state.id}
          step={item.output.step}
          attempt={item.output.attempt}
          title={item.title}
          startedAt={startedAt}
          running={running}
        />
      )}
    </li>
  );
}
