/**
 * A fake CircleCI API v2 on 127.0.0.1, answering in the shapes CircleCI documents
 * (https://circleci.com/docs/api/v2/): "Get current user", and for branch readiness "Get all
 * pipelines" (`?branch=`), "Get a pipeline's workflows", "Get a workflow's jobs" and "Get
 * test metadata", each paginated with `next_page_token` / `page-token`.
 *
 * The model is in memory: projects → pipelines (per branch, newest first) → workflows →
 * jobs → tests. Every /api/v2 route but /me needs a known `Circle-Token`; an unknown project
 * is a 404. Faults (401, 429 with retry-after, 500) and latency are switches, and the
 * requests are counted per route so tests can assert what a refresh cost.
 */
import { randomUUID } from 'node:crypto';
import { startFakeHttpServer, type FakeHttpServer, type FakeReply, type RecordedRequest } from './fake-http-server';

export interface FakeCircleCiUser {
  readonly id: string;
  readonly login: string;
  readonly name: string;
}

export interface FakeCircleCiTestSpec {
  readonly name: string;
  readonly classname?: string;
  readonly result: 'success' | 'failure' | 'skipped';
  readonly message?: string;
  readonly file?: string;
  readonly runTime?: number;
}

export interface FakeCircleCiJobSpec {
  readonly name: string;
  /** success, running, not_run, failed, retried, queued, not_running, infrastructure_fail, timedout, on_hold, terminated-unknown, blocked, canceled, unauthorized */
  readonly status: string;
  readonly type?: 'build' | 'approval';
  /** False: the job never got a number (an approval, a job that did not start). */
  readonly numbered?: boolean;
  readonly tests?: readonly FakeCircleCiTestSpec[];
}

export interface FakeCircleCiWorkflowSpec {
  readonly name: string;
  /** success, running, not_run, failed, error, failing, on_hold, canceled, unauthorized */
  readonly status: string;
  readonly jobs?: readonly FakeCircleCiJobSpec[];
  /** ISO 8601; default: after every workflow added before it. */
  readonly createdAt?: string;
}

export interface FakeCircleCiPipelineSpec {
  readonly branch: string;
  readonly revision: string;
  /** created, errored, setup-pending, setup, pending; default created. */
  readonly state?: string;
  readonly workflows: readonly FakeCircleCiWorkflowSpec[];
}

export interface FakeCircleCiPipelineIds {
  readonly id: string;
  readonly number: number;
  readonly workflowIds: readonly string[];
  /** Job numbers per workflow, in the order given (null for an unnumbered job). */
  readonly jobNumbers: readonly (readonly (number | null)[])[];
}

export interface FakeCircleCiFault {
  readonly status: 401 | 403 | 429 | 500 | 502 | 503;
  /** Seconds, sent as `retry-after` (429). */
  readonly retryAfter?: number;
}

export type FakeCircleCiRoute = 'me' | 'pipelines' | 'workflows' | 'jobs' | 'tests';

export interface FakeCircleCi {
  readonly server: FakeHttpServer;
  /** The host: clients append /api/v2/… */
  readonly url: string;
  addToken(token: string, user: FakeCircleCiUser): void;
  addProject(projectSlug: string): void;
  /** Adds a pipeline as the newest of its branch. */
  addPipeline(projectSlug: string, spec: FakeCircleCiPipelineSpec): FakeCircleCiPipelineIds;
  /** A workflow's status moves on (running → success, say). */
  setWorkflowStatus(workflowId: string, status: string): void;
  /** Objects added from now on are created from this time on (one second apart); default 2026-11-01T09:00Z. */
  setClock(at: Date): void;
  /** Items per page on every list (CircleCI uses 20 for pipelines); default 20. */
  setPageSize(size: number): void;
  /** Every /api/v2 answer but /me becomes this fault; null restores normal answers. */
  setFault(fault: FakeCircleCiFault | null): void;
  /** Delays every CircleCI answer (simulated network latency). */
  setLatency(ms: number): void;
  /** The most requests the fake was answering at once (bounded-concurrency checks). */
  maxInFlight(): number;
  /** Requests received for a route (or all CircleCI routes) since the start or the last reset. */
  requestCount(route?: FakeCircleCiRoute): number;
  resetCounts(): void;
  close(): Promise<void>;
}

