/**
 * What a release asks of GitHub when it is connected: the branch's open pull request, its
 * merge (a merge commit, never a squash or rebase, never forced), and pull request titles
 * for the release notes. Tokens stay inside the client.
 */
import { createGitHubClient, type GitHubClient } from '../github/github-client';
import { parseGitHubSlug } from '../github/commit-status-publisher';

export interface PullRequestRef {
  readonly number: number;
  readonly url: string;
  readonly title: string;
}

export type PullRequestMerge = { readonly kind: 'merged'; readonly mergeCommit: string } | { readonly kind: 'failed'; readonly reason: string };

export interface ReleaseGitHub {
  pullRequestFor(branch: string): Promise<PullRequestRef | null>;
  /** Merges with a merge commit, only if the pull request's head is still `sha`. */
  merge(pullRequest: number, sha: string, title: string): Promise<PullRequestMerge>;
  /** Pull requests that brought each commit, where GitHub knows one. */
  pullRequestsOf(shas: readonly string[]): Promise<ReadonlyMap<string, { number: number; title: string }>>;
  /** Each reviewer's standing decision on the pull request (frozen into the plan for the audit); null when GitHub is not connected. */
  reviewsOf?(pullRequest: number): Promise<readonly PullRequestReview[] | null>;
}

export interface PullRequestReview {
  readonly reviewer: string;
  /** APPROVED, CHANGES_REQUESTED, DISMISSED or COMMENTED, as GitHub names them. */
  readonly state: string;
  readonly at: string | null;
}

export interface ReleaseGitHubOptions {
  readonly repository: string | undefined;
  readonly baseUrl: string;
  readonly token: () => Promise<string | null>;
}

/** Null when the workspace names no GitHub repository; calls fail plainly when no token is set. */
export function createReleaseGitHub(options: ReleaseGitHubOptions): ReleaseGitHub | null {
  const repo = parseGitHubSlug(options.repository);
  if (repo === null) return null;
  const client = async (): Promise<GitHubClient | null> => {
    const token = await options.token();
    return token === null ? null : createGitHubClient({ token, baseUrl: options.baseUrl, retries: 1 });
  };
  return {
    async pullRequestFor(branch) {
      const github = await client();
      if (github === null) return null;
      const { data } = await github.rest.pulls.list({ ...repo, state: 'open', head: `${repo.owner}:${branch}`, per_page: 5 });
      const pull = data[0];
      return pull === undefined ? null : { number: pull.number, url: pull.html_url, title: pull.title };
    },
    async merge(pullRequest, sha, title) {
      const github = await client();
      if (github === null) return { kind: 'failed', reason: 'GitHub is not connected' };
      try {
        const { data } = await github.rest.pulls.merge({ ...repo, pull_number: pullRequest, sha, merge_method: 'merge', commit_title: title });
        return data.merged ? { kind: 'merged', mergeCommit: data.sha } : { kind: 'failed', reason: data.message };
      } catch (error) {
        const status = (error as { status?: number }).status;
        const message = error instanceof Error ? error.message : String(error);
        return { kind: 'failed', reason: `GitHub refused the merge of #${pullRequest}${status === undefined ? '' : ` (HTTP ${status})`}: ${message}` };
      }
    },
    async reviewsOf(pullRequest) {
      const github = await client();
      if (github === null) return null;
      const { data } = await github.rest.pulls.listReviews({ ...repo, pull_number: pullRequest, per_page: 100 });
      return standingReviews(data.map((review) => ({ reviewer: review.user?.login ?? '(deleted user)', state: review.state, at: review.submitted_at ?? null })));
    },
    async pullRequestsOf(shas) {
      const github = await client();
      const found = new Map<string, { number: number; title: string }>();
      if (github === null) return found;
      for (const sha of shas.slice(0, 100)) {
        const answer = await github.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha, per_page: 1 }).catch(() => null);
        const pull = answer?.data[0];
        if (pull !== undefined) found.set(sha, { number: pull.number, title: pull.title.slice(0, 1000) });
      }
      return found;
    },
  };
}

/**
 * GitHub lists every review in order; a reviewer's standing decision is their latest approval,
 * change request or dismissal — a later comment does not change it. Reviewers who only
 * commented are listed as COMMENTED.
 */
export function standingReviews(reviews: readonly PullRequestReview[]): PullRequestReview[] {
  const standing = new Map<string, PullRequestReview>();
  for (const review of reviews) {
    const before = standing.get(review.reviewer);
    if (review.state === 'PENDING') continue;
    if (review.state === 'COMMENTED' && before !== undefined && before.state !== 'COMMENTED') continue;
    standing.set(review.reviewer, review);
  }
  return [...standing.values()];
}
