/**
 * The fake GitHub's readiness part: an in-memory repository (branches → head commit →
 * checks and statuses, open pull requests) served the way GitHub serves it —
 *  - POST /graphql: the refs page query and the named-refs query (validated against
 *    GitHub's schema with @octokit/graphql-schema, as GitHub would reject them);
 *  - REST branches, pulls, commits/{ref}/status and commits/{ref}/check-runs with ETags and
 *    304s for If-None-Match (a 304 is not charged, as on GitHub);
 *  - x-ratelimit-* headers and a budget per API (core / graphql) with GitHub's point formula;
 *  - switches for 401, 403 rate limit, 429 with retry-after, 500 and latency;
 *  - POST statuses/{sha}: creates a commit status (GitHub's rules: state enum, description
 *    ≤ 140 characters, 422 for an unknown commit) that then shows in the combined status and
 *    in the GraphQL rollup as a StatusContext, the latest per context.
 */
import { createHash } from 'node:crypto';
import { validate } from '@octokit/graphql-schema';
import type { FakeHttpServer, FakeReply, RecordedRequest } from './fake-http-server';

export type FakeCheck =
  | {
      readonly kind: 'check-run';
      readonly name: string;
      readonly status: 'queued' | 'in_progress' | 'completed';
      readonly conclusion: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | null;
      readonly url?: string;
      /**
       * Conclusions of earlier runs of this check on the same commit (re-runs), oldest first.
       * GitHub keeps them: the rollup shows only the latest run, check suites'
       * `checkRuns(filterBy: {checkType: ALL})` show all (REST check-runs here: latest only).
       */
      readonly earlier?: readonly ('success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required')[];
      /**
       * The check suite the runs belong to (GitHub: one per app or workflow on a commit);
       * default one suite for every check. Suites come in the order their first check is given.
       */
      readonly suite?: string;
    }
  | {
      readonly kind: 'status';
      readonly context: string;
      readonly state: 'success' | 'failure' | 'error' | 'pending';
      readonly url?: string;
      readonly description?: string;
      /** The login of the account that created it (GitHub: the token's user). */
      readonly creator?: string;
      /** ISO 8601; default the fake's start. */
      readonly createdAt?: string;
    };

export interface FakePull {
  readonly number: number;
  readonly title: string;
  readonly branch: string;
  readonly reviewDecision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null;
  readonly updatedAt: string;
}

export type FakeFault =
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'rate-limit'; readonly resetInSeconds: number }
  | { readonly kind: 'secondary-rate-limit'; readonly retryAfterSeconds: number }
  | { readonly kind: 'server-error'; readonly status?: number }
  /**
   * A GitHub (or a proxy in front of it) that repeats the request's Authorization header in
   * its error: a 400 "Problems parsing JSON", a 422 "Validation Failed", or a GraphQL error
   * (HTTP 200, `errors`; REST requests get the 400).
   */
  | { readonly kind: 'echo-authorization'; readonly as: 400 | 422 | 'graphql' };

export interface FakeReadinessApi {
  readonly owner: string;
  readonly repo: string;
  setBranch(name: string, sha: string): void;
  deleteBranch(name: string): void;
  setChecks(sha: string, checks: readonly FakeCheck[]): void;
  openPull(branch: string, title: string, reviewDecision?: FakePull['reviewDecision']): FakePull;
  /** Answer the next `times` API requests (default: until cleared) with this fault. */
  setFault(fault: FakeFault | null, times?: number): void;
  /** Commit statuses created through POST statuses/{sha}, oldest first. */
  readonly createdStatuses: readonly FakeCreatedStatus[];
  /** Rate limit charged so far: core requests (304s are free) and GraphQL points. */
  readonly charged: { core: number; graphql: number };
  resetCharges(): void;
}

export interface FakeCreatedStatus {
  readonly sha: string;
  readonly state: string;
  readonly context: string;
  readonly description: string | null;
  readonly targetUrl: string | null;
}

const LIMIT = 5000;

