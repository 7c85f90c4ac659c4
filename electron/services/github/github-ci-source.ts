/**
 * The board's `github-checks` CI source: CI results and open pull requests from GitHub,
 * read by GitHubReadinessReader (GraphQL statusCheckRollup + ETag probes).
 *
 * Usage (main process / CLI only — the token never leaves this object):
 *   const ci = createGitHubCiSource({ owner, repo, baseUrl, token: () => tokens.getToken('github') });
 *   new ReadinessService({ ci, ... });          // ci.read(heads) → CiRead
 *   ci.invalidate();                            // after publishing a commit status: next read re-reads all
 * The token is asked for on every read: none → `failed` ("GitHub is not connected ..."); a
 * different one (reconnected) → a new client and reader. The reader is kept between reads
 * otherwise, so an unchanged repository costs 0 rate limit. Failures are `failed` with a
 * plain reason (and `retryAt` when rate-limited); the board keeps its last good data.
 */
import type { CiFacts } from '../../../shared/readiness/branch-facts';
import type { BranchHead, CiBranchFacts, CiRead, CiSource } from '../readiness/readiness-service';
import { budgetWords, type ServiceBudget, type ServiceHost } from '../connections/service-budget';
import { createGitHubClient, type GitHubClientOptions } from './github-client';
import type { GitHubProblem } from './github-problem';
import type { GitHubReadStore } from './github-read-cache';
import { GitHubReadinessReader, type GitHubReadinessOptions, type ReaderState, type RefreshCost } from './github-readiness';
import type { RemoteCi } from './readiness-query';

export const GITHUB_NOT_CONNECTED = 'GitHub is not connected: connect it in Settings (the CLI reads GITHUB_TOKEN)';
export const GITHUB_TOKEN_REJECTED = 'GitHub rejected the token: reconnect GitHub in Settings';
/** The CLI's words: it reads GITHUB_TOKEN and has no Settings. */
export const CLI_GITHUB_NOT_CONNECTED = 'GITHUB_TOKEN is not set, so GitHub was not asked';
export const CLI_GITHUB_TOKEN_REJECTED = 'GITHUB_TOKEN was refused by GitHub';

export interface GitHubCiSourceOptions {
  readonly owner: string;
  readonly repo: string;
  /** The API root, e.g. https://api.github.com or https://HOST/api/v3 (tests: the fake). */
  readonly baseUrl: string;
  /** The current token (vault or GITHUB_TOKEN), or null when GitHub is not connected. */
  readonly token: () => Promise<string | null>;
  readonly now?: () => Date;
  /** Client tuning (timeouts, retries, rate-limit waits and their notice). */
  readonly client?: Omit<GitHubClientOptions, 'token' | 'baseUrl' | 'now'>;
  /** Reader tuning (recheck interval of completed results, batch size). */
  readonly reader?: Omit<GitHubReadinessOptions, 'now'>;
  /** A one-shot command's budget (the CLI): every request ends with it. */
  readonly budget?: ServiceBudget;
  /** Whose words the reasons are in; default the app's. */
  readonly host?: ServiceHost;
  /**
   * Where the reader's state is kept between processes (github-read-cache.ts): a new reader
   * starts from it, and each good read is saved to it. A store that fails costs requests only.
   */
  readonly store?: GitHubReadStore;
}

export interface GitHubCiSource extends CiSource {
  /** Forget what was read (ETags, per-SHA cache): the next read asks GitHub about everything. */
  invalidate(): void;
  /** What the last read cost (requests, 304s, GraphQL points); null before the first. */
  readonly lastCost: RefreshCost | null;
}

