import { describe, expect, it } from 'vitest';
import {
  CIRCLECI_WORKFLOW_STATUSES,
  isFailedJobStatus,
  isFailingTestResult,
  isTerminalWorkflowStatus,
  mayHaveFailedJobs,
  workflowCheckState,
} from '../../../../shared/ci/circleci-status';

describe('workflowCheckState', () => {
  it.each([
    ['success', 'success'],
    ['failed', 'failure'],
    ['error', 'failure'],
    ['failing', 'failure'],
    ['running', 'pending'],
    ['on_hold', 'pending'],
    ['not_run', 'pending'],
    ['canceled', 'cancelled'],
    ['unauthorized', 'failure'],
  ])('reads a %s workflow as %s', (status, state) => {
    expect(workflowCheckState(status)).toBe(state);
  });

  it('covers every documented status', () => {
    expect(CIRCLECI_WORKFLOW_STATUSES).toHaveLength(9);
  });

  it('reads a status CircleCI may add later as pending: it blocks and never passes', () => {
    expect(workflowCheckState('quantum')).toBe('pending');
    expect(isTerminalWorkflowStatus('quantum')).toBe(false);
  });
});

describe('terminal and failure statuses', () => {
  it('treats only decided workflows as terminal (failing is still running)', () => {
    expect(CIRCLECI_WORKFLOW_STATUSES.filter(isTerminalWorkflowStatus)).toEqual(['success', 'failed', 'error', 'canceled', 'unauthorized']);
  });

  it('asks for the jobs of workflows that can hold failed jobs only', () => {
    expect(CIRCLECI_WORKFLOW_STATUSES.filter(mayHaveFailedJobs)).toEqual(['failed', 'error', 'failing', 'canceled']);
  });

  it('counts failed, infrastructure_fail, timedout and terminated-unknown jobs as failed', () => {
    const statuses = ['success', 'running', 'not_run', 'failed', 'retried', 'queued', 'not_running', 'infrastructure_fail', 'timedout', 'on_hold', 'terminated-unknown', 'blocked', 'canceled', 'unauthorized'];
    expect(statuses.filter(isFailedJobStatus)).toEqual(['failed', 'infrastructure_fail', 'timedout', 'terminated-unknown']);
  });

  it('counts failure and error test results as failing, not skipped ones', () => {
    expect(['success', 'failure', 'skipped', 'error'].filter(isFailingTestResult)).toEqual(['failure', 'error']);
  });
});
