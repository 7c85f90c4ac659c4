/**
 * Which pull requests brought a commit, from GitHub's "list pull requests associated with a
 * commit" (GET /repos/{owner}/{repo}/commits/{sha}/pulls), for policy conformance. Reads only;
 * the token stays inside the client. When GitHub cannot be asked at all the source says why
 * (no repository.github, not connected), so conformance reports "cannot tell" instead of guessing.
 */
import type { AssociatedPull, PullAnswer } from '../../../shared/audit/conformance';
import { createGitHubClient, type GitHubClient } from './github-client';
import { describeGitHubError } from './github-problem';
import { parseGitHubSlug } from './commit-status-publisher';

export type CommitPullsSource = { readonly kind: 'unavailable'; readonly reason: string } | { readonly kind: 'github'; lookup(sha: string): Promise<PullAnswer> };

export interface CommitPullsOptions {
  /** release-desk.yml's repository.github (owner/name), if any. */
  readonly repository: string | undefined;
  readonly baseUrl: string;
  /** The token bound to baseUrl (vault or GITHUB_TOKEN), or null. */
  readonly token: () => Promise<string | null>;
  readonly timeoutMs?: number;
  /** The wait before the one retry of a failed look-up (the client's retry base); default 1000 ms. */
  readonly retryBaseMs?: number;
}

/** After this many failed look-ups in a row GitHub is not asked again in this run. */
const FAILURES_BEFORE_GIVING_UP = 3;

export async function createCommitPullsSource(options: CommitPullsOptions): Promise<CommitPullsSource> {
  const repository = parseGitHubSlug(options.repository);
  if (repository === null) return { kind: 'unavailable', reason: 'release-desk.yml names no repository.github, so GitHub cannot be asked' };
  const token = await options.token();
  if (token === null) return { kind: 'unavailable', reason: 'GitHub is not connected (connect it in Settings, or set GITHUB_TOKEN for the command line)' };
  // A failed look-up is retried once (5xx, no answer); a refusal (401, 404, 422) is not.
  const client: GitHubClient = createGitHubClient({ token, baseUrl: options.baseUrl, retries: 1, retryBaseMs: options.retryBaseMs ?? 1000, timeoutMs: options.timeoutMs ?? 10_000 });
  let failuresInARow = 0;
  let lastFailure = '';
  return {
    kind: 'github',
    async lookup(sha) {
      if (failuresInARow >= FAILURES_BEFORE_GIVING_UP) return { kind: 'unknown', reason: `GitHub was not asked again after ${failuresInARow} failures in a row (${lastFailure})` };
      try {
        const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({ ...repository, commit_sha: sha, per_page: 100 });
        failuresInARow = 0;
        return { kind: 'pulls', pulls: data.map((pull): AssociatedPull => ({ number: pull.number, url: pull.html_url, title: pull.title.slice(0, 1000), mergedAt: pull.merged_at, mergeCommitSha: pull.merge_commit_sha ?? null })) };
      } catch (error) {
        failuresInARow++;
        lastFailure = describeGitHubError(error).message;
        return { kind: 'unknown', reason: lastFailure };
      }
    },
  };
}
