/**
 * CI results and open pull requests for every branch, in few requests, kept fresh cheaply.
 *
 * First refresh: the paginated GraphQL refs query (100 branches per request: 300 branches
 * = 3 requests, ~18 points with the re-runs, see readiness-query.ts), plus the REST probes
 * below to learn their ETags.
 * Later refreshes: REST probes with `If-None-Match` — the branch list (100 per page) and
 * the open pull requests. A 304 costs nothing. Then GraphQL is asked only about branches
 * whose head moved, that are new, whose checks were still running, or whose completed
 * result is older than `recheckCompleteAfterMs` (a re-run on the same commit changes
 * nothing GitHub's ETags would show us). Results are cached per head SHA.
 * So a refresh where nothing changed and nothing was running costs 0 rate limit; when the
 * open PRs changed (opened, closed, reviewed) the full refs query runs again.
 *
 * Failures are outcomes: the last good data stays, flagged stale with the reason.
 */
import { everyCompletedRun, hasMoreRuns } from './check-run-pages';
import { conditionalGet, conditionalKey, createConditionalCache } from './conditional-get';
import type { GitHubClient } from './github-client';
import { describeGitHubError, type GitHubProblem } from './github-problem';
import { namedRefsQuery, REFS_PAGE_QUERY, toRemoteCi, type NamedRefs, type RefNode, type RefsPage, type RemoteCi } from './readiness-query';

export interface GitHubRepository {
  readonly owner: string;
  readonly name: string;
}

export interface CiSnapshot {
  readonly branches: ReadonlyMap<string, RemoteCi>;
  /** ISO 8601: when GitHub last answered. */
  readonly fetchedAt: string;
}

export interface RefreshCost {
  /** HTTP requests sent (304s included). */
  readonly requests: number;
  /** Of which answered 304: free against the rate limit. */
  readonly notModified: number;
  /** GraphQL points GitHub reported spending. */
  readonly graphqlPoints: number;
}

export type CiRefreshOutcome =
  | { readonly kind: 'fresh'; readonly snapshot: CiSnapshot; readonly cost: RefreshCost }
  | { readonly kind: 'stale'; readonly snapshot: CiSnapshot | null; readonly problem: GitHubProblem; readonly cost: RefreshCost };

export interface GitHubReadinessOptions {
  readonly now?: () => number;
  /** Completed CI results are asked again after this long; default 10 minutes. */
  readonly recheckCompleteAfterMs?: number;
  /** Branches per targeted GraphQL query; default 50. */
  readonly batchSize?: number;
  /** What an earlier reader of this repository left (github-read-cache.ts: another process, an earlier run). */
  readonly restored?: ReaderState;
}

export interface CachedCi {
  readonly ci: RemoteCi;
  /** Epoch ms: when GitHub last answered about this head. */
  readonly checkedAt: number;
}

/**
 * Everything a reader knows, to start the next one (in another process) where it stopped:
 * per-branch results with their age, and the ETags of the REST probes with the part of
 * their bodies that is used (the branch heads; nothing of the pull requests).
 */
export interface ReaderState {
  readonly fetchedAt: string;
  readonly branches: readonly (readonly [string, CachedCi])[];
  readonly etags: readonly (readonly [string, { readonly etag: string; readonly data: unknown; readonly link?: string | undefined }])[];
}

interface BranchListItem {
  readonly name: string;
  readonly commit: { readonly sha: string };
}

export class GitHubReadinessReader {
  private readonly cache = new Map<string, CachedCi>();
  private readonly etags = createConditionalCache();
  private last: CiSnapshot | null = null;
  private readonly now: () => number;
  private cost = { requests: 0, notModified: 0, graphqlPoints: 0 };

