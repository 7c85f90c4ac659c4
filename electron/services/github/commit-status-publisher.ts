/**
 * Publishes Release Desk's own results as GitHub commit statuses on the tested SHA, so
 * teammates and CI see them: `release-desk/local-tests` (success/failure) and
 * `release-desk/manual-testing` (success once signed off).
 *
 * Usage (main process / CLI only — the token never leaves this object):
 *   const publisher = createCommitStatusPublisher({ repository: parseGitHubSlug(config.repository.github),
 *     baseUrl, token: () => tokens.getToken('github') });
 *   await publisher.publishLocalTests({ sha, outcome: 'passed', durationMs: 12_000, machineOf: 'alice' });
 *   await publisher.publishSignOff({ sha, by: 'carol', items: ['login', 'checkout', 'refund'] });
 * Each call is one POST, never retried (a write); the outcome is `published` or `kept-local`
 * with a plain reason (not connected, no repository.github, GitHub's own error words) — a
 * result that could not be published still counts locally. Descriptions are cut to 140 characters.
 */
import { createGitHubClient, type GitHubClientOptions } from './github-client';
import { publishedRunsTally } from '../../../shared/readiness/published-runs';
import type { RunOutcome } from '../../../shared/readiness/run-history';

export const LOCAL_TESTS_CONTEXT = 'release-desk/local-tests';
export const MANUAL_TESTING_CONTEXT = 'release-desk/manual-testing';
/** GitHub rejects longer commit status descriptions. */
export const MAX_STATUS_DESCRIPTION = 140;

export type PublishOutcome =
  | { readonly kind: 'published'; readonly context: string; readonly url?: string }
  | { readonly kind: 'kept-local'; readonly reason: string };

export interface CommitStatus {
  readonly sha: string;
  readonly context: string;
  readonly state: 'success' | 'failure' | 'error' | 'pending';
  /** Cut to 140 characters. */
  readonly description: string;
  /** The page the status links to, if there is one. */
  readonly targetUrl?: string;
}

export interface LocalTestsStatus {
  readonly sha: string;
  readonly outcome: 'passed' | 'failed';
  readonly durationMs: number;
  /** Whose machine ran them: a GitHub login, a git e-mail or a user name. */
  readonly machineOf: string;
  readonly targetUrl?: string;
  /** This machine's runs on `sha`, oldest first, this one last: published as a tally when they disagree. */
  readonly runsOnCommit?: readonly RunOutcome[];
}

export interface SignOffStatus {
  readonly sha: string;
  readonly by: string;
  readonly items: readonly string[];
  readonly targetUrl?: string;
}

export interface CommitStatusPublisherOptions {
  /** From release-desk.yml's repository.github (see parseGitHubSlug); null when absent. */
  readonly repository: { readonly owner: string; readonly repo: string } | null;
  readonly baseUrl: string;
  /** The current token (vault or GITHUB_TOKEN), or null when GitHub is not connected. */
  readonly token: () => Promise<string | null>;
  readonly now?: () => Date;
  /** Client tuning (timeout, rate-limit waits). Retries never apply: a POST is not retried. */
  readonly client?: Omit<GitHubClientOptions, 'token' | 'baseUrl' | 'now' | 'retries'>;
}

export interface CommitStatusPublisher {
  publish(status: CommitStatus): Promise<PublishOutcome>;
  publishLocalTests(result: LocalTestsStatus): Promise<PublishOutcome>;
  publishSignOff(signOff: SignOffStatus): Promise<PublishOutcome>;
}

