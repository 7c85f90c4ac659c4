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
  /** Date.now() when the request arrived (to check nothing was sent during a wait or after an answer). */
  readonly receivedAt: number;
}

export interface FakeReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects are sent as JSON; strings and bytes (Uint8Array) as they are. */
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
  /** Outages: hang, one answer for everything, lost answers, refused connections (see HttpFaults). */
  readonly faults: HttpFaults;
  close(): Promise<void>;
}

/**
 * A whole-service outage, whatever the route. One at a time; `recover()` ends it.
 */
export interface HttpFaults {
  /** Every request waits without an answer until recover(); then it is handled as usual (as if the answer had been slow). */
  hang(): void;
  /** Every request gets this reply (a 500, a 429 with Retry-After, …) without being handled. */
  answer(reply: FakeReply): void;
  /** Every request is handled (its effects happen), then the connection is cut before the answer. */
  loseAnswers(): void;
  /** The server stops listening: connections are refused (ECONNREFUSED) until recover(). */
  refuseConnections(): Promise<void>;
  /** Back to normal on the same port; requests hung until now are handled. */
  recover(): Promise<void>;
  /** Requests that arrived during hang() and are still waiting. */
  readonly hanging: number;
}

export async function startFakeHttpServer(): Promise<FakeHttpServer> {
  const routes: FakeRoute[] = [];
  const requests: RecordedRequest[] = [];
  let latency = 0;
  type Fault = { kind: 'hang' } | { kind: 'answer'; reply: FakeReply } | { kind: 'lose-answers' } | { kind: 'refuse' };
  let fault: Fault | null = null;
  let hung: (() => void)[] = [];
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
          receivedAt: Date.now(),
        };
        requests.push(recorded);
        if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
        if (fault?.kind === 'hang') await new Promise<void>((resolve) => hung.push(resolve));
        let reply: FakeReply | undefined = fault?.kind === 'answer' ? fault.reply : undefined;
        const loseAnswer = fault?.kind === 'lose-answers';
        for (const route of reply === undefined ? [...routes].reverse() : []) {
          reply = await route(recorded);
          if (reply !== undefined) break;
        }
        reply ??= { status: 404, body: { message: 'Not Found' } };
        if (loseAnswer) {
          res.destroy();
          return;
        }
        // Bytes are sent as they are (a compressed body, say).
        const isBytes = reply.body instanceof Uint8Array;
        const isJson = reply.body !== undefined && typeof reply.body !== 'string' && !isBytes;
        res.writeHead(reply.status, {
          ...(isJson ? { 'content-type': 'application/json; charset=utf-8' } : {}),
          ...reply.headers,
        });
        res.end(reply.body === undefined ? undefined : isJson ? JSON.stringify(reply.body) : (reply.body as string | Uint8Array));
      })().catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake server has no port');
  const port = address.port;
  const releaseHung = () => {
    const waiting = hung;
    hung = [];
    for (const resolve of waiting) resolve();
  };
  const faults: HttpFaults = {
    hang: () => {
      fault = { kind: 'hang' };
    },
    answer: (reply) => {
      fault = { kind: 'answer', reply };
    },
    loseAnswers: () => {
      fault = { kind: 'lose-answers' };
    },
    refuseConnections: async () => {
      if (fault?.kind === 'refuse') return;
      fault = { kind: 'refuse' };
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
    recover: async () => {
      const wasRefusing = fault?.kind === 'refuse';
      fault = null;
      releaseHung();
      if (wasRefusing) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    get hanging() {
      return hung.length;
    },
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    route: (route) => routes.push(route),
    setLatency: (ms) => {
      latency = ms;
    },
    faults,
    close: async () => {
      if (fault?.kind === 'refuse') return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
