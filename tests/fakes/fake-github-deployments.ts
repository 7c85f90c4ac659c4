/**
 * The fake GitHub's Deployments part, following docs.github.com/rest/deployments:
 *  - POST   /repos/{o}/{r}/deployments                      201 with the deployment (ref, environment,
 *    payload, description, transient/production flags); 422 for an empty ref or a
 *    description over 140 characters;
 *  - GET    /repos/{o}/{r}/deployments?sha&ref&task&environment&per_page   newest first;
 *  - POST   /repos/{o}/{r}/deployments/{id}/statuses         201 with the status; 422 for a
 *    state outside the enum; 404 for an unknown deployment; `auto_inactive` (default true)
 *    marks earlier successful non-transient, non-production deployments of the environment
 *    inactive, as GitHub does;
 *  - GET    /repos/{o}/{r}/deployments/{id}/statuses         newest first.
 * Both lists take `page` and, when more follow, answer a `Link: <…>; rel="next"` header as GitHub does.
 * Answers are checked against @octokit/openapi in tests/unit/fakes.
 */
import type { FakeHttpServer, FakeReply, RecordedRequest } from './fake-http-server';

export interface FakeDeployment {
  readonly id: number;
  readonly ref: string;
  readonly sha: string;
  readonly environment: string;
  readonly description: string | null;
  readonly payload: unknown;
  readonly transientEnvironment: boolean;
  readonly productionEnvironment: boolean;
  readonly creator: string;
  readonly createdAt: string;
  /** Oldest first. */
  readonly statuses: FakeDeploymentStatus[];
}

export interface FakeDeploymentStatus {
  readonly id: number;
  readonly state: string;
  readonly description: string;
  readonly environmentUrl: string;
  readonly logUrl: string;
  readonly creator: string;
  readonly createdAt: string;
}

export interface FakeDeploymentsApi {
  /** Every deployment, oldest first (with its statuses, oldest first). */
  readonly all: readonly FakeDeployment[];
  /** Adds a deployment by someone else (for the "active deployment" check). */
  add(deployment: { ref: string; environment: string; creator: string; payload?: unknown; statuses?: readonly string[] }): FakeDeployment;
}

const STATES = ['error', 'failure', 'inactive', 'pending', 'success', 'queued', 'in_progress'];

