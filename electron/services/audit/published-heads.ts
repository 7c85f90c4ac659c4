/**
 * Reads the journal heads Release Desk published on GitHub (shared/audit/published-head.ts):
 * every status description of every Deployment that Release Desk created in the repository
 * (its payload names a release). REST, through the project's GitHub client; one request per
 * 100 deployments plus one per 100 statuses of each deployment.
 */
import { publishedHeadsIn, type JournalHead } from '../../../shared/audit/published-head';
import { createGitHubClient } from '../github/github-client';
import { describeGitHubError } from '../github/github-problem';
import { releaseIdOf } from '../team-updates/github-deployments';

export interface PublishedHeadOrigin {
  readonly deploymentId: number;
  readonly statusId: number;
  readonly releaseId: string;
  readonly environment: string;
  readonly state: string;
  /** When the status was posted. */
  readonly at: string;
}

export interface PublishedHead extends JournalHead {
  readonly from: PublishedHeadOrigin;
}

export type PublishedHeadsRead =
  | { readonly kind: 'read'; readonly heads: readonly PublishedHead[]; readonly deployments: number; readonly requests: number }
  /** GitHub refused, could not be reached, or does not know the repository: `reason` says which. */
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface PublishedHeadsOptions {
  readonly repository: { readonly owner: string; readonly repo: string };
  readonly baseUrl: string;
  readonly token: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

export async function readPublishedHeads(options: PublishedHeadsOptions): Promise<PublishedHeadsRead> {
  const { owner, repo } = options.repository;
  const client = createGitHubClient({ token: options.token, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs ?? 10_000, retries: 1, maxRateLimitWaitSeconds: 0 });
  let requests = 0;
  client.hook.before('request', () => {
    requests++;
  });
  try {
    const deployments = (await client.paginate(client.rest.repos.listDeployments, { owner, repo, per_page: 100 }))
      .map((deployment) => ({ deployment, releaseId: releaseIdOf(deployment.payload) }))
      .filter((entry): entry is typeof entry & { releaseId: string } => entry.releaseId !== null);
    const heads: PublishedHead[] = [];
    for (const { deployment, releaseId } of deployments) {
      const statuses = await client.paginate(client.rest.repos.listDeploymentStatuses, { owner, repo, deployment_id: deployment.id, per_page: 100 });
      for (const status of statuses) {
        const from = { deploymentId: deployment.id, statusId: status.id, releaseId, environment: deployment.environment, state: status.state, at: status.created_at };
        for (const head of publishedHeadsIn(status.description ?? '')) heads.push({ ...head, from });
      }
    }
    return { kind: 'read', heads, deployments: deployments.length, requests };
  } catch (error) {
    return { kind: 'unavailable', reason: describeGitHubError(error).message };
  }
}
