/**
 * Builds the Octokit every GitHub service uses: the throttling plugin (waits as GitHub
 * tells it on 403/429 rate limits, and says so), the retry plugin (5xx and timeouts, but
 * never a non-idempotent write), a request timeout, a configurable base URL (tests point
 * it at a fake on 127.0.0.1) and a quiet logger. Tokens stay inside this object.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

const GitHubOctokit = Octokit.plugin(throttling, retry);
/** The plugins add behaviour, not API: callers see a plain Octokit. */
export type GitHubClient = Octokit;

export interface RateLimitWait {
  readonly kind: 'rate-limit' | 'secondary-rate-limit';
  /** When the request will be retried: the moment data refreshes again. */
  readonly until: Date;
  readonly request: string;
}

export interface GitHubClientOptions {
  readonly token: string;
  /** Default https://api.github.com. */
  readonly baseUrl?: string;
  /** Per request; default 10 s. A timeout counts as "GitHub unavailable". */
  readonly timeoutMs?: number;
  /** Retries of failed idempotent requests (5xx, timeouts); default 2. */
  readonly retries?: number;
  /** The retry plugin waits retryBase × n² ms before retry n; default 1000. */
  readonly retryBaseMs?: number;
  /** Rate-limit waits longer than this are not waited out but reported; default 60 s. */
  readonly maxRateLimitWaitSeconds?: number;
  /** Told before every rate-limit wait, so the UI can say when data will refresh. */
  readonly onRateLimitWait?: (wait: RateLimitWait) => void;
  readonly log?: { debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void };
  readonly userAgent?: string;
  readonly now?: () => number;
}

const QUIET = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * GraphQL queries are POSTs but read-only, so GitHub asks no pacing for them; the
 * throttling plugin nevertheless queues them with writes (one per second). A read client
 * keeps them serial — GitHub asks for serial requests per token — without the pause. This
 * duck-types the one method the plugin calls on its `write` group.
 */
const serialUnpaced = (() => {
  let tail: Promise<unknown> = Promise.resolve();
  const limiter = {
    schedule: <T>(_options: unknown, task: () => Promise<T>): Promise<T> => {
      const run = tail.then(task, task);
      tail = run.catch(() => undefined);
      return run;
    },
  };
  return { key: () => limiter };
})();

/** GET/HEAD/PUT/DELETE are idempotent by HTTP's rules; a GraphQL query (not mutation) is too. */
export function isIdempotentRequest(method: string, url: string, body: unknown): boolean {
  const verb = method.toUpperCase();
  if (verb === 'GET' || verb === 'HEAD' || verb === 'PUT' || verb === 'DELETE') return true;
  if (verb === 'POST' && url.replace(/\?.*$/, '').endsWith('/graphql')) {
    const query = typeof body === 'object' && body !== null && 'query' in body ? String((body as { query: unknown }).query) : '';
    return !/^\s*mutation\b/.test(query);
  }
  return false;
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxWait = options.maxRateLimitWaitSeconds ?? 60;
  const onLimit = (kind: RateLimitWait['kind']) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    if (retryCount >= 1 || retryAfter > maxWait) return false; // report it instead of waiting
    options.onRateLimitWait?.({ kind, until: new Date(now() + retryAfter * 1000), request: `${request.method} ${request.url}` });
    return true;
  };
  const client = new GitHubOctokit({
    auth: options.token,
    // Octokit joins paths with a slash of its own: an address saved as …/api/v3/ must not give //repos.
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: options.userAgent ?? 'release-desk',
    log: options.log ?? QUIET,
    request: { fetch: fetchWithTimeout(timeoutMs) },
    retry: { retries: options.retries ?? 2, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    throttle: {
      onRateLimit: onLimit('rate-limit'),
      onSecondaryRateLimit: onLimit('secondary-rate-limit'),
      write: serialUnpaced as never,
    },
  });
  client.hook.before('request', (request) => {
    // The retry plugin would repeat a failed POST/PATCH like any GET: a status posted twice
    // is a duplicate the team sees. Writes are retried only where the caller knows it is safe.
    // A fresh object: `request.request` may be the client's shared defaults.
    if (!isIdempotentRequest(request.method, request.url, request.data ?? request)) request.request = { ...request.request, retries: 0 };
  });
  return client;
}

function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await fetch(input, { ...init, signal });
    } catch (error) {
      if (timeout.aborted) throw new Error(`GitHub did not answer within ${Math.round(timeoutMs / 100) / 10} s`, { cause: error });
      throw error;
    }
  };
}
