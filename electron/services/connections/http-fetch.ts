/**
 * The part of `fetch` the GitHub and CircleCI clients use, as a type: the global fetch
 * satisfies it, and so does the one-shot CLI's node:http transport (node-http-fetch.ts),
 * which never loads undici.
 */
export interface HttpHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
  forEach(callback: (value: string, name: string) => void): void;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}

export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  /** The address that answered (after redirects). */
  readonly url: string;
  readonly redirected: boolean;
  readonly headers: HttpHeaders;
  readonly body: { cancel(): Promise<void> } | null;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface HttpRequestInit {
  readonly method?: string;
  /** Octokit and the CircleCI client pass a plain record; every value a string. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array | null;
  readonly signal?: AbortSignal | null;
  /** As fetch: follow (default), error, or manual (the 3xx answer is returned as it is). */
  readonly redirect?: 'follow' | 'error' | 'manual';
}

export type HttpFetch = (url: string, init?: HttpRequestInit) => Promise<HttpResponse>;

/** The global fetch (undici): what the app uses. Read at call time, so undici loads only when a request goes out this way. */
export const globalFetch: HttpFetch = (url, init) => fetch(url, init as RequestInit);