export function installReadinessRoutes(
  server: FakeHttpServer,
  userOf: (authorization: string | undefined) => { readonly login: string } | undefined,
  owner = 'welkin',
  repo = 'web',
): FakeReadinessApi {
  const startedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const branches = new Map<string, string>();
  const checks = new Map<string, readonly FakeCheck[]>();
  const pulls = new Map<string, FakePull>();
  let fault: { fault: FakeFault; left: number } | null = null;
  const charged = { core: 0, graphql: 0 };
  const createdStatuses: FakeCreatedStatus[] = [];
  const resetAt = () => Math.floor(Date.now() / 1000) + 3600;
  let nextPull = 1;
  let nextId = 1000;
  const ids = new Map<string, number>();
  const idOf = (key: string) => {
    if (!ids.has(key)) ids.set(key, nextId++);
    return ids.get(key) as number;
  };

  const rateHeaders = (resource: 'core' | 'graphql'): Record<string, string> => ({
    'x-ratelimit-limit': String(LIMIT),
    'x-ratelimit-remaining': String(LIMIT - charged[resource]),
    'x-ratelimit-used': String(charged[resource]),
    'x-ratelimit-reset': String(resetAt()),
    'x-ratelimit-resource': resource,
  });

  const faultReply = (request: RecordedRequest): FakeReply | undefined => {
    if (fault === null) return undefined;
    const { fault: f } = fault;
    if (--fault.left <= 0) fault = null;
    switch (f.kind) {
      case 'unauthorized':
        return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
      case 'rate-limit':
        return {
          status: 403,
          headers: { 'x-ratelimit-limit': String(LIMIT), 'x-ratelimit-remaining': '0', 'x-ratelimit-used': String(LIMIT), 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000 + f.resetInSeconds)) },
          body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
        };
      case 'secondary-rate-limit':
        return {
          status: 429,
          headers: { 'retry-after': String(f.retryAfterSeconds) },
          body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest' },
        };
      case 'server-error':
        return { status: f.status ?? 500, body: { message: 'Server Error' } };
      case 'echo-authorization': {
        const echoed = `Authorization: ${request.headers.authorization ?? '(none)'}`;
        if (f.as === 'graphql' && request.path === '/graphql') {
          return { status: 200, body: { data: null, errors: [{ type: 'INTERNAL', message: `Something went wrong while executing your query (${echoed})`, locations: [{ line: 1, column: 1 }] }] } };
        }
        if (f.as === 422) {
          return {
            status: 422,
            body: { message: 'Validation Failed', errors: [{ resource: 'Request', code: 'custom', message: `header rejected: ${echoed}` }], documentation_url: 'https://docs.github.com/rest' },
          };
        }
        return { status: 400, body: { message: `Problems parsing JSON (${echoed})`, documentation_url: 'https://docs.github.com/rest' } };
      }
    }
  };

  const json = (request: RecordedRequest, resource: 'core' | 'graphql', body: unknown, extraHeaders: Record<string, string> = {}): FakeReply => {
    const text = JSON.stringify(body);
    const etag = `W/"${createHash('sha1').update(text).digest('hex')}"`;
    if (resource === 'core' && request.headers['if-none-match'] === etag) {
      return { status: 304, headers: { etag, ...rateHeaders('core') } };
    }
    if (resource === 'core') charged.core++;
    return { status: 200, headers: { etag, ...extraHeaders, ...rateHeaders(resource) }, body };
  };

  const base = () => `${server.url}/repos/${owner}/${repo}`;
  const html = `https://github.com/${owner}/${repo}`;
  const checksOf = (sha: string) => checks.get(sha) ?? [];
  const sortedBranches = () => [...branches].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  // ---- GraphQL ----
  const refNode = (name: string) => {
    const sha = branches.get(name);
    if (sha === undefined) return null;
    const contexts = checksOf(sha).map((check) =>
      check.kind === 'check-run'
        ? { __typename: 'CheckRun', name: check.name, status: check.status.toUpperCase(), conclusion: check.conclusion?.toUpperCase() ?? null, detailsUrl: check.url ?? null }
        : {
            __typename: 'StatusContext',
            context: check.context,
            state: check.state.toUpperCase(),
            targetUrl: check.url ?? null,
            description: check.description ?? null,
            createdAt: check.createdAt ?? startedAt,
            creator: check.creator === undefined ? null : { login: check.creator },
          },
    );
    const pull = pulls.get(name);
    const checkSuites = suitesConnection(sha, limits.suites, null, limits.runs);
    return {
      name,
      target: { __typename: 'Commit', oid: sha, statusCheckRollup: contexts.length === 0 ? null : { state: rollupState(contexts), contexts: { nodes: contexts } }, checkSuites },
      associatedPullRequests: { nodes: pull === undefined ? [] : [{ number: pull.number, url: `${html}/pull/${pull.number}`, title: pull.title, reviewDecision: pull.reviewDecision }] },
    };
  };

  /**
   * The commit's check suites with their completed runs, earlier attempts first (a minute
   * apart, in the order the checks are given). Suites without a completed run are left out.
   */
  const suitesOf = (sha: string): { readonly id: string; readonly runs: readonly { name: string; conclusion: string; completedAt: string }[] }[] => {
    const suites = new Map<string, { name: string; conclusion: string }[]>();
    for (const check of checksOf(sha)) {
      if (check.kind !== 'check-run') continue;
      const conclusions = [...(check.earlier ?? []), ...(check.status === 'completed' && check.conclusion !== null ? [check.conclusion] : [])];
      const runs = suites.get(check.suite ?? '') ?? [];
      runs.push(...conclusions.map((conclusion) => ({ name: check.name, conclusion: conclusion.toUpperCase() })));
      suites.set(check.suite ?? '', runs);
    }
    let minute = 0;
    return [...suites]
      .filter(([, runs]) => runs.length > 0)
      .map(([key, runs]) => ({
        id: Buffer.from(`CheckSuite:${sha}:${key}`).toString('base64'),
        runs: runs.map((run) => ({ ...run, completedAt: new Date(Date.parse(startedAt) + minute++ * 60_000).toISOString() })),
      }));
  };
  /** A connection page as GitHub gives it: `first` items after the cursor, and whether more follow. */
  const connection = <T>(items: readonly T[], first: number, after: string | null, kind: string) => {
    const start = after === null ? 0 : Number(Buffer.from(after, 'base64').toString('utf8').replace(`${kind}:`, ''));
    const page = items.slice(start, start + first);
    const end = start + page.length;
    return { pageInfo: { hasNextPage: end < items.length, endCursor: page.length === 0 ? null : Buffer.from(`${kind}:${end}`).toString('base64') }, nodes: page };
  };
  const runsConnection = (suite: ReturnType<typeof suitesOf>[number], first: number, after: string | null) => connection(suite.runs, first, after, 'run');
  const suitesConnection = (sha: string, first: number, after: string | null, runsFirst: number) => {
    const page = connection(suitesOf(sha), first, after, 'suite');
    return { pageInfo: page.pageInfo, nodes: page.nodes.map((suite) => ({ id: suite.id, checkRuns: runsConnection(suite, runsFirst, null) })) };
  };
  /** The `first:` of the query's check suites and runs (GitHub honours them; so does the fake). */
  let limits = { suites: 0, runs: 0 };
  const limitsOf = (query: string) => ({ suites: Number(/checkSuites\(first: (\d+)/.exec(query)?.[1] ?? 0), runs: Number(/checkRuns\(first: (\d+)/.exec(query)?.[1] ?? 0) });

  /** checkSuites(first: S) { checkRuns } per ref: 1 + S requests each, as GitHub's formula counts. */
  const suiteRequests = (query: string, refs: number): number => {
    const suites = /checkSuites\(first: (\d+)\)/.exec(query);
    return suites === null ? 0 : refs * (1 + Number(suites[1]));
  };

  const graphql = (request: RecordedRequest): FakeReply => {
    const { query, variables = {} } = JSON.parse(request.body) as { query: string; variables?: Record<string, unknown> };
    const errors = validate(query);
    if (errors.length > 0) return { status: 200, body: { errors: errors.map((e) => ({ message: e.message })) } };
    if (!/node\(id: \$suite\)/.test(query) && (variables.owner !== owner || variables.name !== repo)) {
      return { status: 200, body: { data: { repository: null }, errors: [{ type: 'NOT_FOUND', message: `Could not resolve to a Repository with the name '${String(variables.owner)}/${String(variables.name)}'.` }] } };
    }
    let data: Record<string, unknown>;
    let connectionRequests: number;
    limits = limitsOf(query);
    if (/node\(id: \$suite\)/.test(query)) {
      // One check suite's runs after a cursor (readiness-query.ts MORE_RUNS_QUERY).
      const [sha = '', key] = Buffer.from(String(variables.suite), 'base64').toString('utf8').replace(/^CheckSuite:/, '').split(':');
      const suite = key === undefined ? undefined : suitesOf(sha).find((candidate) => candidate.id === variables.suite);
      const after = typeof variables.after === 'string' ? variables.after : null;
      data = { node: suite === undefined ? null : { __typename: 'CheckSuite', checkRuns: runsConnection(suite, limits.runs, after) } };
      connectionRequests = 1;
    } else if (/object\(oid: \$oid\)/.test(query)) {
      // A commit's check suites after a cursor (MORE_SUITES_QUERY).
      const sha = String(variables.oid);
      const known = [...branches.values()].includes(sha) || checks.has(sha);
      const after = typeof variables.after === 'string' ? variables.after : null;
      data = { repository: { object: known ? { __typename: 'Commit', checkSuites: suitesConnection(sha, limits.suites, after, limits.runs) } : null } };
      connectionRequests = 1 + limits.suites;
    } else if (/refs\(refPrefix: "refs\/heads\/", first: 100/.test(query)) {
      const all = sortedBranches();
      const start = typeof variables.after === 'string' ? Number(Buffer.from(variables.after, 'base64').toString('utf8').replace('cursor:', '')) : 0;
      const page = all.slice(start, start + 100);
      const end = start + page.length;
      data = {
        repository: {
          refs: {
            pageInfo: { hasNextPage: end < all.length, endCursor: page.length === 0 ? null : Buffer.from(`cursor:${end}`).toString('base64') },
            nodes: page.map(([name]) => refNode(name)),
          },
        },
      };
      connectionRequests = 1 + 100 + 100 + suiteRequests(query, 100); // refs + contexts(first:100) and PRs per ref (+ check suites), as GitHub counts
    } else {
      const aliases = [...query.matchAll(/(b\d+): ref\(qualifiedName: \$(q\d+)\)/g)];
      const repository: Record<string, unknown> = {};
      for (const [, alias = '', variable = ''] of aliases) {
        const qualified = String(variables[variable] ?? '');
        repository[alias] = qualified.startsWith('refs/heads/') ? refNode(qualified.slice('refs/heads/'.length)) : null;
      }
      data = { repository };
      connectionRequests = aliases.length * 2 + suiteRequests(query, aliases.length);
    }
    const cost = Math.max(1, Math.round(connectionRequests / 100));
    charged.graphql += cost;
    data = { rateLimit: { cost, remaining: LIMIT - charged.graphql, resetAt: new Date(resetAt() * 1000).toISOString() }, ...data };
    return json(request, 'graphql', { data });
  };

  // ---- REST ----
  const repositoryObject = () => minimalRepository(server.url, owner, repo);

  const rest = (request: RecordedRequest): FakeReply | undefined => {
    const prefix = `/repos/${owner}/${repo}/`;
    if (request.method === 'POST' && request.path.startsWith(`${prefix}statuses/`)) return createStatus(request, decodeURIComponent(request.path.slice(`${prefix}statuses/`.length)));
    if (request.method !== 'GET' || !request.path.startsWith(prefix)) return undefined;
    const rest = request.path.slice(prefix.length);
    if (rest === 'branches') {
      const perPage = Number(request.query.get('per_page') ?? 30);
      const page = Number(request.query.get('page') ?? 1);
      const all = sortedBranches();
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link: Record<string, string> = page < last ? { link: `<${base()}/branches?per_page=${perPage}&page=${page + 1}>; rel="next", <${base()}/branches?per_page=${perPage}&page=${last}>; rel="last"` } : {};
      return json(request, 'core', slice.map(([name, sha]) => ({ name, commit: { sha, url: `${base()}/commits/${sha}` }, protected: false })), link);
    }
    if (rest === 'pulls') {
      const open = [...pulls.values()].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
      return json(request, 'core', open.map((pull) => ({ number: pull.number, title: pull.title, state: 'open', html_url: `${html}/pull/${pull.number}`, updated_at: pull.updatedAt, head: { ref: pull.branch, sha: branches.get(pull.branch) ?? null } })));
    }
    const match = /^commits\/([^/]+)\/(status|check-runs)$/.exec(rest);
    if (match === null) return undefined;
    const ref = decodeURIComponent(match[1] ?? '');
    const sha = branches.get(ref) ?? ([...branches.values()].includes(ref) || checks.has(ref) ? ref : undefined);
    if (sha === undefined) return { status: 422, body: { message: `No commit found for SHA: ${ref}`, documentation_url: 'https://docs.github.com/rest' } };
    const stamp = '2026-11-01T10:00:00Z';
    if (match[2] === 'status') {
      const statuses = checksOf(sha).flatMap((check) =>
        check.kind === 'status'
          ? [{ url: `${base()}/statuses/${sha}`, avatar_url: null, id: idOf(`s:${sha}:${check.context}`), node_id: `SC_${idOf(`s:${sha}:${check.context}`)}`, state: check.state, description: check.description ?? null, target_url: check.url ?? null, context: check.context, created_at: stamp, updated_at: stamp }]
          : [],
      );
      const states = statuses.map((s) => s.state);
      const state = states.some((s) => s === 'failure' || s === 'error') ? 'failure' : states.some((s) => s === 'pending') || states.length === 0 ? 'pending' : 'success';
      return json(request, 'core', { state, statuses, sha, total_count: statuses.length, repository: repositoryObject(), commit_url: `${base()}/commits/${sha}`, url: `${base()}/commits/${sha}/status` });
    }
    const runs = checksOf(sha).flatMap((check) => {
      if (check.kind !== 'check-run') return [];
      const id = idOf(`c:${sha}:${check.name}`);
      return [
        {
          id,
          node_id: `CR_${id}`,
          head_sha: sha,
          external_id: String(id),
          url: `${base()}/check-runs/${id}`,
          html_url: `${html}/runs/${id}`,
          details_url: check.url ?? `${html}/runs/${id}`,
          status: check.status,
          conclusion: check.conclusion,
          started_at: stamp,
          completed_at: check.status === 'completed' ? stamp : null,
          output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: `${base()}/check-runs/${id}/annotations` },
          name: check.name,
          check_suite: { id: 1 },
          app: null,
          pull_requests: [],
        },
      ];
    });
    return json(request, 'core', { total_count: runs.length, check_runs: runs });
  };

  /** POST /repos/{owner}/{repo}/statuses/{sha}, answered 201 with a `status` object. */
  const createStatus = (request: RecordedRequest, sha: string): FakeReply => {
    charged.core++;
    const invalid = (field: string, message: string): FakeReply => ({
      status: 422,
      body: { message: 'Validation Failed', errors: [{ resource: 'Status', code: 'custom', field, message }], documentation_url: 'https://docs.github.com/rest/commits/statuses#create-a-commit-status' },
    });
    if (!/^[0-9a-f]{40}$/.test(sha) || !([...branches.values()].includes(sha) || checks.has(sha))) {
      return { status: 422, body: { message: `No commit found for SHA: ${sha}`, documentation_url: 'https://docs.github.com/rest/commits/statuses#create-a-commit-status' } };
    }
    const body = JSON.parse(request.body === '' ? '{}' : request.body) as { state?: unknown; context?: unknown; description?: unknown; target_url?: unknown };
    const state = body.state;
    if (state !== 'success' && state !== 'failure' && state !== 'error' && state !== 'pending') return invalid('state', 'state is not included in the list');
    const context = typeof body.context === 'string' && body.context !== '' ? body.context : 'default';
    const description = typeof body.description === 'string' ? body.description : null;
    if (description !== null && [...description].length > 140) return invalid('description', 'description is too long (maximum is 140 characters)');
    const targetUrl = typeof body.target_url === 'string' && body.target_url !== '' ? body.target_url : null;
    // GitHub keeps every status; the combined status and the rollup show the latest per context (case-insensitive).
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const creator = userOf(request.headers.authorization)?.login;
    const status: FakeCheck = {
      kind: 'status',
      context,
      state,
      createdAt: at,
      ...(creator === undefined ? {} : { creator }),
      ...(targetUrl === null ? {} : { url: targetUrl }),
      ...(description === null ? {} : { description }),
    };
    const others = checksOf(sha).filter((check) => check.kind !== 'status' || check.context.toLowerCase() !== context.toLowerCase());
    checks.set(sha, [...others, status]);
    createdStatuses.push({ sha, state, context, description, targetUrl });
    const id = nextId++;
    return {
      status: 201,
      headers: { location: `${base()}/statuses/${sha}`, ...rateHeaders('core') },
      body: { url: `${base()}/statuses/${sha}`, avatar_url: null, id, node_id: `SC_${id}`, state, description, target_url: targetUrl, context, created_at: at, updated_at: at, creator: null },
    };
  };

  server.route((request) => {
    const isGraphql = request.method === 'POST' && request.path === '/graphql';
    const isRest = request.path.startsWith(`/repos/${owner}/${repo}/`);
    if (!isGraphql && !isRest) return undefined;
    const faulty = faultReply(request);
    if (faulty !== undefined) return faulty;
    if (userOf(request.headers.authorization) === undefined) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
    }
    return isGraphql ? graphql(request) : rest(request);
  });

  return {
    owner,
    repo,
    setBranch: (name, sha) => branches.set(name, sha),
    deleteBranch: (name) => {
      branches.delete(name);
      pulls.delete(name);
    },
    setChecks: (sha, list) => checks.set(sha, [...list]),
    openPull: (branch, title, reviewDecision = null) => {
      const pull = { number: nextPull++, title, branch, reviewDecision, updatedAt: new Date().toISOString() };
      pulls.set(branch, pull);
      return pull;
    },
    setFault: (next, times = Number.POSITIVE_INFINITY) => {
      fault = next === null ? null : { fault: next, left: times };
    },
    createdStatuses,
    charged,
    resetCharges: () => {
      charged.core = 0;
      charged.graphql = 0;
    },
  };
}