  constructor(
    private readonly client: GitHubClient,
    private readonly repo: GitHubRepository,
    private readonly options: GitHubReadinessOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    const restored = options.restored;
    if (restored !== undefined) {
      for (const [name, cached] of restored.branches) this.cache.set(name, cached);
      for (const [key, entry] of restored.etags) this.etags.entries.set(key, { etag: entry.etag, data: entry.data, link: entry.link });
      this.last = { branches: new Map([...this.cache].map(([name, cached]) => [name, cached.ci])), fetchedAt: restored.fetchedAt };
    }
  }

  /** What the next reader needs to go on from here; null before the first good refresh. */
  state(): ReaderState | null {
    if (this.last === null) return null;
    return { fetchedAt: this.last.fetchedAt, branches: [...this.cache], etags: [...this.etags.entries] };
  }

  get lastSnapshot(): CiSnapshot | null {
    return this.last;
  }

  async refresh(): Promise<CiRefreshOutcome> {
    this.cost = { requests: 0, notModified: 0, graphqlPoints: 0 };
    try {
      if (this.last === null) {
        await Promise.all([this.readAllRefs(), this.probeBranches(), this.probePulls()]);
      } else {
        const [heads, pullsChanged] = await Promise.all([this.probeBranches(), this.probePulls()]);
        if (pullsChanged) {
          this.cache.clear();
          await this.readAllRefs();
        } else {
          await this.readChanged(heads);
        }
      }
      this.last = { branches: new Map([...this.cache].map(([name, cached]) => [name, cached.ci])), fetchedAt: new Date(this.now()).toISOString() };
      return { kind: 'fresh', snapshot: this.last, cost: { ...this.cost } };
    } catch (error) {
      return { kind: 'stale', snapshot: this.last, problem: describeGitHubError(error, this.now), cost: { ...this.cost } };
    }
  }

  /**
   * One branch's CI, pull request and team records (`readiness BRANCH`): one GraphQL query
   * (1 point), nothing else — but for a head with more check suites or runs than the query's
   * first page holds, whose other runs are read page by page (check-run-pages.ts). `ci` is null when GitHub has no branch of this name. Leaves the
   * board's cache as it is.
   */
  async readBranch(name: string): Promise<{ readonly kind: 'fresh'; readonly ci: RemoteCi | null; readonly cost: RefreshCost } | { readonly kind: 'stale'; readonly problem: GitHubProblem; readonly cost: RefreshCost }> {
    this.cost = { requests: 0, notModified: 0, graphqlPoints: 0 };
    try {
      const answer = await this.graphql<NamedRefs>(namedRefsQuery(1), { q0: `refs/heads/${name}` });
      const node = answer.repository?.b0 ?? null;
      if (answer.repository === null || answer.repository === undefined) throw Object.assign(new Error('repository not found'), { status: 404 });
      return { kind: 'fresh', ci: node === null ? null : await this.remoteCi(node), cost: { ...this.cost } };
    } catch (error) {
      return { kind: 'stale', problem: describeGitHubError(error, this.now), cost: { ...this.cost } };
    }
  }

  private async readAllRefs(): Promise<void> {
    const seen = new Set<string>();
    let after: string | null = null;
    do {
      const page: RefsPage = await this.graphql<RefsPage>(REFS_PAGE_QUERY, { after });
      const refs = page.repository?.refs;
      if (refs === undefined) throw Object.assign(new Error('repository not found'), { status: 404 });
      for (const node of refs.nodes) {
        const ci = await this.remoteCi(node);
        if (ci === null) continue;
        seen.add(ci.branch);
        this.cache.set(ci.branch, { ci, checkedAt: this.now() });
      }
      after = refs.pageInfo.hasNextPage ? refs.pageInfo.endCursor : null;
    } while (after !== null);
    for (const name of [...this.cache.keys()]) if (!seen.has(name)) this.cache.delete(name);
  }

