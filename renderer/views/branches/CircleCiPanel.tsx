import type { CircleCiDetails, CircleCiFailedJob, CircleCiWorkflowDetails } from '../../../shared/ci/circleci-details';
import { workflowCheckState } from '../../../shared/ci/circleci-status';
import { openLink } from '../../open-link';
import { shortSha } from './format';

/**
 * CircleCI for the open branch: its latest pipeline, each workflow with a link to it, and
 * the failed jobs with their failing tests. Test names and messages come from the tested
 * code: they are rendered as React text, never as HTML.
 */
export function CircleCiPanel(props: { readonly details: CircleCiDetails }) {
  const { details } = props;
  return (
    <section aria-labelledby="circleci-heading" className="panel">
      <h3 id="circleci-heading">CircleCI</h3>
      {details.kind === 'no-pipeline' && <p>{details.reason}.</p>}
      {details.kind === 'failed' && (
        <p role="alert">
          CircleCI could not be read: {details.reason}
          {details.retryAt !== null && ` (try again after ${details.retryAt.slice(11, 19)} UTC)`}.
        </p>
      )}
      {details.kind === 'found' && (
        <>
          <p>
            <button type="button" className="link" onClick={() => openLink(details.pipeline.url)} aria-label={`Open pipeline ${details.pipeline.number} in CircleCI`}>
              Pipeline {details.pipeline.number}
            </button>{' '}
            ({details.pipeline.state}) on {details.pipeline.sha === null ? 'an unknown commit' : <code>{shortSha(details.pipeline.sha)}</code>}
          </p>
          {!details.onHead && (
            <p role="note">
              This pipeline is not for the head commit {shortSha(details.headSha)}: CircleCI has not run the latest push yet, so its results do not
              count.
            </p>
          )}
          {details.workflows.length === 0 ? (
            <p>The pipeline has no workflows.</p>
          ) : (
            <ul aria-label="CircleCI workflows" className="checks">
              {details.workflows.map((workflow) => (
                <WorkflowItem key={workflow.id} workflow={workflow} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function WorkflowItem(props: { readonly workflow: CircleCiWorkflowDetails }) {
  const { workflow } = props;
  return (
    <li aria-label={`Workflow ${workflow.name}: ${workflow.status}`}>
      <span className={`check check-${workflowCheckState(workflow.status)}`}>{workflow.status}</span> {workflow.name}{' '}
      <button type="button" className="link" onClick={() => openLink(workflow.url)} aria-label={`Open workflow ${workflow.name} in CircleCI`}>
        Open in CircleCI
      </button>
      {workflow.failedJobs.length > 0 && (
        <ul aria-label={`Failed jobs in ${workflow.name}`}>
          {workflow.failedJobs.map((job) => (
            <FailedJobItem key={`${job.name}-${job.number ?? 'none'}`} job={job} />
          ))}
        </ul>
      )}
    </li>
  );
}

function FailedJobItem(props: { readonly job: CircleCiFailedJob }) {
  const { job } = props;
  const label = job.number === null ? job.name : `${job.name} (#${job.number})`;
  const more = job.moreFailedTests > 0 ? `and ${job.testsTruncated ? 'at least ' : ''}${job.moreFailedTests} more failing tests` : null;
  return (
    <li aria-label={`Failed job ${label}: ${job.status}`}>
      <span className="check check-failure">{job.status}</span> {label}{' '}
      {job.url !== null && (
        <button type="button" className="link" onClick={() => openLink(job.url ?? '')} aria-label={`Open job ${label} in CircleCI`}>
          Open in CircleCI
        </button>
      )}
      {job.testsError !== null && <p>Failing tests unavailable: {job.testsError}.</p>}
      {job.testsError === null && job.failedTests.length === 0 && <p>No failing tests reported (the job stored no failing test results).</p>}
      {job.failedTests.length > 0 && (
        <ul aria-label={`Failing tests in ${label}`}>
          {job.failedTests.map((test, i) => (
            <li key={`${test.classname}.${test.name}.${i}`} aria-label={`Failing test ${test.classname === '' ? test.name : `${test.classname} ${test.name}`}`}>
              <strong>{test.name}</strong>
              {test.classname !== '' && <span className="muted"> {test.classname}</span>}
              {test.file !== null && <span className="muted"> ({test.file})</span>}
              {test.message !== '' && <pre className="test-message">{test.message}</pre>}
            </li>
          ))}
        </ul>
      )}
      {more !== null && <p>{more}.</p>}
      {job.testsTruncated && job.moreFailedTests === 0 && <p>CircleCI holds more test results than were read; more tests may have failed.</p>}
    </li>
  );
}
