/**
 * A small typed client for the four CircleCI API v2 reads branch readiness needs: a
 * branch's pipelines, a pipeline's workflows, a workflow's jobs and a job's test results.
 * Answers are validated leniently (only the fields we use; anything else CircleCI adds is
 * ignored). Every failure is a `CircleCiError` whose `problem` says what to do about it;
 * the token never appears in one.
 */
import { z } from 'zod';
import { apiUrl } from '../connections/endpoints';
import { globalFetch, type HttpFetch, type HttpResponse } from '../connections/http-fetch';
import { describeNetworkFailure } from '../connections/network-failure';
import { budgetWords, timeoutSignal, type ServiceBudget } from '../connections/service-budget';

export const DEFAULT_CIRCLECI_URL = 'https://circleci.com';

export type CircleCiProblem =
  | { readonly kind: 'unauthorized'; readonly message: string }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'rate-limited'; readonly message: string; readonly retryAt: string }
  | { readonly kind: 'unreachable'; readonly message: string }
  /** CircleCI (or whatever answered) said something we cannot read. */
  | { readonly kind: 'unexpected-answer'; readonly message: string };

export class CircleCiError extends Error {
  constructor(readonly problem: CircleCiProblem) {
    super(problem.message);
    this.name = 'CircleCiError';
  }
}

const PipelineSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  state: z.string(),
  created_at: z.string(),
  vcs: z.object({ revision: z.string().optional(), branch: z.string().optional() }).optional(),
});

const WorkflowSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  created_at: z.string(),
  stopped_at: z.string().nullish(),
  pipeline_number: z.number().int().optional(),
});

const JobSchema = z.object({
  id: z.string().optional(),
  /** Absent for approval jobs and jobs that never started. */
  job_number: z.number().int().nullish(),
  name: z.string(),
  status: z.string(),
  type: z.string().optional(),
  started_at: z.string().nullish(),
  stopped_at: z.string().nullish(),
});

const TestSchema = z.object({
  name: z.string(),
  classname: z.string().nullish(),
  result: z.string(),
  message: z.string().nullish(),
  file: z.string().nullish(),
  run_time: z.union([z.number(), z.string()]).nullish(),
});

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next_page_token: z.string().nullish() });
const PipelinesPageSchema = page(PipelineSchema);
const TestsPageSchema = page(TestSchema);

export type CircleCiPipeline = z.infer<typeof PipelineSchema>;
export type CircleCiWorkflow = z.infer<typeof WorkflowSchema>;
export type CircleCiJob = z.infer<typeof JobSchema>;
export type CircleCiTest = z.infer<typeof TestSchema>;

export interface CircleCiClientOptions {
  readonly token: string;
  /** The host; the client appends /api/v2/…. Default https://circleci.com. */
  readonly baseUrl?: string;
  /** Per request. Default 10 s. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
  /** A one-shot command's budget: every request ends with it. */
  readonly budget?: ServiceBudget;
  /** How requests go out; default the global fetch (the CLI: node-http-fetch.ts, no undici). */
  readonly transport?: HttpFetch;
}

export interface TestsPage {
  readonly tests: readonly CircleCiTest[];
  /** More results exist than `maxPages` pages held. */
  readonly truncated: boolean;
}