export function createGitHubCiSource(options: GitHubCiSourceOptions): GitHubCiSource {
  const now = options.now ?? (() => new Date());
  const nowMs = () => now().getTime();
  let current: { readonly token: string; readonly reader: GitHubReadinessReader } | null = null;
  let lastCost: RefreshCost | null = null;
  // The reader is not re-entrant (it counts its cost per refresh): reads take turns.
  let tail: Promise<unknown> = Promise.resolve();
  // After invalidate(), the next reader starts empty rather than from the store.
  let restore = true;
  // What the store holds (but for when it was read): a read that learnt nothing new writes nothing.
  let stored: string | null = null;
  const contentOf = (state: ReaderState) => JSON.stringify([state.branches, state.etags]);

  const readerFor = async (token: string): Promise<GitHubReadinessReader> => {
    if (current?.token !== token) {
      const client = createGitHubClient({ ...options.client, token, baseUrl: options.baseUrl, now: nowMs, budget: options.budget });
      const restored = restore ? await loadQuietly(options.store) : null;
      stored = restored === null ? null : contentOf(restored);
      restore = true;
      const reader = new GitHubReadinessReader(client, { owner: options.owner, name: options.repo }, { ...options.reader, now: nowMs, ...(restored === null ? {} : { restored }) });
      current = { token, reader };
    }
    return current.reader;
  };

  const readOnce = async (heads: readonly BranchHead[]): Promise<CiRead> => {
    const token = (await options.token().catch(() => null))?.trim() ?? '';
    if (token === '') {
      current = null; // a later token, even the same one, starts afresh
      return { kind: 'failed', reason: options.host === 'cli' ? CLI_GITHUB_NOT_CONNECTED : GITHUB_NOT_CONNECTED, retryAt: null };
    }
    const reader = await readerFor(token);
    const outcome = await reader.refresh();
    lastCost = outcome.cost;
    const state = outcome.kind === 'fresh' ? reader.state() : null;
    if (state !== null && options.store !== undefined && contentOf(state) !== stored) {
      stored = contentOf(state);
      await options.store.save(state).catch((error: unknown) => console.error('[readiness] could not keep GitHub reads on disk:', error));
    }
    if (outcome.kind === 'stale') {
      const slug = `${options.owner}/${options.repo}`;
      return options.host === 'cli' ? cliFailedRead(outcome.problem, slug, options.budget) : failedRead(outcome.problem, slug);
    }
    return { kind: 'ok', branches: new Map(heads.map((head) => [head.name, branchFacts(outcome.snapshot.branches.get(head.name))])) };
  };

  const readBranch = async (name: string): Promise<CiRead> => {
    const token = (await options.token().catch(() => null))?.trim() ?? '';
    if (token === '') return { kind: 'failed', reason: options.host === 'cli' ? CLI_GITHUB_NOT_CONNECTED : GITHUB_NOT_CONNECTED, retryAt: null };
    const client = createGitHubClient({ ...options.client, token, baseUrl: options.baseUrl, now: nowMs, budget: options.budget });
    const outcome = await new GitHubReadinessReader(client, { owner: options.owner, name: options.repo }, { ...options.reader, now: nowMs }).readBranch(name);
    lastCost = outcome.cost;
    if (outcome.kind === 'stale') {
      const slug = `${options.owner}/${options.repo}`;
      return options.host === 'cli' ? cliFailedRead(outcome.problem, slug, options.budget) : failedRead(outcome.problem, slug);
    }
    return { kind: 'ok', branches: new Map([[name, branchFacts(outcome.ci ?? undefined)]]) };
  };

  return {
    read(heads) {
      const run = tail.then(() => readOnce(heads));
      tail = run.catch(() => undefined);
      return run;
    },
    readByName(name) {
      const run = tail.then(() => readBranch(name));
      tail = run.catch(() => undefined);
      return run;
    },
    invalidate() {
      current = null;
      restore = false;
    },
    get lastCost() {
      return lastCost;
    },
  };
}

async function loadQuietly(store: GitHubReadStore | undefined) {
  if (store === undefined) return null;
  return store.load().catch((error: unknown) => {
    console.error('[readiness] the GitHub reads kept on disk cannot be used; reading afresh:', error);
    return null;
  });
}

function branchFacts(remote: RemoteCi | undefined): CiBranchFacts {
  if (remote === undefined) {
    // Git knows the branch but GitHub does not (deleted there, or pushed to another remote).
    return { ci: { kind: 'unavailable', reason: 'GitHub has no branch of this name' }, pullRequest: null };
  }
  const ci: CiFacts = { kind: 'reported', sha: remote.sha, checks: remote.checks };
  return { ci, pullRequest: remote.pullRequest, team: remote.team, ...(remote.runHistory === undefined ? {} : { runHistory: remote.runHistory }) };
}

/** The reader's problem as the board's words: what happened and what to do about it. */
export function failedRead(problem: GitHubProblem, slug: string): Extract<CiRead, { kind: 'failed' }> {
  switch (problem.kind) {
    case 'unauthorized':
      // 401: the token is revoked or expired. 403 (not a rate limit): it cannot see the repository.
      return {
        kind: 'failed',
        retryAt: null,
        reason: problem.message.startsWith('GitHub rejected the token')
          ? GITHUB_TOKEN_REJECTED
          : `GitHub refused access to ${slug} with this token: reconnect GitHub in Settings with access to the repository`,
      };
    case 'rate-limited':
      return { kind: 'failed', reason: withoutFullStop(problem.message), retryAt: problem.retryAt };
    case 'not-found':
      return { kind: 'failed', reason: `GitHub does not know ${slug}, or the token cannot see it: check repository.github in release-desk.yml`, retryAt: null };
    case 'unavailable':
      return { kind: 'failed', reason: withoutFullStop(problem.message), retryAt: null };
  }
}

/**
 * The same problems in a one-shot command's words: the token is GITHUB_TOKEN, there is no
 * Settings to visit and no later refresh to promise, only when GitHub will answer again.
 */
export function cliFailedRead(problem: GitHubProblem, slug: string, budget?: ServiceBudget): Extract<CiRead, { kind: 'failed' }> {
  switch (problem.kind) {
    case 'unauthorized':
      return {
        kind: 'failed',
        retryAt: null,
        reason: problem.refused === 'repository' ? `GITHUB_TOKEN was refused access to ${slug} by GitHub` : CLI_GITHUB_TOKEN_REJECTED,
      };
    case 'rate-limited': {
      const until = `${problem.retryAt.slice(11, 19)} UTC`;
      const limit = problem.secondary === true ? 'GitHub\'s secondary rate limit' : 'GitHub\'s rate limit';
      const pastBudget = budget !== undefined && Date.parse(problem.retryAt) > budget.deadline;
      return {
        kind: 'failed',
        retryAt: problem.retryAt,
        reason: pastBudget ? `${limit} asks to wait until ${until}, past ${budgetWords(budget)}; not waiting` : `${limit} was reached; it lets requests through again at ${until}`,
      };
    }
    case 'not-found':
      return { kind: 'failed', reason: `GitHub does not know ${slug}, or GITHUB_TOKEN cannot see it: check repository.github in release-desk.yml`, retryAt: null };
    case 'unavailable':
      return { kind: 'failed', reason: withoutFullStop(problem.message), retryAt: null };
  }
}

const withoutFullStop = (text: string) => text.replace(/\.$/, '');