export function createCommitStatusPublisher(options: CommitStatusPublisherOptions): CommitStatusPublisher {
  const now = options.now ?? (() => new Date());
  let current: { readonly token: string; readonly client: ReturnType<typeof createGitHubClient> } | null = null;
  const clientFor = (token: string) => {
    if (current?.token !== token) {
      current = { token, client: createGitHubClient({ ...options.client, token, baseUrl: options.baseUrl, retries: 0, now: () => now().getTime() }) };
    }
    return current.client;
  };

  const publish = async (status: CommitStatus): Promise<PublishOutcome> => {
    const repository = options.repository;
    if (repository === null) return { kind: 'kept-local', reason: 'no repository.github in release-desk.yml' };
    const token = (await options.token().catch(() => null))?.trim() ?? '';
    if (token === '') return { kind: 'kept-local', reason: 'GitHub is not connected' };
    try {
      const { data } = await clientFor(token).rest.repos.createCommitStatus({
        owner: repository.owner,
        repo: repository.repo,
        sha: status.sha,
        state: status.state,
        context: status.context,
        description: truncateDescription(status.description),
        ...(status.targetUrl === undefined ? {} : { target_url: status.targetUrl }),
      });
      return { kind: 'published', context: status.context, ...(typeof data.url === 'string' ? { url: data.url } : {}) };
    } catch (error) {
      return { kind: 'kept-local', reason: describePublishError(error) };
    }
  };

  return {
    publish,
    publishLocalTests: (result) =>
      publish({
        sha: result.sha,
        context: LOCAL_TESTS_CONTEXT,
        state: result.outcome === 'passed' ? 'success' : 'failure',
        // The tally goes before the machine's name, which may be long: a cut at 140 characters never loses it.
        description: `Local tests ${result.outcome} in ${formatDuration(result.durationMs)}${tallyOf(result.runsOnCommit)} on ${result.machineOf}'s machine`,
        ...(result.targetUrl === undefined ? {} : { targetUrl: result.targetUrl }),
      }),
    publishSignOff: (signOff) =>
      publish({
        sha: signOff.sha,
        context: MANUAL_TESTING_CONTEXT,
        state: 'success',
        description:
          signOff.items.length === 0
            ? `Signed off by ${signOff.by}`
            : `Signed off by ${signOff.by}: ${signOff.items.length} checklist item${signOff.items.length === 1 ? '' : 's'}`,
        ...(signOff.targetUrl === undefined ? {} : { targetUrl: signOff.targetUrl }),
      }),
  };
}

/** `owner/name` from release-desk.yml (already validated by the config schema), or null. */
export function parseGitHubSlug(slug: string | undefined): { readonly owner: string; readonly repo: string } | null {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(slug?.trim() ?? '');
  return match === null ? null : { owner: match[1] ?? '', repo: match[2] ?? '' };
}

/** At most 140 characters (code points, so an emoji is never cut in half), marked with "…". */
export function truncateDescription(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_STATUS_DESCRIPTION ? text : `${chars.slice(0, MAX_STATUS_DESCRIPTION - 1).join('')}…`;
}

/** "850 ms", "12 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  return minutes % 60 === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** GitHub's own words for why the status was refused, or why it could not be sent. */
function describePublishError(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    readonly status?: number;
    readonly message?: string;
    readonly response?: { readonly data?: unknown };
  };
  const data = (typeof e.response?.data === 'object' && e.response.data !== null ? e.response.data : {}) as {
    readonly message?: unknown;
    readonly errors?: readonly { readonly message?: unknown }[];
  };
  if (e.response === undefined) {
    // No answer at all (Octokit reports it as a 500 without a response): a timeout
    // ("GitHub did not answer within 10 s") or a network failure.
    const message = e.message ?? String(error);
    return /did not answer/.test(message) ? message : `GitHub could not be reached: ${message}`;
  }
  const details = (Array.isArray(data.errors) ? data.errors : []).map((item) => item.message).filter((m): m is string => typeof m === 'string' && m !== '');
  const said = [typeof data.message === 'string' ? data.message : '', ...details].filter((part) => part !== '').join(': ');
  const status = e.status ?? 0;
  if (status === 401) return `GitHub rejected the token (${said || 'HTTP 401'}): reconnect GitHub in Settings`;
  return said === '' ? `GitHub answered HTTP ${status}` : `GitHub answered HTTP ${status}: ${said}`;
}

function tallyOf(outcomes: readonly RunOutcome[] | undefined): string {
  const tally = outcomes === undefined ? '' : publishedRunsTally(outcomes);
  return tally === '' ? '' : ` ${tally}`;
}
