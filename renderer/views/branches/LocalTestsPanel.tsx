import { useEffect, useState } from 'react';
import type { BoardRow } from '../../../shared/readiness/board-schema';
import { LocalTestRunHistory } from './LocalTestRunHistory';
import { LogView } from './LogView';
import { ageOf, shortSha } from './format';
import type { LocalTestRuns } from './use-local-test-runs';

/** Runs the workspace's test command on the branch's head, streaming its output live. */
export function LocalTestsPanel(props: { readonly row: BoardRow; readonly now: Date; readonly runs: LocalTestRuns }) {
  const { row, runs } = props;
  const { name, headSha } = row;
  const run = runs.runOf(name, headSha);
  const key = `${name}\0${headSha}`;
  const [saved, setSaved] = useState<{ readonly key: string; readonly text: string } | null>(null);
  const savedLog = saved !== null && saved.key === key ? saved.text : null;
  const recorded = row.localTests;
  const recordedOnHead = recorded !== null && recorded.sha === headSha;

  useEffect(() => {
    let current = true;
    if (!recordedOnHead || run.phase === 'running') return;
    void window.desk.readiness.localTestLog(name, headSha).then((result) => {
      if (current && result.ok) setSaved({ key: `${name}\0${headSha}`, text: result.value });
    });
    return () => {
      current = false;
    };
  }, [name, headSha, recordedOnHead, recorded?.at, run.phase]);

  return (
    <section aria-labelledby="local-tests-heading" className="panel">
      <h3 id="local-tests-heading">Local tests</h3>
      <p>
        {recorded === null
          ? 'Not run yet on this branch.'
          : `Last run ${recorded.outcome} on ${shortSha(recorded.sha)}${recorded.by === undefined ? '' : ` by ${recorded.by}`} ${ageOf(recorded.at, props.now)}${
              recordedOnHead ? '' : ' (an older commit)'
            }.`}
      </p>
      <div className="actions">
        {/* Once the head has a result, the same commit again: a second opinion on a flaky test. */}
        <button type="button" onClick={() => void runs.start(name, headSha)} disabled={run.phase === 'running'}>
          {recordedOnHead ? 'Run again' : 'Run local tests'}
        </button>
        {run.phase === 'running' && (
          <button type="button" onClick={() => runs.cancel(name, headSha)}>
            Cancel local tests
          </button>
        )}
      </div>
      <LocalTestRunHistory branch={name} headSha={headSha} changed={`${recorded?.at ?? ''}\0${run.phase}`} />
      {run.phase === 'running' && <p role="status">Running on {shortSha(headSha)}…</p>}
      {run.phase === 'finished' && <p role="status">{run.message}</p>}
      {run.phase === 'failed' && <p role="alert">{run.message}</p>}
      {run.phase !== 'idle' ? (
        <LogView label="Local test output" text={run.output} />
      ) : (
        savedLog !== null && savedLog !== '' && <LogView label="Last local test log" text={savedLog} />
      )}
    </section>
  );
}