type StoredTest = FakeCircleCiTestSpec;

interface StoredJob {
  readonly id: string;
  readonly number: number | null;
  readonly spec: FakeCircleCiJobSpec;
  readonly tests: readonly StoredTest[];
}

interface StoredWorkflow {
  readonly id: string;
  readonly name: string;
  status: string;
  readonly createdAt: string;
  readonly pipelineId: string;
  readonly pipelineNumber: number;
  readonly projectSlug: string;
  readonly jobs: readonly StoredJob[];
}

interface StoredPipeline {
  readonly id: string;
  readonly number: number;
  readonly projectSlug: string;
  readonly spec: FakeCircleCiPipelineSpec;
  readonly createdAt: string;
  readonly workflows: StoredWorkflow[];
}

interface StoredProject {
  readonly slug: string;
  /** Newest last. */
  readonly pipelines: StoredPipeline[];
  nextPipeline: number;
  nextJob: number;
}

const PIPELINES = /^\/api\/v2\/project\/([^/]+\/[^/]+\/[^/]+)\/pipeline$/;
const WORKFLOWS = /^\/api\/v2\/pipeline\/([^/]+)\/workflow$/;
const JOBS = /^\/api\/v2\/workflow\/([^/]+)\/job$/;
const TESTS = /^\/api\/v2\/project\/([^/]+\/[^/]+\/[^/]+)\/(\d+)\/tests$/;

