/**
 * CircleCI for one branch, read on demand when someone opens it: the latest pipeline, its
 * workflows (a re-run workflow replaces the earlier one of the same name), and for the
 * workflows that failed, their failed jobs with the failing tests CircleCI stored.
 *
 * Cost: 1 request for the pipeline, 1 per page of workflows, then 1 per failed workflow
 * and 1 per page of each failed job's tests; a green branch costs 2 requests.
 */
import {
  CIRCLECI_FAILED_TESTS_PER_JOB,
  type CircleCiDetails,
  type CircleCiFailedJob,
  type CircleCiWorkflowDetails,
} from '../../../shared/ci/circleci-details';
import { isFailedJobStatus, isFailingTestResult, mayHaveFailedJobs, workflowCheckState } from '../../../shared/ci/circleci-status';
import { checkHistories, type RunHistory } from '../../../shared/readiness/run-history';
import { mapWithConcurrency } from '../git/bounded-pool';
import { CircleCiError, type CircleCiClient, type CircleCiJob, type CircleCiWorkflow } from './circleci-client';
import { circleCiWebUrls, type CircleCiWebUrls } from './circleci-web-urls';

export interface CircleCiDetailsRequest {
  readonly client: CircleCiClient;
  readonly projectSlug: string;
  readonly branch: string;
  readonly headSha: string;
  /** Default CIRCLECI_FAILED_TESTS_PER_JOB (50). */
  readonly maxFailedTestsPerJob?: number;
  /** Requests in flight at once (jobs' tests). Default 4. */
  readonly concurrency?: number;
  /** The web app for links; default https://app.circleci.com. */
  readonly webApp?: string;
}

export async function readCircleCiDetails(request: CircleCiDetailsRequest): Promise<CircleCiDetails> {
  const { client, projectSlug, branch, headSha } = request;
  const urls = circleCiWebUrls(projectSlug, request.webApp);
  try {
    const [pipeline] = await client.branchPipelines(projectSlug, branch);
    if (pipeline === undefined) {
      return { kind: 'no-pipeline', branch, reason: `CircleCI has no pipeline for ${branch} in ${projectSlug}` };
    }
    const workflows = latestWorkflowPerName(await client.pipelineWorkflows(pipeline.id));
    // Two rounds, each at most `concurrency` requests in flight: the failed workflows' jobs,
    // then the failed jobs' tests.
    const limit = request.concurrency ?? 4;
    const failedJobsOf = await mapWithConcurrency(workflows, limit, async (workflow) =>
      mayHaveFailedJobs(workflow.status) ? (await client.workflowJobs(workflow.id)).filter((job) => isFailedJobStatus(job.status)) : [],
    );
    const flat = workflows.flatMap((workflow, i) => (failedJobsOf[i] ?? []).map((job) => ({ workflow, job })));
    const described = await mapWithConcurrency(flat, limit, ({ workflow, job }) => describeFailedJob(request, urls, pipeline.number, workflow.id, job));
    const details: CircleCiWorkflowDetails[] = workflows.map((workflow) => ({
      id: workflow.id,
      name: workflow.name,
      status: workflow.status,
      url: urls.workflow(pipeline.number, workflow.id),
      failedJobs: described.filter((_, i) => flat[i]?.workflow === workflow),
    }));
    const sha = pipeline.vcs?.revision ?? null;
    return {
      kind: 'found',
      branch,
      headSha,
      pipeline: { number: pipeline.number, state: pipeline.state, createdAt: pipeline.created_at, sha, url: urls.pipeline(pipeline.number) },
      onHead: sha === headSha,
      workflows: details,
    };
  } catch (error) {
    if (!(error instanceof CircleCiError)) throw error;
    return { kind: 'failed', branch, reason: error.problem.message, retryAt: error.problem.kind === 'rate-limited' ? error.problem.retryAt : null };
  }
}

/**
 * One workflow per name, the newest: "Rerun from failed" adds a workflow of the same name
 * to the same pipeline, and it is the one that counts. Keeps CircleCI's order otherwise.
 */
export function latestWorkflowPerName(workflows: readonly CircleCiWorkflow[]): CircleCiWorkflow[] {
  const newest = new Map<string, CircleCiWorkflow>();
  for (const workflow of workflows) {
    const seen = newest.get(workflow.name);
    if (seen === undefined || Date.parse(workflow.created_at) > Date.parse(seen.created_at)) newest.set(workflow.name, workflow);
  }
  return workflows.filter((workflow) => newest.get(workflow.name) === workflow);
}

/**
 * The re-runs in a pipeline as run histories: every workflow of a name, oldest first, one
 * run each. Only names run more than once have a history (see checkHistories).
 */
export function workflowRunHistory(sha: string, workflows: readonly CircleCiWorkflow[]): RunHistory[] {
  const oldestFirst = [...workflows].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
  return checkHistories(
    sha,
    oldestFirst.map((workflow) => ({ name: workflow.name, state: workflowCheckState(workflow.status), url: null })),
  );
}

async function describeFailedJob(
  request: CircleCiDetailsRequest,
  urls: CircleCiWebUrls,
  pipelineNumber: number,
  workflowId: string,
  job: CircleCiJob,
): Promise<CircleCiFailedJob> {
  const number = job.job_number ?? null;
  const base = { name: job.name, number, status: job.status, url: number === null ? null : urls.job(pipelineNumber, workflowId, number) };
  const none = { failedTests: [], moreFailedTests: 0, testsTruncated: false };
  if (number === null) return { ...base, ...none, testsError: null };
  let page;
  try {
    page = await request.client.jobTests(request.projectSlug, number);
  } catch (error) {
    // The token or the rate limit affects everything: let the whole read say so. Anything
    // else (a job whose test data CircleCI cannot serve) costs only this job its tests.
    if (!(error instanceof CircleCiError) || error.problem.kind === 'unauthorized' || error.problem.kind === 'rate-limited') throw error;
    return { ...base, ...none, testsError: `its test results could not be read: ${error.problem.message}` };
  }
  const failing = page.tests.filter((test) => isFailingTestResult(test.result));
  const limit = request.maxFailedTestsPerJob ?? CIRCLECI_FAILED_TESTS_PER_JOB;
  return {
    ...base,
    failedTests: failing.slice(0, limit).map((test) => ({
      name: test.name,
      classname: test.classname ?? '',
      file: test.file === undefined || test.file === null || test.file === '' ? null : test.file,
      message: test.message ?? '',
    })),
    moreFailedTests: Math.max(0, failing.length - limit),
    testsTruncated: page.truncated,
    testsError: null,
  };
}