export class CircleCiClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private sent = 0;

  constructor(private readonly options: CircleCiClientOptions) {
    this.baseUrl = options.baseUrl ?? DEFAULT_CIRCLECI_URL;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** HTTP requests sent so far by this client. */
  get requests(): number {
    return this.sent;
  }

  /** The branch's pipelines, newest first: the first page only (the latest is all we need). */
  async branchPipelines(projectSlug: string, branch: string): Promise<readonly CircleCiPipeline[]> {
    const answer = await this.get(`/api/v2/project/${slugPath(projectSlug)}/pipeline`, { branch }, PipelinesPageSchema, projectMissing(projectSlug));
    return answer.items;
  }

  /**
   * One page of the project's pipelines, every branch, newest first (`GET
   * /project/{slug}/pipeline` without `branch`): CircleCI's "Get all pipelines", 20 a page.
   */
  async projectPipelinesPage(projectSlug: string, pageToken: string | null): Promise<{ readonly items: readonly CircleCiPipeline[]; readonly nextPageToken: string | null }> {
    const answer = await this.get(
      `/api/v2/project/${slugPath(projectSlug)}/pipeline`,
      pageToken === null ? {} : { 'page-token': pageToken },
      PipelinesPageSchema,
      projectMissing(projectSlug),
    );
    const next = answer.next_page_token ?? null;
    return { items: answer.items, nextPageToken: next === '' ? null : next };
  }

  async pipelineWorkflows(pipelineId: string): Promise<readonly CircleCiWorkflow[]> {
    return this.all(`/api/v2/pipeline/${encodeURIComponent(pipelineId)}/workflow`, WorkflowSchema, `CircleCI has no pipeline ${pipelineId}`);
  }

  async workflowJobs(workflowId: string): Promise<readonly CircleCiJob[]> {
    return this.all(`/api/v2/workflow/${encodeURIComponent(workflowId)}/job`, JobSchema, `CircleCI has no workflow ${workflowId}`);
  }

  /** A job's test results, page by page, at most `maxPages` pages (a big suite has thousands). */
  async jobTests(projectSlug: string, jobNumber: number, maxPages = 10): Promise<TestsPage> {
    const tests: CircleCiTest[] = [];
    let token: string | null = null;
    for (let pages = 0; pages < maxPages; pages++) {
      const answer: z.infer<typeof TestsPageSchema> = await this.get(
        `/api/v2/project/${slugPath(projectSlug)}/${jobNumber}/tests`,
        token === null ? {} : { 'page-token': token },
        TestsPageSchema,
        // The project answered the pipeline read already: a 404 here is about the job.
        `CircleCI has no job ${jobNumber} in ${projectSlug}`,
      );
      tests.push(...answer.items);
      token = answer.next_page_token ?? null;
      if (token === null || token === '') return { tests, truncated: false };
    }
    return { tests, truncated: true };
  }

  private async all<T extends z.ZodType>(apiPath: string, item: T, notFound: string): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    const seen = new Set<string>();
    let token: string | null = null;
    for (;;) {
      const answer: { items: z.infer<T>[]; next_page_token?: string | null } = await this.get(
        apiPath,
        token === null ? {} : { 'page-token': token },
        page(item),
        notFound,
      );
      items.push(...answer.items);
      token = answer.next_page_token ?? null;
      // A server repeating a token would loop forever: stop on the first repeat.
      if (token === null || token === '' || seen.has(token)) return items;
      seen.add(token);
    }
  }

  private async get<T extends z.ZodType>(apiPath: string, query: Readonly<Record<string, string>>, schema: T, notFound: string): Promise<z.infer<T>> {
    const search = new URLSearchParams(query).toString();
    const url = apiUrl(this.baseUrl, apiPath) + (search === '' ? '' : `?${search}`);
    let response: HttpResponse;
    let text: string;
    this.sent++;
    const { signal, dispose } = timeoutSignal(this.timeoutMs, this.options.budget?.signal);
    try {
      response = await (this.options.transport ?? globalFetch)(url, {
        headers: { 'Circle-Token': this.options.token, Accept: 'application/json' },
        redirect: 'error',
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (this.options.budget?.signal.aborted === true) throw new CircleCiError({ kind: 'unreachable', message: `CircleCI did not answer within ${budgetWords(this.options.budget)}` });
      throw new CircleCiError({ kind: 'unreachable', message: `CircleCI could not be reached: ${describeNetworkFailure(error, this.timeoutMs)}` });
    } finally {
      dispose();
    }
    if (!response.ok) throw new CircleCiError(this.describeStatus(response, text, notFound));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new CircleCiError({ kind: 'unexpected-answer', message: `CircleCI answered ${apiPath} with something that is not JSON` });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first === undefined ? '' : ` (${first.path.join('.') || 'body'}: ${first.message})`;
      throw new CircleCiError({ kind: 'unexpected-answer', message: `CircleCI answered ${apiPath} in an unexpected shape${where}` });
    }
    return parsed.data;
  }

  private describeStatus(response: HttpResponse, text: string, notFound: string): CircleCiProblem {
    const status = response.status;
    if (status === 401) return { kind: 'unauthorized', message: 'CircleCI rejected the token: reconnect CircleCI' };
    if (status === 403) return { kind: 'unauthorized', message: 'CircleCI refused access with this token: reconnect CircleCI with a token that can read the project' };
    if (status === 404) return { kind: 'not-found', message: notFound };
    if (status === 429) {
      const retryAt = new Date(this.now() + retryAfterMs(response.headers.get('retry-after'), this.now)).toISOString();
      return { kind: 'rate-limited', retryAt, message: `CircleCI rate limit reached; data refreshes at ${retryAt.slice(11, 19)} UTC` };
    }
    if (status >= 500) return { kind: 'unreachable', message: `CircleCI is unavailable (HTTP ${status})` };
    return { kind: 'unexpected-answer', message: `CircleCI answered HTTP ${status}${circleMessage(text)}` };
  }
}

/** The project slug as a path: each segment encoded, the slashes kept (as CircleCI documents). */
function slugPath(projectSlug: string): string {
  return projectSlug.split('/').map(encodeURIComponent).join('/');
}

function projectMissing(projectSlug: string): string {
  return `no CircleCI project ${projectSlug} (check ci.circleci.projectSlug)`;
}

/** `Retry-After` in seconds or as an HTTP date; one minute when absent or unreadable. */
function retryAfterMs(header: string | null, now: () => number): number {
  if (header === null) return 60_000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 60_000 : Math.max(0, at - now());
}

function circleMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown } | null)?.message;
    return typeof message === 'string' && message !== '' ? `: ${message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}
