/**
 * Builds the Octokit every GitHub service uses: the throttling plugin (waits as GitHub
 * tells it on 403/429 rate limits, and says so), the retry plugin (5xx and timeouts, but
 * never a non-idempotent write), a request timeout, a configurable base URL (tests point
 * it at a fake on 127.0.0.1) and a quiet logger. Tokens stay inside this object.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { globalFetch, type HttpFetch, type HttpRequestInit, type HttpResponse } from '../connections/http-fetch';
import { budgetWords, remainingMs, sleep, timeoutSignal, type ServiceBudget } from '../connections/service-budget';

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
  /**
   * A one-shot command's budget: every request, retry wait and rate-limit wait ends with it,
   * retries are abortable waits of our own (the retry plugin's timers cannot be cancelled),
   * and after CIRCUIT_BREAKER_FAILURES failures in a row nothing more is sent.
   */
  readonly budget?: ServiceBudget;
  /**
   * How requests go out; default the global fetch. The one-shot CLI passes a node:http one
   * (connections/node-http-fetch.ts) so undici is never loaded.
   */
  readonly transport?: HttpFetch;
}

/** Failures in a row (5xx, no answer) after which a budgeted client stops asking GitHub. */
export const CIRCUIT_BREAKER_FAILURES = 3;

/**
 * Thrown instead of sending a request while GitHub has asked us to wait (`retry-after`, or
 * the rate limit's reset) for longer than the caller can: a request sent meanwhile only
 * extends the penalty. describeGitHubError reads it as a rate limit.
 */
