/**
 * A fake GitHub REST/GraphQL API on 127.0.0.1, answering in the shapes GitHub documents
 * (checked against @octokit/openapi in tests/unit/fakes). Grows route by route as
 * features need them.
 */
import { startFakeHttpServer, type FakeHttpServer } from './fake-http-server';
import { installReadinessRoutes, type FakeReadinessApi } from './fake-github-readiness';
import { installDeploymentRoutes, type FakeDeploymentsApi } from './fake-github-deployments';
import { installCommitPullRoutes, type FakeCommitPullsApi } from './fake-github-commit-pulls';

export interface FakeGitHubUser {
  readonly login: string;
  readonly id: number;
  readonly name: string | null;
}

export interface FakeGitHub {
  readonly server: FakeHttpServer;
  readonly url: string;
  /** Tokens the fake accepts, and whom each belongs to. */
  addToken(token: string, user: FakeGitHubUser): void;
  /** The repository welkin/web: branches, checks, PRs, faults (fake-github-readiness.ts). */
  readonly readiness: FakeReadinessApi;
  /** Deployments and their statuses in welkin/web (fake-github-deployments.ts). */
  readonly deployments: FakeDeploymentsApi;
  /** Pull requests associated with commits in welkin/web (fake-github-commit-pulls.ts). */
  readonly commitPulls: FakeCommitPullsApi;
  close(): Promise<void>;
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const server = await startFakeHttpServer();
  const tokens = new Map<string, FakeGitHubUser>();
  const userFor = (authorization: string | undefined) => {
    const token = authorization?.replace(/^(token|bearer)\s+/i, '') ?? '';
    return tokens.get(token);
  };
  server.route((request) => {
    if (request.method !== 'GET' || request.path !== '/user') return undefined;
    const user = userFor(request.headers.authorization);
    if (user === undefined) {
      return {
        status: 401,
        body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
      };
    }
    return {
      status: 200,
      headers: { 'x-oauth-scopes': 'repo, read:org', 'x-ratelimit-remaining': '4999', 'x-ratelimit-limit': '5000' },
      body: {
        login: user.login,
        id: user.id,
        node_id: `U_${user.id}`,
        avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
        html_url: `https://github.com/${user.login}`,
        type: 'User',
        site_admin: false,
        name: user.name,
      },
    };
  });
  const readiness = installReadinessRoutes(server, (authorization) => userFor(authorization));
  const deployments = installDeploymentRoutes(server, readiness, (authorization) => userFor(authorization));
  const commitPulls = installCommitPullRoutes(server, readiness, (authorization) => userFor(authorization));
  return {
    server,
    url: server.url,
    readiness,
    deployments,
    commitPulls,
    addToken: (token, user) => tokens.set(token, user),
    close: () => server.close(),
  };
}