  private async readChanged(heads: ReadonlyMap<string, string>): Promise<void> {
    for (const name of [...this.cache.keys()]) if (!heads.has(name)) this.cache.delete(name);
    const recheckAfter = this.options.recheckCompleteAfterMs ?? 10 * 60_000;
    const wanted = [...heads].filter(([name, sha]) => {
      const cached = this.cache.get(name);
      return cached === undefined || cached.ci.sha !== sha || !cached.ci.complete || this.now() - cached.checkedAt >= recheckAfter;
    });
    const size = this.options.batchSize ?? 50;
    const batches = Array.from({ length: Math.ceil(wanted.length / size) }, (_, i) => wanted.slice(i * size, (i + 1) * size).map(([name]) => name));
    for (const names of batches) {
      const variables = Object.fromEntries(names.map((name, i) => [`q${i}`, `refs/heads/${name}`]));
      const answer = await this.graphql<NamedRefs>(namedRefsQuery(names.length), variables);
      for (const [i, name] of names.entries()) {
        const node = answer.repository?.[`b${i}`] ?? null;
        const ci = node === null ? null : await this.remoteCi(node);
        if (ci === null) this.cache.delete(name);
        else this.cache.set(name, { ci, checkedAt: this.now() });
      }
    }
  }

  /**
   * Branch heads from the REST branch list, each page conditional. The pages known from the
   * last read are asked all at once (one round trip, not one per page), later ones in turn.
   */
  private async probeBranches(): Promise<Map<string, string>> {
    const route = 'GET /repos/{owner}/{repo}/branches';
    const params = (page: number) => ({ per_page: 100, page });
    let known = 1;
    while (this.etags.entries.has(conditionalKey(route, { owner: this.repo.owner, repo: this.repo.name, ...params(known + 1) }))) known++;
    const pages = await Promise.all(Array.from({ length: known }, (_, i) => this.get<BranchListItem[]>(route, params(i + 1), keepHeads)));
    const heads = new Map<string, string>();
    for (let page = 1; ; page++) {
      const { data, link } = pages[page - 1] ?? (await this.get<BranchListItem[]>(route, params(page), keepHeads));
      for (const branch of data) heads.set(branch.name, branch.commit.sha);
      // The last page: any page asked beyond it (the list got shorter) is not part of the list.
      if (link === undefined || !/rel="next"/.test(link)) return heads;
    }
  }

  /** Has any open pull request been opened, closed, edited or reviewed since last time? */
  private async probePulls(): Promise<boolean> {
    const { changed } = await this.get<unknown[]>('GET /repos/{owner}/{repo}/pulls', { state: 'open', sort: 'updated', direction: 'desc', per_page: 100 }, () => null);
    return changed;
  }

  private async get<T>(route: string, params: Readonly<Record<string, string | number>>, keep?: (data: unknown) => unknown) {
    this.cost.requests++;
    const result = await conditionalGet<T>(this.client, this.etags, route, { owner: this.repo.owner, repo: this.repo.name, ...params }, keep);
    if (!result.changed) this.cost.notModified++;
    return result;
  }

  /** A head's CI; its check runs read to the last page where its query did not hold them all. */
  private async remoteCi(node: RefNode): Promise<RemoteCi | null> {
    if (!hasMoreRuns(node)) return toRemoteCi(node);
    return toRemoteCi(node, await everyCompletedRun(node, (query, variables, inRepository) => this.graphql(query, variables, inRepository)));
  }

  /** `inRepository`: the query takes the repository's $owner and $name (all but a node(id:) query). */
  private async graphql<T extends { readonly rateLimit: { readonly cost: number } | null }>(query: string, variables: Readonly<Record<string, unknown>>, inRepository = true): Promise<T> {
    this.cost.requests++;
    const answer = await this.client.graphql<T>(query, inRepository ? { owner: this.repo.owner, name: this.repo.name, ...variables } : variables);
    this.cost.graphqlPoints += answer.rateLimit?.cost ?? 0;
    return answer;
  }
}

/** Of a branch list page, what a later 304 needs: each branch's name and head. */
const keepHeads = (data: unknown): BranchListItem[] => (data as BranchListItem[]).map((branch) => ({ name: branch.name, commit: { sha: branch.commit.sha } }));
