/**
 * Faults any fake (GitHub, CircleCI) can be switched into, as routes that answer before the
 * fake's own (routes added later answer first): a service that never answers, one that
 * refuses connections, one that fails every request, rate limits with Retry-After, and
 * 400/422 bodies. Each matches only the requests `when` selects (default: all).
 */
import net from 'node:net';
import type { FakeHttpServer, FakeReply, RecordedRequest } from './fake-http-server';

type Select = (request: RecordedRequest) => boolean;
const everything: Select = () => true;

/** Accepts the request and never answers (the connection stays open until the fake closes). */
export function hang(server: FakeHttpServer, when: Select = everything): void {
  server.route((request) => (when(request) ? new Promise<FakeReply>(() => undefined) : undefined));
}

/** Answers every selected request with this status (500 by default): an outage. */
export function failAlways(server: FakeHttpServer, status = 500, when: Select = everything): void {
  server.route((request) => (when(request) ? { status, body: { message: 'Server Error' } } : undefined));
}

/**
 * The `nth` selected request (1-based) is refused with a 429 and `retry-after`; with
 * `secondary` the body is GitHub's secondary-rate-limit message. Returns when it was sent.
 */
export function rateLimitOnce(server: FakeHttpServer, options: { readonly nth: number; readonly retryAfterSeconds: number; readonly secondary?: boolean; readonly when?: Select }): { readonly sentAt: () => number } {
  let seen = 0;
  let sentAt = 0;
  const when = options.when ?? everything;
  server.route((request) => {
    if (!when(request) || ++seen !== options.nth) return undefined;
    sentAt = Date.now();
    return {
      status: 429,
      headers: { 'retry-after': String(options.retryAfterSeconds) },
      body: {
        message: options.secondary === true ? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' : 'Rate limit exceeded',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      },
    };
  });
  return { sentAt: () => sentAt };
}

/** A 400 or 422 with GitHub's error body shape, e.g. one that echoes part of the request. */
export function badRequest(server: FakeHttpServer, status: 400 | 422, message: string, when: Select = everything): void {
  server.route((request) =>
    when(request) ? { status, body: { message, documentation_url: 'https://docs.github.com/rest', ...(status === 422 ? { errors: [{ resource: 'Request', code: 'invalid', message }] } : {}) } } : undefined,
  );
}

/** An http://127.0.0.1 address where nothing listens: every connection is refused. */
export async function refusingUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${address.port}`;
}
