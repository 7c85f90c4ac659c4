/**
 * The REST way to read CI: per branch head, the combined commit status and the check runs
 * (two requests per branch). It is the fallback where GraphQL is not available and the
 * benchmark's baseline. Every request is conditional, so a repeat read of unchanged
 * commits is answered with 304s that cost no rate limit — but it still costs 2 requests
 * and their latency per branch.
 */
import type { CheckResult } from '../../../shared/readiness/branch-facts';
import { mapWithConcurrency } from '../git/bounded-pool';
import { conditionalGet, type ConditionalCache } from './conditional-get';
import type { GitHubClient } from './github-client';
import type { GitHubRepository } from './github-readiness';
import { checkRunState, commitStatusState, teamRecords, type RemoteCi } from './readiness-query';

interface CombinedStatus {
  readonly statuses: readonly {
    readonly context: string;
    readonly state: string;
    readonly target_url: string | null;
    readonly description: string | null;
    readonly created_at: string;
  }[];
}

interface CheckRuns {
  readonly check_runs: readonly { readonly name: string; readonly status: string; readonly conclusion: string | null; readonly details_url: string | null; readonly html_url: string | null }[];
}

export interface RestReadStats {
  requests: number;
  notModified: number;
}

export async function readCiViaRest(
  client: GitHubClient,
  repo: GitHubRepository,
  heads: ReadonlyMap<string, string>,
  cache: ConditionalCache,
  options: { readonly concurrency?: number; readonly stats?: RestReadStats } = {},
): Promise<Map<string, RemoteCi>> {
  const stats = options.stats ?? { requests: 0, notModified: 0 };
  const get = async <T>(route: string, ref: string, extra: Readonly<Record<string, string | number>> = {}) => {
    stats.requests++;
    const result = await conditionalGet<T>(client, cache, route, { owner: repo.owner, repo: repo.name, ref, ...extra });
    if (!result.changed) stats.notModified++;
    return result.data;
  };
  const entries = [...heads];
  const results = await mapWithConcurrency(entries, options.concurrency ?? 8, async ([branch, sha]): Promise<RemoteCi> => {
    const [status, runs] = await Promise.all([
      get<CombinedStatus>('GET /repos/{owner}/{repo}/commits/{ref}/status', sha, { per_page: 100 }),
      get<CheckRuns>('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', sha, { per_page: 100 }),
    ]);
    const checks: CheckResult[] = [
      ...runs.check_runs.map((run) => ({ name: run.name, state: checkRunState(run.status, run.conclusion), url: run.details_url ?? run.html_url })),
      ...status.statuses.map((s) => ({ name: s.context, state: commitStatusState(s.state), url: s.target_url })),
    ];
    // The combined status names no creator, so teammates' sign-offs are not read this way.
    const team = teamRecords(
      sha,
      status.statuses.map((s) => ({ __typename: 'StatusContext', context: s.context, state: s.state, targetUrl: s.target_url, description: s.description, createdAt: s.created_at, creator: null })),
    );
    return { branch, sha, checks, complete: checks.every((check) => check.state !== 'pending'), pullRequest: null, team };
  });
  return new Map(results.map((ci) => [ci.branch, ci]));
}
