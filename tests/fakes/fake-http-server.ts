/**
 * A real HTTP server on 127.0.0.1 (random port) standing in for a third-party API in
 * tests. Routes are plain functions; every request is recorded so tests can assert what
 * the client really sent (and how often).
 */
import http from 'node:http';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects are sent as JSON. */
  readonly body?: unknown;
}

export type FakeRoute = (request: RecordedRequest) => FakeReply | Promise<FakeReply> | undefined;

export interface FakeHttpServer {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Routes are tried newest first; the first that returns a reply answers. */
  route(route: FakeRoute): void;
  /** Delay every reply (simulated network latency). */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export async function startFakeHttpServer(): Promise<FakeHttpServer> {
  const routes: FakeRoute[] = [];
  const requests: RecordedRequest[] = [];
  let latency = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        requests.push(recorded);
        if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
        let reply: FakeReply | undefined;
        for (const route of [...routes].reverse()) {
          reply = await route(recorded);
          if (reply !== undefined) break;
        }
        reply ??= { status: 404, body: { message: 'Not Found' } };
        const isJson = reply.body !== undefined && typeof reply.body !== 'string';
        res.writeHead(reply.status, {
          ...(isJson ? { 'content-type': 'application/json; charset=utf-8' } : {}),
          ...reply.headers,
        });
        res.end(reply.body === undefined ? undefined : isJson ? JSON.stringify(reply.body) : (reply.body as string));
      })().catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    route: (route) => routes.push(route),
    setLatency: (ms) => {
      latency = ms;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
