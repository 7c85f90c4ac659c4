import { useEffect, useState } from 'react';
import type { BoardRow } from '../../../shared/readiness/board-schema';
import { LogView } from './LogView';
import { ageOf, describePublication, shortSha } from './format';

type Run =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly output: string }
  | { readonly phase: 'finished'; readonly output: string; readonly message: string }
  | { readonly phase: 'failed'; readonly output: string; readonly message: string };

/** Runs the workspace's test command on the branch's head, streaming its output live. */
export function LocalTestsPanel(props: { readonly row: BoardRow; readonly now: Date }) {
  const { row } = props;
  const [run, setRun] = useState<Run>({ phase: 'idle' });
  const [saved, setSaved] = useState<{ readonly branch: string; readonly text: string } | null>(null);
  const savedLog = saved !== null && saved.branch === row.name ? saved.text : null;

  useEffect(
    () =>
      window.desk.on('readiness.localTestOutput', (event) => {
        if (event.branch !== row.name) return;
        setRun((current) => (current.phase === 'running' ? { phase: 'running', output: current.output + event.chunk } : current));
      }),
    [row.name],
  );

  useEffect(() => {
    let current = true;
    if (row.localTests === null) return;
    void window.desk.readiness.localTestLog(row.name).then((result) => {
      if (current && result.ok) setSaved({ branch: row.name, text: result.value });
    });
    return () => {
      current = false;
    };
  }, [row.name, row.localTests]);

  const start = async () => {
    setRun({ phase: 'running', output: '' });
    const result = await window.desk.readiness.runLocalTests(row.name, row.headSha);
    setRun((current) => {
      const output = current.phase === 'idle' ? '' : current.output;
      if (!result.ok) return { phase: 'failed', output, message: result.error.message };
      const outcome = result.value;
      switch (outcome.kind) {
        case 'passed':
        case 'failed': {
          const note = outcome.note === undefined ? '' : ` (${outcome.note})`;
          const where = describePublication(outcome.publication);
          return { phase: 'finished', output, message: `Local tests ${outcome.kind} on ${shortSha(outcome.sha)}${note}. ${where}` };
        }
        case 'cancelled':
          return { phase: 'finished', output, message: 'Local tests cancelled; nothing was recorded.' };
        case 'could-not-run':
          return { phase: 'failed', output, message: `Local tests could not run: ${outcome.reason}` };
      }
    });
  };

  const recorded = row.localTests;
  return (
    <section aria-labelledby="local-tests-heading" className="panel">
      <h3 id="local-tests-heading">Local tests</h3>
      <p>
        {recorded === null
          ? 'Not run yet on this branch.'
          : `Last run ${recorded.outcome} on ${shortSha(recorded.sha)}${recorded.by === undefined ? '' : ` by ${recorded.by}`} ${ageOf(recorded.at, props.now)}${
              recorded.sha === row.headSha ? '' : ' (an older commit)'
            }.`}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void start()} disabled={run.phase === 'running'}>
          Run local tests
        </button>
        {run.phase === 'running' && (
          <button type="button" onClick={() => void window.desk.readiness.cancelLocalTests(row.name)}>
            Cancel local tests
          </button>
        )}
      </div>
      {run.phase === 'running' && <p role="status">Running on {shortSha(row.headSha)}…</p>}
      {run.phase === 'finished' && <p role="status">{run.message}</p>}
      {run.phase === 'failed' && <p role="alert">{run.message}</p>}
      {run.phase !== 'idle' ? (
        <LogView label="Local test output" text={run.output} />
      ) : (
        savedLog !== null && <LogView label="Last local test log" text={savedLog} />
      )}
    </section>
  );
}
