/**
 * CircleCI's workflow and job statuses, and what they mean for readiness. Pure: the board's
 * CI source and the branch detail panel share one reading of each status.
 */
import type { CheckState } from '../readiness/branch-facts';

/** Workflow statuses CircleCI API v2 documents; any other string is kept as it came. */
export const CIRCLECI_WORKFLOW_STATUSES = [
  'success',
  'running',
  'not_run',
  'failed',
  'error',
  'failing',
  'on_hold',
  'canceled',
  'unauthorized',
] as const;
export type CircleCiWorkflowStatus = (typeof CIRCLECI_WORKFLOW_STATUSES)[number];

const WORKFLOW_CHECK_STATE: Readonly<Record<CircleCiWorkflowStatus, CheckState>> = {
  success: 'success',
  failed: 'failure',
  error: 'failure',
  failing: 'failure',
  // Not (yet) decided: an approval waiting (on_hold) or a workflow not started blocks as pending.
  running: 'pending',
  on_hold: 'pending',
  not_run: 'pending',
  canceled: 'cancelled',
  // The pipeline's author may not run this workflow: it did not pass.
  unauthorized: 'failure',
};

function isKnownWorkflowStatus(status: string): status is CircleCiWorkflowStatus {
  return (CIRCLECI_WORKFLOW_STATUSES as readonly string[]).includes(status);
}

/**
 * A workflow status as a readiness check state. An unknown status (CircleCI added one) is
 * read as pending: it blocks, and never passes for a success it may not be.
 */
export function workflowCheckState(status: string): CheckState {
  return isKnownWorkflowStatus(status) ? WORKFLOW_CHECK_STATE[status] : 'pending';
}

/** Will this workflow's status never change again (short of a re-run, which is a new workflow)? */
export function isTerminalWorkflowStatus(status: string): boolean {
  return status === 'success' || status === 'failed' || status === 'error' || status === 'canceled' || status === 'unauthorized';
}

/** Job statuses that mean the job ran and did not succeed. */
const FAILED_JOB_STATUSES: ReadonlySet<string> = new Set(['failed', 'infrastructure_fail', 'timedout', 'terminated-unknown']);

export function isFailedJobStatus(status: string): boolean {
  return FAILED_JOB_STATUSES.has(status);
}

/** Workflow statuses whose jobs may include failed ones (worth asking CircleCI for). */
export function mayHaveFailedJobs(status: string): boolean {
  return status === 'failed' || status === 'failing' || status === 'error' || status === 'canceled';
}

/** Test results (JUnit, as CircleCI stores them) that count as a failing test. */
export function isFailingTestResult(result: string): boolean {
  return result === 'failure' || result === 'failed' || result === 'error';
}