export class GitHubPauseError extends Error {
  constructor(
    readonly retryAt: Date,
    readonly secondary: boolean,
    why: string,
  ) {
    super(`GitHub asked to wait until ${retryAt.toISOString().slice(11, 19)} UTC${secondary ? ' (secondary rate limit)' : ''}; ${why}`);
    this.name = 'GitHubPauseError';
  }
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
  const budget = options.budget;
  const onLimit = (kind: RateLimitWait['kind']) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    if (retryCount >= 1 || retryAfter > maxWait) return false; // report it instead of waiting
    if (budget !== undefined && (budget.signal.aborted || retryAfter * 1000 > remainingMs(budget, now()))) return false; // past the budget: say so
    options.onRateLimitWait?.({ kind, until: new Date(now() + retryAfter * 1000), request: `${request.method} ${request.url}` });
    return true;
  };
  // Octokit joins paths with a slash of its own: an address saved as …/api/v3/ must not give //repos.
  const baseUrl = (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  const client = new GitHubOctokit({
    auth: options.token,
    baseUrl,
    userAgent: options.userAgent ?? 'release-desk',
    log: options.log ?? QUIET,
    request: {
      fetch: githubFetch({
        transport: options.transport ?? globalFetch,
        tokenOrigin: new URL(baseUrl).origin,
        timeoutMs,
        budget,
        now,
        maxPauseMs: maxWait * 1000,
        retries: options.retries ?? 2,
        retryBaseMs: options.retryBaseMs ?? 1000,
      }),
      ...(budget === undefined ? {} : { signal: budget.signal }),
    },
    // With a budget the retries are githubFetch's own, which the budget's signal cancels.
    retry: { enabled: budget === undefined, retries: options.retries ?? 2, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    throttle: {
      onRateLimit: onLimit('rate-limit'),
      onSecondaryRateLimit: onLimit('secondary-rate-limit'),
      write: serialUnpaced as never,
    },
  });
  client.hook.before('request', (request) => {
    // The retry plugin would repeat a failed POST/PATCH like any GET: a status posted twice
    // is a duplicate the team sees. Writes are retried only where the caller knows it is safe.
    // A fresh object every time: `request.request` may be the client's shared defaults, and the
    // retry plugin writes its retry count there; shared, each later failure waited longer.
    const idempotent = isIdempotentRequest(request.method, request.url, request.data ?? request);
    request.request = { ...request.request, ...(idempotent ? {} : { retries: 0 }) };
  });
  return client;
}

interface GitHubFetchOptions {
  readonly transport: HttpFetch;
  /** The only origin the token is sent to: the API address it was given for. */
  readonly tokenOrigin: string;
  readonly timeoutMs: number;
  readonly budget: ServiceBudget | undefined;
  readonly now: () => number;
  /** Without a budget: a pause longer than this is not waited out but reported. */
  readonly maxPauseMs: number;
  readonly retries: number;
  readonly retryBaseMs: number;
}

/**
 * fetch as every GitHub request goes out: with a per-request timeout; holding every request
 * back while GitHub has asked us to wait (a `retry-after` — GitHub's rule for secondary rate
 * limits is that nothing is sent before it passes — or an exhausted limit's reset), not only
 * the one that was refused; and, with a budget, retrying idempotent requests itself and
 * giving up on GitHub after a few failures in a row.
 */
function githubFetch(options: GitHubFetchOptions): (url: string, init?: HttpRequestInit) => Promise<HttpResponse> {
  const { budget, now, timeoutMs } = options;
  let pause: { until: number; secondary: boolean } = { until: 0, secondary: false };
  let failuresInARow = 0;
  const seconds = Math.round(timeoutMs / 100) / 10;

  const waitOutPause = async (): Promise<void> => {
    const wait = pause.until - now();
    if (wait <= 0) return;
    if (budget !== undefined && wait > remainingMs(budget, now())) throw new GitHubPauseError(new Date(pause.until), pause.secondary, `that is past ${budgetWords(budget)}, so it did not wait`);
    if (budget === undefined && wait > options.maxPauseMs) throw new GitHubPauseError(new Date(pause.until), pause.secondary, 'nothing is sent before then');
    await sleep(wait, budget?.signal);
  };
  const notePause = (response: HttpResponse): void => {
    if (response.status !== 403 && response.status !== 429) return;
    const retryAfter = Number(response.headers.get('retry-after'));
    const reset = Number(response.headers.get('x-ratelimit-reset'));
    let until = 0;
    if (Number.isFinite(retryAfter) && retryAfter > 0) until = now() + retryAfter * 1000;
    else if (response.headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0) until = reset * 1000 + 1000;
    if (until > pause.until) pause = { until, secondary: response.headers.has('retry-after') };
  };
  const backOff = async (attempt: number): Promise<boolean> => {
    const wait = options.retryBaseMs * (attempt + 1) ** 2;
    if (budget === undefined || attempt >= options.retries || failuresInARow >= CIRCUIT_BREAKER_FAILURES || wait > remainingMs(budget, now())) return false;
    await sleep(wait, budget.signal);
    return true;
  };

  return async (url, given) => {
    // An address elsewhere (a `link` header's next page on another host, say) gets no token.
    const init = new URL(url).origin === options.tokenOrigin ? given : withoutCredentials(given);
    const idempotent = isIdempotentRequest(init?.method ?? 'GET', url, parseJson(init?.body));
    for (let attempt = 0; ; attempt++) {
      if (budget !== undefined && failuresInARow >= CIRCUIT_BREAKER_FAILURES) {
        throw new Error(`GitHub failed ${failuresInARow} times in a row; not asked again within ${budgetWords(budget)}`);
      }
      await waitOutPause();
      const { signal, dispose } = timeoutSignal(timeoutMs, init?.signal, budget?.signal);
      const timedOut = () => signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
      let response: HttpResponse;
      try {
        // The timeout covers the wait for an answer; octokit reads the body after we return.
        response = await options.transport(url, { ...init, signal }).finally(dispose);
      } catch (error) {
        if (budget?.signal.aborted) throw new Error(`GitHub did not answer within ${budgetWords(budget)}`, { cause: error });
        failuresInARow++;
        if (idempotent && (await backOff(attempt))) continue;
        if (timedOut()) throw new Error(`GitHub did not answer within ${seconds} s`, { cause: error });
        throw error;
      }
      notePause(response);
      // Told to come back within the budget: come back (waitOutPause holds every request until then).
      const toldToWait = (response.status === 429 || response.status === 403) && response.headers.has('retry-after');
      if (budget !== undefined && toldToWait && idempotent && attempt < options.retries && pause.until - now() <= remainingMs(budget, now())) {
        await response.body?.cancel().catch(() => undefined);
        continue;
      }
      if (response.status < 500) {
        failuresInARow = 0;
        return response;
      }
      failuresInARow++;
      if (!idempotent || !(await backOffAfter(response, () => backOff(attempt)))) return response;
    }
  };
}

function withoutCredentials(init: HttpRequestInit | undefined): HttpRequestInit | undefined {
  if (init?.headers === undefined) return init;
  return { ...init, headers: Object.fromEntries(Object.entries(init.headers).filter(([name]) => !/^(authorization|cookie|proxy-authorization)$/i.test(name))) };
}

/** Drops an answer we will not read before waiting to retry (it would hold the socket). */
async function backOffAfter(response: HttpResponse, backOff: () => Promise<boolean>): Promise<boolean> {
  await response.body?.cancel().catch(() => undefined);
  return backOff();
}

function parseJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
