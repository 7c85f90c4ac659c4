import { useCallback, useEffect, useRef, useState } from 'react';
import { linesOfChunks } from '../../../shared/releases/output-lines';
import type { RollbackOutcome, RollbackPreview } from '../../../shared/releases/rollback-ipc';
import { shortSha } from '../../../shared/text/short-sha';
import './rollback.css';

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'confirming'; readonly preview: RollbackPreview }
  | { readonly kind: 'running'; readonly preview: RollbackPreview }
  | { readonly kind: 'done'; readonly outcome: RollbackOutcome }
  | { readonly kind: 'failed'; readonly message: string };

export interface RollbackButtonProps {
  readonly environment: string;
  /** The environment is alerting: the button becomes the primary action. */
  readonly primary?: boolean;
  /** Listen for Alt+Shift+R anywhere in the window (one button per view should). */
  readonly shortcut?: boolean;
  /** Told after a rollback ended or the lock changed, so the view can re-read. */
  readonly onChanged?: () => void;
}

const SHORTCUT_LABEL = 'Alt+Shift+R';

/**
 * One button, one confirmation that names what will happen (from rollback.preview), a
 * written reason when the viewer is not on call or coordinating, the command's live output,
 * and the result in words. A double click starts one rollback: the button is disabled from
 * the first click, and the service refuses a second one anyway.
 */
export function RollbackButton(props: RollbackButtonProps) {
  const { environment, onChanged } = props;
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [reason, setReason] = useState('');
  const [lines, setLines] = useState<readonly string[]>([]);
  const starting = useRef(false);
  const confirmRef = useRef<HTMLButtonElement | null>(null);

  const open = useCallback(async () => {
    setPhase({ kind: 'loading' });
    const result = await window.desk.rollback.preview(environment);
    setPhase(result.ok ? { kind: 'confirming', preview: result.value } : { kind: 'failed', message: result.error.message });
  }, [environment]);

  useEffect(() => {
    if (props.shortcut !== true) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyR') {
        event.preventDefault();
        void open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [props.shortcut, open]);

  useEffect(() => {
    if (phase.kind === 'confirming') confirmRef.current?.focus();
  }, [phase.kind]);

  // Live output: releases.output for the release rolled back, rollback.output without one.
  const running = phase.kind === 'running' ? phase.preview : null;
  useEffect(() => {
    if (running === null) return undefined;
    const add = (texts: readonly string[]) => setLines((current) => [...current, ...texts].slice(-500));
    const offRelease = window.desk.on('releases.output', (batch) => {
      if (batch.step === 'rollback' && batch.releaseId === running.releaseId) add(linesOfChunks(batch.chunks));
    });
    const offEnvironment = window.desk.on('rollback.output', (batch) => {
      if (batch.environment === running.environment && running.releaseId === null) add(linesOfChunks(batch.chunks));
    });
    return () => {
      offRelease();
      offEnvironment();
    };
  }, [running]);

  const start = async (preview: RollbackPreview) => {
    if (starting.current) return;
    starting.current = true;
    setLines([]);
    setPhase({ kind: 'running', preview });
    const trimmed = reason.trim();
    const result = await window.desk.rollback.start(environment, trimmed === '' ? {} : { reason: trimmed });
    starting.current = false;
    setPhase(result.ok ? { kind: 'done', outcome: result.value } : { kind: 'failed', message: result.error.message });
    setReason('');
    onChanged?.();
  };

  const needsReason = phase.kind === 'confirming' && !phase.preview.allowed && phase.preview.refusal?.overridable === true;
  const blocked = phase.kind === 'confirming' && !phase.preview.allowed && phase.preview.refusal?.overridable !== true;

  return (
    <div className="rollback">
      <button
        type="button"
        className={`rollback-button ${props.primary === true ? 'rollback-primary' : ''}`}
        title={`Roll ${environment} back to the previous version (${SHORTCUT_LABEL}); asks once before anything runs`}
        aria-keyshortcuts={props.shortcut === true ? 'Alt+Shift+R' : undefined}
        disabled={phase.kind === 'loading' || phase.kind === 'running'}
        data-testid={`rollback-open-${environment}`}
        onClick={() => void open()}
      >
        Roll back {environment}
      </button>
      {phase.kind === 'loading' && <p role="status">Reading what a rollback would do…</p>}
      {phase.kind === 'confirming' && (
        <form
          className="rollback-confirm"
          aria-label={`Confirm the rollback of ${environment}`}
          onSubmit={(event) => {
            event.preventDefault();
            void start(phase.preview);
          }}
        >
          <p className="rollback-sentence" data-testid="rollback-confirmation">
            {phase.preview.confirmation}.
          </p>
          {phase.preview.refusal !== null && <p className={needsReason ? 'rollback-note' : 'rollback-refusal'}>{phase.preview.refusal.reason}.</p>}
          {needsReason && (
            <label className="rollback-reason">
              Why you roll back (recorded in the journal)
              <textarea value={reason} required minLength={3} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
            </label>
          )}
          <div className="rollback-actions">
            <button ref={confirmRef} type="submit" className="rollback-primary" disabled={blocked || (needsReason && reason.trim().length < 3)} data-testid="rollback-confirm">
              Roll back now
            </button>
            <button type="button" onClick={() => setPhase({ kind: 'idle' })}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {phase.kind === 'running' && (
        <div className="rollback-running" role="status">
          <p>Rolling {environment} back to {phase.preview.target === null || phase.preview.target === undefined ? 'the previous version' : shortSha(phase.preview.target.sha)}…</p>
        </div>
      )}
      {(phase.kind === 'running' || phase.kind === 'done') && lines.length > 0 && (
        <pre className="rollback-output" aria-label="Rollback output" data-testid="rollback-output">
          {lines.join('\n')}
        </pre>
      )}
      {phase.kind === 'done' && <RollbackResult outcome={phase.outcome} />}
      {phase.kind === 'failed' && (
        <p role="alert" className="rollback-refusal">
          Not rolled back: {phase.message}
        </p>
      )}
    </div>
  );
}

function RollbackResult(props: { readonly outcome: RollbackOutcome }) {
  const { outcome } = props;
  const good = outcome.kind === 'rolled-back';
  return (
    <div role={good ? 'status' : 'alert'} className={good ? 'rollback-good' : 'rollback-refusal'} data-testid="rollback-result">
      <p>
        <strong>{good ? 'Rolled back and healthy' : 'Still wrong'}:</strong> {outcome.message}
      </p>
      {outcome.production !== null && outcome.production.probes.length > 0 && (
        <ul>
          {outcome.production.probes.map((probe) => (
            <li key={probe}>{probe}</li>
          ))}
        </ul>
      )}
      {outcome.lockReason !== null && (
        <p>
          {outcome.environment} is locked for new releases: {outcome.lockReason}.
        </p>
      )}
    </div>
  );
}
