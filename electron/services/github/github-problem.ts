/**
 * What went wrong talking to GitHub, as an outcome the board can show: a revoked token
 * asks the user to reconnect, a rate limit says when data will refresh, an outage or a
 * timeout keeps the last good data on screen, flagged stale.
 */
export type GitHubProblem =
  | { readonly kind: 'unauthorized'; readonly message: string }
  | { readonly kind: 'rate-limited'; readonly message: string; readonly retryAt: string }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'unavailable'; readonly message: string };

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
  if (status === 401) return { kind: 'unauthorized', message: 'GitHub rejected the token: reconnect GitHub.' };
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
      message: `GitHub rate limit reached; data refreshes at ${retryAt.toISOString().slice(11, 19)} UTC.`,
    };
  }
  const graphqlErrors = (e as { errors?: readonly { type?: string }[] }).errors ?? [];
  if (status === 404 || graphqlErrors.some((graphqlError) => graphqlError.type === 'NOT_FOUND')) return { kind: 'not-found', message: 'GitHub does not know this repository, or the token cannot see it.' };
  if (status === 403) return { kind: 'unauthorized', message: 'GitHub refused access with this token: reconnect GitHub with access to the repository.' };
  if (status !== undefined && status >= 500) return { kind: 'unavailable', message: `GitHub is unavailable (${/did not answer/.test(message) ? message : `HTTP ${status}`}).` };
  return { kind: 'unavailable', message: `GitHub could not be reached: ${message}` };
}

function retryMoment(headers: Readonly<Record<string, string | number | undefined>>, now: () => number): Date {
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return new Date(now() + retryAfter * 1000);
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000);
  return new Date(now() + 60_000);
}
