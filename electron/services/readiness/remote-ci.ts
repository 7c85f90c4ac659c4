/**
 * What readiness asks of services (GitHub, CircleCI), built from the workspace
 * configuration and a way to reach them: the app passes the vault and the configured
 * endpoints, the CLI the environment. Null where the workspace does not use the service.
 */
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { CircleCiDetails } from '../../../shared/ci/circleci-details';
import { CircleCiCiSource, CIRCLECI_NOT_CONNECTED } from '../ci/circleci-ci-source';
import { CircleCiClient } from '../ci/circleci-client';
import { readCircleCiDetails } from '../ci/circleci-details';
import type { ServiceEndpoints } from '../connections/endpoints';
import type { HttpFetch } from '../connections/http-fetch';
import type { ServiceBudget, ServiceHost } from '../connections/service-budget';
import { createCommitStatusPublisher, parseGitHubSlug, type CommitStatusPublisher } from '../github/commit-status-publisher';
import { createGitHubCiSource } from '../github/github-ci-source';
import { githubReadStore } from '../github/github-read-cache';
import type { TokenSource } from '../vault/token-source';
import type { CiSource } from './readiness-service';

export interface ServiceAccess {
  readonly tokens: TokenSource;
  readonly endpoints: () => ServiceEndpoints;
  /** A one-shot command's budget for GitHub and CircleCI (the CLI); none in the app. */
  readonly budget?: ServiceBudget;
  /** Whose words reasons are in; default the app's. */
  readonly host?: ServiceHost;
  /** The workspace's data folder, where CircleCI's finished heads are kept between processes. */
  readonly dataDir?: string;
  /** How requests go out; default the global fetch. The one-shot CLI passes node-http-fetch.ts (no undici). */
  readonly transport?: HttpFetch;
}

/** `cacheFile`: where GitHub reads are kept between processes (the workspace's data folder); none: memory only. */
export function remoteCiFor(config: WorkspaceConfig, access: ServiceAccess, cacheFile?: string): CiSource | null {
  const repository = parseGitHubSlug(config.repository.github);
  if (config.ci.provider === 'github-checks' && repository !== null) {
    const baseUrl = access.endpoints().github;
    const store = cacheFile === undefined ? undefined : githubReadStore(cacheFile, baseUrl, `${repository.owner}/${repository.repo}`);
    return createGitHubCiSource({
      ...repository,
      baseUrl,
      token: () => access.tokens.getToken('github', baseUrl),
      budget: access.budget,
      host: access.host,
      store,
      ...(access.transport === undefined ? {} : { client: { transport: access.transport } }),
    });
  }
  if (config.ci.provider === 'circleci' && config.ci.circleci !== undefined) {
    const baseUrl = access.endpoints().circleci;
    return new CircleCiCiSource({
      projectSlug: config.ci.circleci.projectSlug,
      token: () => access.tokens.getToken('circleci', baseUrl),
      baseUrl,
      budget: access.budget,
      host: access.host,
      transport: access.transport,
      ...(access.dataDir === undefined ? {} : { dataDir: access.dataDir }),
    });
  }
  return null;
}

export function statusPublisherFor(config: WorkspaceConfig, access: ServiceAccess): CommitStatusPublisher {
  const baseUrl = access.endpoints().github;
  return createCommitStatusPublisher({
    repository: parseGitHubSlug(config.repository.github),
    baseUrl,
    token: () => access.tokens.getToken('github', baseUrl),
  });
}

export type CircleCiDetailsReader = (branch: string, headSha: string) => Promise<CircleCiDetails>;

/** On-demand CircleCI details for a branch; null unless the workspace's provider is circleci. */
export function circleciDetailsFor(config: WorkspaceConfig, access: ServiceAccess): CircleCiDetailsReader | null {
  const circleci = config.ci.provider === 'circleci' ? config.ci.circleci : undefined;
  if (circleci === undefined) return null;
  return async (branch, headSha) => {
    const baseUrl = access.endpoints().circleci;
    const token = await access.tokens.getToken('circleci', baseUrl);
    if (token === null) return { kind: 'failed', branch, reason: CIRCLECI_NOT_CONNECTED, retryAt: null };
    const client = new CircleCiClient({ token, baseUrl, budget: access.budget, transport: access.transport });
    return readCircleCiDetails({ client, projectSlug: circleci.projectSlug, branch, headSha });
  };
}