export function installDeploymentRoutes(
  server: FakeHttpServer,
  repository: { readonly owner: string; readonly repo: string },
  userOf: (authorization: string | undefined) => { readonly login: string; readonly id: number } | undefined,
): FakeDeploymentsApi {
  const deployments: FakeDeployment[] = [];
  let nextId = 1000;
  const base = `/repos/${repository.owner}/${repository.repo}`;
  const apiBase = () => `${server.url}${base}`;
  const ids = new Map<string, number>();
  const idOf = (login: string) => {
    if (!ids.has(login)) ids.set(login, 500 + ids.size);
    return ids.get(login) ?? 0;
  };

  const user = (login: string) => ({
    login,
    id: idOf(login),
    node_id: `U_${idOf(login)}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${idOf(login)}?v=4`,
    gravatar_id: '',
    url: `${server.url}/users/${login}`,
    html_url: `https://github.com/${login}`,
    followers_url: `${server.url}/users/${login}/followers`,
    following_url: `${server.url}/users/${login}/following{/other_user}`,
    gists_url: `${server.url}/users/${login}/gists{/gist_id}`,
    starred_url: `${server.url}/users/${login}/starred{/owner}{/repo}`,
    subscriptions_url: `${server.url}/users/${login}/subscriptions`,
    organizations_url: `${server.url}/users/${login}/orgs`,
    repos_url: `${server.url}/users/${login}/repos`,
    events_url: `${server.url}/users/${login}/events{/privacy}`,
    received_events_url: `${server.url}/users/${login}/received_events`,
    type: 'User',
    site_admin: false,
  });

  const deploymentJson = (d: FakeDeployment) => ({
    url: `${apiBase()}/deployments/${d.id}`,
    id: d.id,
    node_id: `DE_${d.id}`,
    sha: d.sha,
    ref: d.ref,
    task: 'deploy',
    payload: d.payload,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: user(d.creator),
    created_at: d.createdAt,
    updated_at: d.statuses.at(-1)?.createdAt ?? d.createdAt,
    statuses_url: `${apiBase()}/deployments/${d.id}/statuses`,
    repository_url: apiBase(),
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment,
  });

  const statusJson = (d: FakeDeployment, s: FakeDeploymentStatus) => ({
    url: `${apiBase()}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: `DES_${s.id}`,
    state: s.state,
    creator: user(s.creator),
    description: s.description,
    environment: d.environment,
    target_url: s.logUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: `${apiBase()}/deployments/${d.id}`,
    repository_url: apiBase(),
    environment_url: s.environmentUrl,
    log_url: s.logUrl,
  });

  const invalid = (message: string): FakeReply => ({
    status: 422,
    body: { message: 'Validation Failed', errors: [{ resource: 'Deployment', code: 'custom', message }], documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment', status: '422' },
  });

  const addStatus = (d: FakeDeployment, state: string, fields: { description?: string; environmentUrl?: string; logUrl?: string; creator: string }) => {
    const status = {
      id: nextId++,
      state,
      description: fields.description ?? '',
      environmentUrl: fields.environmentUrl ?? '',
      logUrl: fields.logUrl ?? '',
      creator: fields.creator,
      createdAt: new Date().toISOString(),
    };
    d.statuses.push(status);
    return status;
  };

  const create = (request: RecordedRequest, login: string): FakeReply => {
    const body = JSON.parse(request.body || '{}') as Record<string, unknown>;
    const ref = typeof body.ref === 'string' ? body.ref : '';
    if (ref === '') return invalid('ref is required');
    const description = typeof body.description === 'string' ? body.description : null;
    if (description !== null && [...description].length > 140) return invalid('description is too long (maximum is 140 characters)');
    const environment = typeof body.environment === 'string' && body.environment !== '' ? body.environment : 'production';
    const d: FakeDeployment = {
      id: nextId++,
      ref,
      sha: /^[0-9a-f]{40}$/.test(ref) ? ref : ref.padEnd(40, '0').slice(0, 40),
      environment,
      description,
      payload: body.payload === undefined ? {} : body.payload,
      transientEnvironment: body.transient_environment === true,
      productionEnvironment: typeof body.production_environment === 'boolean' ? body.production_environment : environment === 'production',
      creator: login,
      createdAt: new Date().toISOString(),
      statuses: [],
    };
    deployments.push(d);
    return { status: 201, headers: { location: `${apiBase()}/deployments/${d.id}` }, body: deploymentJson(d) };
  };

  const createStatus = (request: RecordedRequest, d: FakeDeployment, login: string): FakeReply => {
    const body = JSON.parse(request.body || '{}') as Record<string, unknown>;
    const state = typeof body.state === 'string' ? body.state : '';
    if (!STATES.includes(state)) return invalid(`state is not included in the list (got ${state})`);
    const description = typeof body.description === 'string' ? body.description : '';
    if ([...description].length > 140) return invalid('description is too long (maximum is 140 characters)');
    const logUrl = typeof body.log_url === 'string' ? body.log_url : typeof body.target_url === 'string' ? body.target_url : '';
    const status = addStatus(d, state, {
      description,
      ...(typeof body.environment_url === 'string' ? { environmentUrl: body.environment_url } : {}),
      logUrl,
      creator: login,
    });
    if (state === 'success' && body.auto_inactive !== false) {
      for (const other of deployments) {
        if (other === d || other.environment !== d.environment || other.transientEnvironment || other.productionEnvironment) continue;
        if (other.statuses.at(-1)?.state === 'success') addStatus(other, 'inactive', { creator: login });
      }
    }
    return { status: 201, headers: { location: `${apiBase()}/deployments/${d.id}/statuses/${status.id}` }, body: statusJson(d, status) };
  };

  const perPage = (request: RecordedRequest) => Math.min(100, Math.max(1, Number(request.query.get('per_page') ?? 30) || 30));
  /** One page of `items` as GitHub pages a list: `page` (from 1), and a Link header to the next page. */
  const paged = <T>(request: RecordedRequest, items: readonly T[], toJson: (item: T) => unknown): FakeReply => {
    const size = perPage(request);
    const page = Math.max(1, Math.floor(Number(request.query.get('page') ?? 1)) || 1);
    const body = items.slice((page - 1) * size, page * size).map(toJson);
    if (page * size >= items.length) return { status: 200, body };
    const next = new URLSearchParams(request.query);
    next.set('page', String(page + 1));
    return { status: 200, headers: { link: `<${server.url}${request.path}?${next.toString()}>; rel="next"` }, body };
  };

  server.route((request) => {
    if (request.path !== `${base}/deployments` && !request.path.startsWith(`${base}/deployments/`)) return undefined;
    const who = userOf(request.headers.authorization);
    if (who === undefined) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
    if (request.path === `${base}/deployments`) {
      if (request.method === 'POST') return create(request, who.login);
      if (request.method !== 'GET') return undefined;
      const q = request.query;
      const list = [...deployments]
        .reverse()
        .filter((d) => (q.get('sha') ?? d.sha) === d.sha && (q.get('ref') ?? d.ref) === d.ref && (q.get('environment') ?? d.environment) === d.environment && (q.get('task') ?? 'deploy') === 'deploy');
      return paged(request, list, deploymentJson);
    }
    const match = /^\/deployments\/(\d+)\/statuses$/.exec(request.path.slice(base.length));
    const d = match === null ? undefined : deployments.find((candidate) => candidate.id === Number(match[1]));
    if (d === undefined) return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/deployments/statuses', status: '404' } };
    if (request.method === 'POST') return createStatus(request, d, who.login);
    if (request.method !== 'GET') return undefined;
    return paged(request, [...d.statuses].reverse(), (s) => statusJson(d, s));
  });

  return {
    all: deployments,
    add: ({ ref, environment, creator, payload = {}, statuses = [] }) => {
      const d: FakeDeployment = {
        id: nextId++,
        ref,
        sha: ref.padEnd(40, '0').slice(0, 40),
        environment,
        description: null,
        payload,
        transientEnvironment: false,
        productionEnvironment: environment === 'production',
        creator,
        createdAt: new Date().toISOString(),
        statuses: [],
      };
      deployments.push(d);
      for (const state of statuses) addStatus(d, state, { creator });
      return d;
    },
  };
}
