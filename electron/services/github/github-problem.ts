/**
 * What went wrong talking to GitHub, as an outcome the board can show: a revoked token
 * asks the user to reconnect, a rate limit says when data will refresh, an outage or a
 * timeout keeps the last good data on screen, flagged stale.
 *
 * `kind` and its facts (`refused`, `retryAt`, `secondary`) are what happened; `message` is
 * the app's wording of it. A host that speaks differently (the CLI has no Settings and no
 * later refresh) words it from the facts: see github-ci-source.ts, failedRead.
 */
export type GitHubProblem =
  | { readonly kind: 'unauthorized'; readonly message: string; readonly refused?: 'token' | 'repository' }
  | { readonly kind: 'rate-limited'; readonly message: string; readonly retryAt: string; readonly secondary?: boolean }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'unavailable'; readonly message: string };

import { GitHubPauseError } from './github-client';

interface ErrorLike {
  readonly status?: number;
  readonly message?: string;
  readonly response?: { readonly headers?: Readonly<Record<string, string | number | undefined>>; readonly data?: unknown };
}

export function describeGitHubError(error: unknown, now: () => number = Date.now): GitHubProblem {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const headers = e.response?.headers ?? {};
  const message = e.message ?? String(error);
  const pause = pauseIn(error);
  if (pause !== null) {
    return { kind: 'rate-limited', retryAt: pause.retryAt.toISOString(), secondary: pause.secondary, message: `GitHub rate limit reached; data refreshes at ${pause.retryAt.toISOString().slice(11, 19)} UTC.` };
  }
  if (status === 401) return { kind: 'unauthorized', refused: 'token', message: 'GitHub rejected the token: reconnect GitHub.' };
  const graphqlRateLimited = /GraphQL Rate Limit Exceeded/i.test(message);
  const rateLimited =
    graphqlRateLimited ||
    status === 429 ||
    (status === 403 && (String(headers['x-ratelimit-remaining']) === '0' || headers['retry-after'] !== undefined || /rate limit/i.test(message)));
  if (rateLimited) {
    const retryAt = retryMoment(headers, now);
    return {
      kind: 'rate-limited',
      retryAt: retryAt.toISOString(),
      secondary: headers['retry-after'] !== undefined || /secondary rate/i.test(message),
      message: `GitHub rate limit reached; data refreshes at ${retryAt.toISOString().slice(11, 19)} UTC.`,
    };
  }
  const graphqlErrors = (e as { errors?: readonly { type?: string }[] }).errors ?? [];
  if (status === 404 || graphqlErrors.some((graphqlError) => graphqlError.type === 'NOT_FOUND')) return { kind: 'not-found', message: 'GitHub does not know this repository, or the token cannot see it.' };
  if (status === 403) return { kind: 'unauthorized', refused: 'repository', message: 'GitHub refused access with this token: reconnect GitHub with access to the repository.' };
  // Octokit reports a request that got no answer at all (refused, timed out, given up on) as
  // status 500 with the fetch failure as its cause and no response.
  const noAnswer = e.response === undefined && (e as { cause?: unknown }).cause !== undefined;
  if (noAnswer && /did not answer|in a row/.test(message)) return { kind: 'unavailable', message: `${message}.` };
  if (status !== undefined && status >= 500 && !noAnswer) return { kind: 'unavailable', message: `GitHub is unavailable (${/did not answer/.test(message) ? message : `HTTP ${status}`}).` };
  // GitHub answered, and refused the request as malformed (400, 422): it was reached.
  if (status !== undefined && status >= 400 && status < 500 && !noAnswer) return { kind: 'unavailable', message: `GitHub refused the request (HTTP ${status}): ${message.replace(/ - https:\/\/\S+$/, '')}` };
  return { kind: 'unavailable', message: `GitHub could not be reached: ${message}` };
}

function retryMoment(headers: Readonly<Record<string, string | number | undefined>>, now: () => number): Date {
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return new Date(now() + retryAfter * 1000);
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000);
  return new Date(now() + 60_000);
}

/** The GitHubPauseError (github-client.ts) behind an error, if any: octokit wraps what fetch throws. */
function pauseIn(error: unknown): { readonly retryAt: Date; readonly secondary: boolean } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof GitHubPauseError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
