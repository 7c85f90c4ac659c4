/**
 * GET with `If-None-Match`: GitHub answers 304 when nothing changed, and a 304 to an
 * authorised request does not count against the rate limit. Octokit reports a 304 as an
 * error; here it means "use what we have".
 */
import type { GitHubClient } from './github-client';

export interface ConditionalCache {
  readonly entries: Map<string, { readonly etag: string; readonly data: unknown; readonly link: string | undefined }>;
}

export const createConditionalCache = (): ConditionalCache => ({ entries: new Map() });

export interface ConditionalResult<T> {
  readonly data: T;
  /** False when GitHub answered 304 (free). */
  readonly changed: boolean;
  /** The Link header (pagination) of the answer the data came from. */
  readonly link: string | undefined;
}

/** The cache key of a GET: its route and parameters. */
export const conditionalKey = (route: string, params: Readonly<Record<string, string | number>>) => `${route} ${JSON.stringify(params)}`;

export async function conditionalGet<T>(
  client: GitHubClient,
  cache: ConditionalCache,
  route: string,
  params: Readonly<Record<string, string | number>>,
  /** What of the body to keep for a later 304 (default all of it): a cache on disk keeps only what is used. */
  keep: (data: unknown) => unknown = (data) => data,
): Promise<ConditionalResult<T>> {
  const key = conditionalKey(route, params);
  const cached = cache.entries.get(key);
  try {
    const response = await client.request(route, { ...params, headers: cached === undefined ? {} : { 'if-none-match': cached.etag } });
    const etag = response.headers.etag;
    const link = response.headers.link;
    if (typeof etag === 'string') cache.entries.set(key, { etag, data: keep(response.data), link });
    return { data: response.data as T, changed: true, link };
  } catch (error) {
    if (cached !== undefined && (error as { status?: number }).status === 304) return { data: cached.data as T, changed: false, link: cached.link };
    throw error;
  }
}