export async function startFakeCircleCi(): Promise<FakeCircleCi> {
  const server = await startFakeHttpServer();
  const tokens = new Map<string, FakeCircleCiUser>();
  const projects = new Map<string, StoredProject>();
  const pipelinesById = new Map<string, StoredPipeline>();
  const workflowsById = new Map<string, StoredWorkflow>();
  let pageSize = 20;
  let fault: FakeCircleCiFault | null = null;
  let countFrom = 0;
  let latency = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  // Creation times advance one second per object, so "newest" is well defined.
  let clock = Date.parse('2026-11-01T09:00:00Z');
  const tick = () => new Date((clock += 1000)).toISOString();

  server.route((request) => {
    if (request.method !== 'GET' || request.path !== '/api/v2/me') return undefined;
    const offered = request.headers['circle-token'];
    const user = typeof offered === 'string' ? tokens.get(offered) : undefined;
    if (user === undefined) return { status: 401, body: { message: 'Invalid token provided.' } };
    return { status: 200, body: { id: user.id, login: user.login, name: user.name } };
  });

  server.route((request) => {
    const route = routeOf(request.path);
    if (route === null || route === 'me') return undefined;
    return reply(route, request);
  });

  async function reply(route: Exclude<FakeCircleCiRoute, 'me'>, request: RecordedRequest): Promise<FakeReply> {
    // The delay is taken here, not in the HTTP server, so requests in flight can be counted.
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    } finally {
      inFlight--;
    }
    if (request.method !== 'GET') return { status: 405, body: { message: 'Method not allowed.' } };
    if (fault !== null) return faultReply(fault);
    const offered = request.headers['circle-token'];
    if (typeof offered !== 'string' || !tokens.has(offered)) return { status: 401, body: { message: 'Invalid token provided.' } };
    return answer(route, request);
  }

  function answer(route: Exclude<FakeCircleCiRoute, 'me'>, request: RecordedRequest): FakeReply {
    const pageToken = request.query.get('page-token');
    switch (route) {
      case 'pipelines': {
        const project = projects.get(decodeURIComponent(PIPELINES.exec(request.path)?.[1] ?? ''));
        if (project === undefined) return { status: 404, body: { message: 'Project not found' } };
        const branch = request.query.get('branch');
        const newestFirst = [...project.pipelines].reverse().filter((pipeline) => branch === null || pipeline.spec.branch === branch);
        return paged(newestFirst.map(pipelineJson), pageToken);
      }
      case 'workflows': {
        const pipeline = pipelinesById.get(decodeURIComponent(WORKFLOWS.exec(request.path)?.[1] ?? ''));
        if (pipeline === undefined) return { status: 404, body: { message: 'Pipeline not found.' } };
        return paged(pipeline.workflows.map(workflowJson), pageToken);
      }
      case 'jobs': {
        const workflow = workflowsById.get(decodeURIComponent(JOBS.exec(request.path)?.[1] ?? ''));
        if (workflow === undefined) return { status: 404, body: { message: 'Workflow not found.' } };
        return paged(workflow.jobs.map((job) => jobJson(workflow, job)), pageToken);
      }
      case 'tests': {
        const match = TESTS.exec(request.path);
        const project = projects.get(decodeURIComponent(match?.[1] ?? ''));
        if (project === undefined) return { status: 404, body: { message: 'Project not found' } };
        const number = Number(match?.[2]);
        const job = project.pipelines.flatMap((p) => p.workflows.flatMap((w) => w.jobs)).find((j) => j.number === number);
        if (job === undefined) return { status: 404, body: { message: 'Job not found' } };
        return paged(job.tests.map(testJson), pageToken);
      }
    }
  }

  function paged(items: readonly unknown[], pageToken: string | null): FakeReply {
    const offset = pageToken === null ? 0 : Number(Buffer.from(pageToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) return { status: 400, body: { message: 'Invalid page-token.' } };
    const end = offset + pageSize;
    return {
      status: 200,
      body: { items: items.slice(offset, end), next_page_token: end < items.length ? Buffer.from(String(end)).toString('base64url') : null },
    };
  }

  function pipelineJson(pipeline: StoredPipeline) {
    const [vcs, org, repo] = pipeline.projectSlug.split('/');
    const host = vcs === 'bb' || vcs === 'bitbucket' ? 'bitbucket.org' : 'github.com';
    return {
      id: pipeline.id,
      errors: [],
      project_slug: pipeline.projectSlug,
      updated_at: pipeline.createdAt,
      number: pipeline.number,
      trigger_parameters: {},
      state: pipeline.spec.state ?? 'created',
      created_at: pipeline.createdAt,
      trigger: { type: 'webhook', received_at: pipeline.createdAt, actor: { login: 'octocat', avatar_url: 'https://avatars.example/octocat' } },
      vcs: {
        provider_name: host === 'github.com' ? 'GitHub' : 'Bitbucket',
        target_repository_url: `https://${host}/${org}/${repo}`,
        origin_repository_url: `https://${host}/${org}/${repo}`,
        revision: pipeline.spec.revision,
        branch: pipeline.spec.branch,
        commit: { subject: 'A commit', body: '' },
      },
    };
  }

  function workflowJson(workflow: StoredWorkflow) {
    const terminal = ['success', 'failed', 'error', 'canceled', 'unauthorized'].includes(workflow.status);
    return {
      pipeline_id: workflow.pipelineId,
      canceled_by: workflow.status === 'canceled' ? randomUUID() : undefined,
      id: workflow.id,
      name: workflow.name,
      project_slug: workflow.projectSlug,
      started_by: randomUUID(),
      pipeline_number: workflow.pipelineNumber,
      status: workflow.status,
      created_at: workflow.createdAt,
      stopped_at: terminal ? workflow.createdAt : null,
      tag: undefined,
    };
  }

  function jobJson(workflow: StoredWorkflow, job: StoredJob) {
    return {
      dependencies: [],
      ...(job.number === null ? {} : { job_number: job.number }),
      id: job.id,
      started_at: job.number === null ? null : workflow.createdAt,
      name: job.spec.name,
      project_slug: workflow.projectSlug,
      status: job.spec.status,
      type: job.spec.type ?? 'build',
      stopped_at: job.number === null ? null : workflow.createdAt,
    };
  }

  function testJson(test: StoredTest) {
    return {
      message: test.message ?? '',
      source: 'unknown',
      run_time: test.runTime ?? 0.01,
      file: test.file ?? '',
      result: test.result,
      name: test.name,
      classname: test.classname ?? '',
    };
  }

  const requireProject = (slug: string): StoredProject => {
    const project = projects.get(slug);
    if (project === undefined) throw new Error(`fake CircleCI: no project ${slug} (addProject first)`);
    return project;
  };

  return {
    server,
    url: server.url,
    addToken: (token, user) => tokens.set(token, user),
    addProject: (slug) => {
      if (!projects.has(slug)) projects.set(slug, { slug, pipelines: [], nextPipeline: 1, nextJob: 1 });
    },
    addPipeline: (slug, spec) => {
      const project = requireProject(slug);
      const pipeline: StoredPipeline = { id: randomUUID(), number: project.nextPipeline++, projectSlug: slug, spec, createdAt: tick(), workflows: [] };
      for (const workflowSpec of spec.workflows) {
        const workflow: StoredWorkflow = {
          id: randomUUID(),
          name: workflowSpec.name,
          status: workflowSpec.status,
          createdAt: workflowSpec.createdAt ?? tick(),
          pipelineId: pipeline.id,
          pipelineNumber: pipeline.number,
          projectSlug: slug,
          jobs: (workflowSpec.jobs ?? []).map((jobSpec) => ({
            id: randomUUID(),
            number: jobSpec.numbered === false ? null : project.nextJob++,
            spec: jobSpec,
            tests: jobSpec.tests ?? [],
          })),
        };
        pipeline.workflows.push(workflow);
        workflowsById.set(workflow.id, workflow);
      }
      project.pipelines.push(pipeline);
      pipelinesById.set(pipeline.id, pipeline);
      return {
        id: pipeline.id,
        number: pipeline.number,
        workflowIds: pipeline.workflows.map((w) => w.id),
        jobNumbers: pipeline.workflows.map((w) => w.jobs.map((j) => j.number)),
      };
    },
    setWorkflowStatus: (workflowId, status) => {
      const workflow = workflowsById.get(workflowId);
      if (workflow === undefined) throw new Error(`fake CircleCI: no workflow ${workflowId}`);
      workflow.status = status;
    },
    setClock: (at) => {
      clock = at.getTime();
    },
    setPageSize: (size) => {
      pageSize = size;
    },
    setFault: (next) => {
      fault = next;
    },
    setLatency: (ms) => {
      latency = ms;
    },
    maxInFlight: () => maxInFlight,
    requestCount: (route) =>
      server.requests.slice(countFrom).filter((request) => {
        const of = routeOf(request.path);
        return of !== null && (route === undefined || of === route);
      }).length,
    resetCounts: () => {
      countFrom = server.requests.length;
      maxInFlight = 0;
    },
    close: () => server.close(),
  };
}

function routeOf(path: string): FakeCircleCiRoute | null {
  if (path === '/api/v2/me') return 'me';
  if (PIPELINES.test(path)) return 'pipelines';
  if (WORKFLOWS.test(path)) return 'workflows';
  if (JOBS.test(path)) return 'jobs';
  if (TESTS.test(path)) return 'tests';
  return null;
}

function faultReply(fault: FakeCircleCiFault): FakeReply {
  switch (fault.status) {
    case 401:
      return { status: 401, body: { message: 'Invalid token provided.' } };
    case 403:
      return { status: 403, body: { message: 'Permission denied.' } };
    case 429:
      return {
        status: 429,
        headers: fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) },
        body: { message: 'Rate limit exceeded.' },
      };
    default:
      return { status: fault.status, body: { message: 'Internal server error.' } };
  }
}