function rollupState(contexts: readonly { readonly __typename: string; readonly status?: string; readonly conclusion?: string | null; readonly state?: string }[]): string {
  const states = contexts.map((c) => (c.__typename === 'CheckRun' ? (c.status === 'COMPLETED' ? (c.conclusion ?? 'PENDING') : 'PENDING') : (c.state ?? 'PENDING')));
  if (states.some((s) => ['FAILURE', 'ERROR', 'TIMED_OUT', 'CANCELLED', 'ACTION_REQUIRED'].includes(s))) return 'FAILURE';
  if (states.some((s) => s === 'PENDING' || s === 'EXPECTED')) return 'PENDING';
  return 'SUCCESS';
}

/** GitHub's minimal-repository object: mostly URL templates. */
function minimalRepository(apiUrl: string, owner: string, name: string): Record<string, unknown> {
  const url = `${apiUrl}/repos/${owner}/${name}`;
  const templated = ['archive', 'assignees', 'blobs', 'branches', 'collaborators', 'comments', 'commits', 'compare', 'contents', 'contributors', 'deployments', 'downloads', 'events', 'forks', 'git_commits', 'git_refs', 'git_tags', 'hooks', 'issue_comment', 'issue_events', 'issues', 'keys', 'labels', 'languages', 'merges', 'milestones', 'notifications', 'pulls', 'releases', 'stargazers', 'statuses', 'subscribers', 'subscription', 'tags', 'teams', 'trees'];
  return {
    id: 1296269,
    node_id: 'R_kgDOABCDEF',
    name,
    full_name: `${owner}/${name}`,
    owner: {
      login: owner, id: 1, node_id: 'O_kgDOAAAAAQ', avatar_url: 'https://avatars.githubusercontent.com/u/1?v=4', gravatar_id: '', url: `${apiUrl}/users/${owner}`,
      html_url: `https://github.com/${owner}`, followers_url: `${apiUrl}/users/${owner}/followers`, following_url: `${apiUrl}/users/${owner}/following{/other_user}`,
      gists_url: `${apiUrl}/users/${owner}/gists{/gist_id}`, starred_url: `${apiUrl}/users/${owner}/starred{/owner}{/repo}`, subscriptions_url: `${apiUrl}/users/${owner}/subscriptions`,
      organizations_url: `${apiUrl}/users/${owner}/orgs`, repos_url: `${apiUrl}/users/${owner}/repos`, events_url: `${apiUrl}/users/${owner}/events{/privacy}`,
      received_events_url: `${apiUrl}/users/${owner}/received_events`, type: 'Organization', site_admin: false,
    },
    private: true,
    html_url: `https://github.com/${owner}/${name}`,
    description: null,
    fork: false,
    url,
    ...Object.fromEntries(templated.map((key) => [`${key}_url`, `${url}/${key.replace(/_/g, '/')}`])),
  };
}
