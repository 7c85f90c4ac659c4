/**
 * What the branch detail shows of CircleCI for one branch: its latest pipeline, each
 * workflow's status, the failed jobs and their failing tests. The runtime schema is what
 * crosses IPC; test names and messages are untrusted text (they come from the tested code)
 * and are rendered as text only.
 */
import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly';

/** Failing tests listed per job; the rest are counted ("and N more"). */
export const CIRCLECI_FAILED_TESTS_PER_JOB = 50;

export const CircleCiFailedTestSchema = z.object({
  name: z.string(),
  classname: z.string(),
  file: z.string().nullable(),
  message: z.string(),
});

export const CircleCiFailedJobSchema = z.object({
  name: z.string(),
  /** Null for a job that never got a number (it did not start). */
  number: z.number().int().nullable(),
  status: z.string(),
  /** The job's page on app.circleci.com; null without a job number. */
  url: z.string().nullable(),
  failedTests: z.array(CircleCiFailedTestSchema),
  /** Failing tests beyond those listed. */
  moreFailedTests: z.number().int().nonnegative(),
  /** True when CircleCI had more test results than were read: the count is a lower bound. */
  testsTruncated: z.boolean(),
  /** Why the job's test results could not be read, if they could not. */
  testsError: z.string().nullable(),
});

export const CircleCiWorkflowDetailsSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** CircleCI's status as it came (success, failed, running, on_hold, ...). */
  status: z.string(),
  url: z.string(),
  failedJobs: z.array(CircleCiFailedJobSchema),
});

export const CircleCiPipelineSummarySchema = z.object({
  number: z.number().int(),
  state: z.string(),
  /** ISO 8601. */
  createdAt: z.string(),
  /** The commit the pipeline ran on; null when CircleCI did not say. */
  sha: z.string().nullable(),
  url: z.string(),
});

export const CircleCiDetailsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('found'),
    branch: z.string(),
    headSha: z.string(),
    pipeline: CircleCiPipelineSummarySchema,
    /** The pipeline ran on the branch's head commit; when false its results describe an older push. */
    onHead: z.boolean(),
    workflows: z.array(CircleCiWorkflowDetailsSchema),
  }),
  z.object({ kind: z.literal('no-pipeline'), branch: z.string(), reason: z.string() }),
  z.object({
    kind: z.literal('failed'),
    branch: z.string(),
    reason: z.string(),
    /** When asking again makes sense (a rate limit's reset), ISO 8601; null when unknown. */
    retryAt: z.string().nullable(),
  }),
]);

export type CircleCiFailedTest = DeepReadonly<z.infer<typeof CircleCiFailedTestSchema>>;
export type CircleCiFailedJob = DeepReadonly<z.infer<typeof CircleCiFailedJobSchema>>;
export type CircleCiWorkflowDetails = DeepReadonly<z.infer<typeof CircleCiWorkflowDetailsSchema>>;
export type CircleCiPipelineSummary = DeepReadonly<z.infer<typeof CircleCiPipelineSummarySchema>>;
export type CircleCiDetails = DeepReadonly<z.infer<typeof CircleCiDetailsSchema>>;
