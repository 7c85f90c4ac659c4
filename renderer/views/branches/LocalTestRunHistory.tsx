import { useEffect, useState } from 'react';
import type { LocalTestRunsOnCommit } from '../../../shared/readiness/local-test-history';
import { shortSha } from './format';

/**
 * Every local test run of the branch recorded on this machine, per commit: "Run again"
 * adds to the head's line, and a line with both outcomes is what makes the tests flaky.
 */
export function LocalTestRunHistory(props: { readonly branch: string; readonly headSha: string; readonly changed: string }) {
  const { branch, headSha, changed } = props;
  const [runs, setRuns] = useState<{ readonly branch: string; readonly list: readonly LocalTestRunsOnCommit[] } | null>(null);

  useEffect(() => {
    let current = true;
    void window.desk.readiness.localTestRuns(branch).then((result) => {
      if (current && result.ok) setRuns({ branch, list: result.value });
    });
    return () => {
      current = false;
    };
  }, [branch, changed]);

  const list = runs !== null && runs.branch === branch ? runs.list : [];
  if (list.length === 0) return null;
  return (
    <ul aria-label="Local test runs per commit" className="local-test-runs">
      {list.map((commit) => (
        <li key={commit.sha}>
          <code>{shortSha(commit.sha)}</code>
          {commit.sha === headSha ? ' (head)' : ''}: {commit.runs.map((run) => run.outcome).join(', ')}
        </li>
      ))}
    </ul>
  );
}
