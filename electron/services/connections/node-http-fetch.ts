/**
 * fetch over node:http / node:https for the one-shot CLI. Node's own fetch is undici: on
 * Node 20 loading it for one request costs more than the request (issue 11: about 75 ms of a
 * 300 ms `readiness BRANCH`). This covers what the GitHub and CircleCI clients use (see
 * http-fetch.ts), nothing more.
 *
 * - The whole answer is read before the promise resolves, so a caller's timeout signal
 *   covers the body as well as the headers.
 * - Redirects are followed as fetch does (at most 20; 303, and 301/302 after a POST, become a
 *   GET without a body), except that a hop to another origin (scheme, host or port) carries
 *   only the headers in FOREIGN_SAFE_HEADERS: never Authorization, Circle-Token or any other
 *   credential. `redirect: 'error'` refuses any redirect; `'manual'` returns it.
 * - gzip, deflate and br answers are decompressed (node:zlib, loaded only for them).
 * - Failures reject as fetch's do: the signal's reason when it aborts, otherwise a TypeError
 *   "fetch failed" whose cause is the socket error. Neither carries a request header.
 */
import http from 'node:http';
import type { HttpFetch, HttpHeaders, HttpResponse } from './http-fetch';

const MAX_REDIRECTS = 20;
/** Headers a request keeps when a redirect sends it to another origin (no credentials among them). */
const FOREIGN_SAFE_HEADERS = new Set(['accept', 'accept-encoding', 'accept-language', 'content-type', 'user-agent']);

/** Each transport keeps its own keep-alive agents (idle sockets do not keep the process alive). */
export function createNodeHttpFetch(): HttpFetch {
  const httpAgent = new http.Agent({ keepAlive: true });
  // node:https loads TLS: only for an https address (tests and local proxies are plain http).
  let https: Promise<{ readonly request: typeof http.request; readonly agent: unknown }> | null = null;
  const transportFor = (url: URL) => {
    if (url.protocol === 'http:') return { request: http.request, agent: httpAgent };
    https ??= import('node:https').then((module) => ({ request: module.request as typeof http.request, agent: new module.Agent({ keepAlive: true }) }));
    return https;
  };

  return async (address, init = {}) => {
    const signal = init.signal ?? undefined;
    let url = new URL(address);
    let method = (init.method ?? 'GET').toUpperCase();
    let body: string | Uint8Array | null = init.body ?? null;
    let headers = lowerCased(init.headers ?? {});
    headers['accept-encoding'] ??= 'gzip, deflate, br';
    for (let redirects = 0; ; redirects++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('fetch failed', { cause: new Error(`unsupported scheme ${url.protocol}`) });
      const answer = await exchange(url, method, headers, body, await transportFor(url), signal);
      const location = answer.headers.get('location');
      const redirect = [301, 302, 303, 307, 308].includes(answer.status) && location !== null;
      if (!redirect || init.redirect === 'manual') return toResponse(answer, url, redirects > 0);
      if (init.redirect === 'error') throw new TypeError('fetch failed', { cause: new Error(`redirect refused (HTTP ${answer.status})`) });
      if (redirects >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('too many redirects') });
      const next = new URL(location, url);
      if (answer.status === 303 ? method !== 'HEAD' : (answer.status === 301 || answer.status === 302) && method === 'POST') {
        method = 'GET';
        body = null;
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('content-')));
      }
      if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => FOREIGN_SAFE_HEADERS.has(name)));
      url = next;
    }
  };
}

interface RawAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HttpHeaders;
  readonly body: Buffer;
}

function lowerCased(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** One request and its whole answer (decompressed). */
async function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array | null,
  transport: { readonly request: typeof http.request; readonly agent: unknown },
  signal: AbortSignal | undefined,
): Promise<RawAnswer> {
  signal?.throwIfAborted();
  const raw = await new Promise<{ status: number; statusText: string; headers: HttpHeaders; encoding: string; chunks: Buffer[] }>((resolve, reject) => {
    const fail = (error: unknown) => reject(signal?.aborted === true ? signal.reason : new TypeError('fetch failed', { cause: error }));
    const payload = body === null ? null : typeof body === 'string' ? Buffer.from(body) : body;
    const request = transport.request(url, {
      method,
      agent: transport.agent as http.Agent,
      headers: payload === null ? headers : { ...headers, 'content-length': String(payload.byteLength) },
    });
    const onAbort = () => request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    request.on('error', (error) => {
      done();
      fail(error);
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let ended = false;
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => {
        done();
        fail(error);
      });
      // Cut off before the end (no 'error' on every Node version): the answer is incomplete.
      response.on('close', () => {
        done();
        if (!ended) fail(new Error('the connection closed before the answer ended'));
      });
      response.on('end', () => {
        ended = true;
        done();
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          headers: headersOf(response.headers),
          encoding: String(response.headers['content-encoding'] ?? '').trim().toLowerCase(),
          chunks,
        });
      });
    });
    request.end(payload ?? undefined);
  });
  const joined = Buffer.concat(raw.chunks);
  try {
    return { status: raw.status, statusText: raw.statusText, headers: raw.headers, body: await decoded(joined, raw.encoding) };
  } catch (error) {
    throw new TypeError('fetch failed', { cause: error });
  }
}

async function decoded(body: Buffer, encoding: string): Promise<Buffer> {
  if (encoding === '' || encoding === 'identity' || body.byteLength === 0) return body;
  const zlib = await import('node:zlib');
  const { promisify } = await import('node:util');
  if (encoding === 'gzip' || encoding === 'x-gzip') return promisify(zlib.gunzip)(body);
  if (encoding === 'deflate') return promisify(zlib.inflate)(body);
  if (encoding === 'br') return promisify(zlib.brotliDecompress)(body);
  throw new Error(`unsupported content-encoding ${encoding}`);
}

/** Lower-case names, sorted, repeated values joined by ", " (as fetch's Headers iterate). */
function headersOf(incoming: http.IncomingHttpHeaders): HttpHeaders {
  const entries = new Map<string, string>();
  for (const name of Object.keys(incoming).sort()) {
    const value = incoming[name];
    if (value !== undefined) entries.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return {
    get: (name) => entries.get(name.toLowerCase()) ?? null,
    has: (name) => entries.has(name.toLowerCase()),
    forEach: (callback) => entries.forEach((value, name) => callback(value, name)),
    [Symbol.iterator]: () => entries.entries(),
  };
}

function toResponse(answer: RawAnswer, url: URL, redirected: boolean): HttpResponse {
  const text = () => Promise.resolve(answer.body.toString('utf8'));
  return {
    status: answer.status,
    statusText: answer.statusText,
    ok: answer.status >= 200 && answer.status < 300,
    url: url.href,
    redirected,
    headers: answer.headers,
    // Already read: nothing to cancel.
    body: { cancel: () => Promise.resolve() },
    text,
    json: async () => JSON.parse(await text()) as unknown,
    arrayBuffer: () => Promise.resolve(answer.body.buffer.slice(answer.body.byteOffset, answer.body.byteOffset + answer.body.byteLength) as ArrayBuffer),
  };
}
