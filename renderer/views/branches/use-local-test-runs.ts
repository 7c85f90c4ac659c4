import { useCallback, useEffect, useState } from 'react';
import { describePublication, shortSha } from './format';

export type LocalTestRun =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly output: string }
  | { readonly phase: 'finished'; readonly output: string; readonly message: string }
  | { readonly phase: 'failed'; readonly output: string; readonly message: string };

const IDLE: LocalTestRun = { phase: 'idle' };

/** A run belongs to a branch at one commit: what happens on one never shows under another. */
const runKey = (branch: string, sha: string) => `${branch}\0${sha}`;

export interface LocalTestRuns {
  runOf(branch: string, sha: string): LocalTestRun;
  start(branch: string, sha: string): Promise<void>;
  cancel(branch: string, sha: string): void;
}

/**
 * The local test runs started from this board, by branch and SHA, kept while the board is
 * open: opening another branch shows that branch's own state, and coming back shows the
 * run (still streaming, or its result) where it was left.
 */
export function useLocalTestRuns(): LocalTestRuns {
  const [runs, setRuns] = useState<ReadonlyMap<string, LocalTestRun>>(new Map());
  const update = useCallback((key: string, change: (run: LocalTestRun) => LocalTestRun) => {
    setRuns((current) => new Map(current).set(key, change(current.get(key) ?? IDLE)));
  }, []);

  useEffect(
    () =>
      window.desk.on('readiness.localTestOutput', (event) => {
        update(runKey(event.branch, event.sha), (run) => (run.phase === 'running' ? { phase: 'running', output: run.output + event.chunk } : run));
      }),
    [update],
  );

  const start = useCallback(
    async (branch: string, sha: string) => {
      const key = runKey(branch, sha);
      update(key, () => ({ phase: 'running', output: '' }));
      const result = await window.desk.readiness.runLocalTests(branch, sha);
      update(key, (run) => {
        const output = run.phase === 'idle' ? '' : run.output;
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
            return { phase: 'finished', output, message: `Local tests on ${shortSha(outcome.sha)} cancelled; nothing was recorded.` };
          case 'could-not-run':
            return { phase: 'failed', output, message: `Local tests could not run: ${outcome.reason}` };
        }
      });
    },
    [update],
  );

  return {
    runOf: (branch, sha) => runs.get(runKey(branch, sha)) ?? IDLE,
    start,
    cancel: (branch, sha) => void window.desk.readiness.cancelLocalTests(branch, sha),
  };
}
