import { useEffect, useId, useMemo, useState } from 'react';
import type { StepName } from '../../../shared/releases/release-events';
import { LogView } from '../branches/LogView';
import { heldFromStart, useStepOutput } from './live-output';
import type { LineList } from './chunked-lines';
import { filterLines, splitMatches } from './step-output';

type Saved = { readonly phase: 'loaded'; readonly lines: readonly string[] } | { readonly phase: 'failed'; readonly message: string };

/**
 * The output of one run of a step: live batches while it runs, the log file once it has ended
 * (or when this window was not listening from its start). Searchable — the filter box marks
 * matches or shows only matching lines — and copyable as a whole. Keyed by release, step and
 * attempt by its parent, so nothing of one run can show under another.
 */
export function StepOutput(props: {
  readonly releaseId: string;
  readonly step: StepName;
  readonly attempt: number;
  readonly title: string;
  readonly startedAt: string | undefined;
  readonly running: boolean;
}) {
  const { releaseId, step, attempt, running } = props;
  const live = useStepOutput({ releaseId, step, attempt });
  const whole = heldFromStart(props.startedAt) && live.dropped === 0;
  const liveLines = live.lines;
  const [saved, setSaved] = useState<Saved | null>(null);
  const [query, setQuery] = useState('');
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [copyMessage, setCopyMessage] = useState<{ readonly kind: 'status' | 'alert'; readonly text: string } | null>(null);
  const searchId = useId();

  // A finished run this window did not see from its start: read its log file.
  const needsFile = !running && !(whole && live.lines.length > 0);
  useEffect(() => {
    if (!needsFile) return;
    let current = true;
    void window.desk.releases.stepLog(releaseId, step, attempt).then((result) => {
      if (!current) return;
      setSaved(result.ok ? { phase: 'loaded', lines: splitLog(result.value) } : { phase: 'failed', message: result.error.message });
    });
    return () => {
      current = false;
    };
  }, [needsFile, releaseId, step, attempt]);

  const lines: LineList = useMemo(() => (needsFile ? (saved?.phase === 'loaded' ? saved.lines : NO_LINES) : liveLines), [needsFile, saved, liveLines]);
  const filtered = useMemo(() => (onlyMatches ? filterLines(lines, query) : null), [lines, onlyMatches, query]);
  const shown = filtered === null ? lines : filtered.lines;
  const matchCount = useMemo(() => (query.trim() === '' ? 0 : filtered?.matches ?? filterLines(lines, query).matches), [filtered, lines, query]);

  const copy = async () => {
    let text: string;
    if (!needsFile && whole) text = liveLines.toArray().join('\n');
    else {
      const result = await window.desk.releases.stepLog(releaseId, step, attempt);
      if (!result.ok) {
        setCopyMessage({ kind: 'alert', text: `Could not read the log to copy it: ${result.error.message}` });
        return;
      }
      text = result.value;
    }
    try {
      await navigator.clipboard.writeText(text);
      setCopyMessage({ kind: 'status', text: `Copied ${countLines(text)} lines of ${props.title} output.` });
    } catch (error) {
      setCopyMessage({ kind: 'alert', text: `Could not copy: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  const label = `${props.title} output${attempt > 1 ? ` (attempt ${attempt})` : ''}`;
  return (
    <div className="step-output">
      <div className="log-tools">
        <label htmlFor={searchId}>Search</label>
        <input id={searchId} type="search" aria-label={`Search ${label}`} value={query} onChange={(event) => setQuery(event.target.value)} />
        <label>
          <input type="checkbox" checked={onlyMatches} onChange={(event) => setOnlyMatches(event.target.checked)} /> Only matching lines
        </label>
        <button type="button" onClick={() => void copy()}>
          Copy {props.title} log
        </button>
        <span className="muted" aria-live="polite">
          {query.trim() === '' ? `${lines.length} lines` : `${matchCount} of ${lines.length} lines match`}
        </span>
      </div>
      {running && !whole && <p className="muted">This window started listening after the step began: the full log is copied from its file.</p>}
      {live.dropped > 0 && <p className="muted">The first {live.dropped} lines are only in the log file (Copy takes all of them).</p>}
      {needsFile && saved === null && <p role="status">Reading the log…</p>}
      {needsFile && saved?.phase === 'failed' && <p role="alert">Could not read the log: {saved.message}</p>}
      <LogView label={label} lines={shown} renderLine={query.trim() === '' ? undefined : (line) => <Highlighted line={line} query={query} />} />
      {copyMessage !== null && <p role={copyMessage.kind}>{copyMessage.text}</p>}
    </div>
  );
}

function Highlighted(props: { readonly line: string; readonly query: string }) {
  return (
    <>
      {splitMatches(props.line, props.query).map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </>
  );
}

const NO_LINES: readonly string[] = [];

function splitLog(text: string): readonly string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

function countLines(text: string): number {
  return splitLog(text).length;
}
