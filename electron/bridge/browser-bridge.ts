/**
 * The browser bridge (development and tests only, never packaged): serves the built
 * renderer on 127.0.0.1 and carries the IPC contract over a WebSocket, backed by the same
 * handlers as the Electron main process. The socket accepts only connections that carry
 * this run's random token and come from the bridge's own origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  BRIDGE_CLIENT_PATH,
  BRIDGE_SOCKET_PATH,
  BRIDGE_TOKEN_PARAM,
  type BridgeMessage,
} from '../../shared/ipc/bridge-protocol';
import { BridgeRequestSchema } from './bridge-request';
import { contract, type EventName, type EventPayload } from '../../shared/ipc/contract';
import type { DeepReadonly } from '../../shared/deep-readonly';
import { fail } from '../../shared/ipc/result';
import { dispatch, type Handlers, type InternalErrorLog } from '../ipc/dispatch';
import { redactedJson } from '../services/vault/redact';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { resolvePagePath } from '../security/page-path';

export interface BrowserBridgeOptions {
  readonly rendererDir: string;
  /** The bundled bridge client (dist/bridge/desk-client.js). */
  readonly clientScript: string;
  readonly handlers: Handlers;
  readonly logInternal: InternalErrorLog;
  /** Every token the host knows: scrubbed from every frame the bridge sends (results and events). */
  readonly secrets: () => readonly string[];
  /** Where the bridge reports a socket or stream failure it survived; default console.error. */
  readonly logProblem?: (problem: string) => void;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
}

export interface BrowserBridge {
  /** The page to open, token included. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  push<E extends EventName>(event: E, payload: DeepReadonly<EventPayload<E>>): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The largest frame a client may send. A contract call is a name and a few small arguments
 * (a token is at most 512 characters); a bigger frame is closed with 1009 before it is read.
 */
export const MAX_FRAME_BYTES = 256 * 1024;

export async function startBrowserBridge(options: BrowserBridgeOptions): Promise<BrowserBridge> {
  const token = randomBytes(24).toString('base64url');
  const clientSource = await readFile(options.clientScript, 'utf8');
  const logProblem = options.logProblem ?? ((problem: string) => console.error(`[bridge] ${problem}`));
  let origin = '';
  let allowedHosts: ReadonlySet<string> = new Set();
  let allowedOrigins: ReadonlySet<string> = new Set();

  const server = http.createServer((request, response) => {
    // One broken request or response stream must not take the bridge down.
    request.on('error', (error) => logProblem(`request stream failed: ${error.message}`));
    response.on('error', (error) => logProblem(`response stream failed: ${error.message}`));
    if (!allowedHosts.has(request.headers.host ?? '')) {
      // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still says Host: evil.example.
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Host not allowed\n');
      return;
    }
    void servePage(request, response, options.rendererDir, clientSource).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.on('error', (error) => logProblem(`server error: ${error.message}`));
  server.on('clientError', (error, socket) => {
    logProblem(`bad HTTP request: ${error.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  sockets.on('error', (error) => logProblem(`socket server error: ${error.message}`));
  server.on('upgrade', (request, socket, head) => {
    const failedDuringUpgrade = (error: Error) => logProblem(`socket failed during upgrade: ${error.message}`);
    socket.on('error', failedDuringUpgrade);
    const url = new URL(request.url ?? '/', origin);
    const offered = url.searchParams.get(BRIDGE_TOKEN_PARAM) ?? '';
    if (
      !allowedHosts.has(request.headers.host ?? '') ||
      url.pathname !== BRIDGE_SOCKET_PATH ||
      !allowedOrigins.has(request.headers.origin ?? '') ||
      !sameToken(offered, token)
    ) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      // From here on a reset is a connection's end, not an upgrade's failure (ws closes the socket itself).
      socket.off('error', failedDuringUpgrade);
      socket.on('error', (error) => logProblem(`connection failed: ${error.message}`));
      serveSocket(ws, options, logProblem);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('browser bridge: no TCP address');
  origin = `http://127.0.0.1:${address.port}`;
  allowedHosts = new Set([`127.0.0.1:${address.port}`, `localhost:${address.port}`]);
  allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));

  return {
    url: `${origin}/?${BRIDGE_TOKEN_PARAM}=${token}`,
    origin,
    token,
    push(event, payload) {
      const message: BridgeMessage = { type: 'event', name: event, payload: contract.events[event].parse(payload) };
      const text = redactedJson(message, options.secrets());
      for (const client of sockets.clients) client.send(text);
    },
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveSocket(ws: WebSocket, options: BrowserBridgeOptions, logProblem: (problem: string) => void): void {
  // ws closes the connection itself with the right code (1007 invalid UTF-8, 1009 too big);
  // without a listener the error would be thrown and end the whole process.
  ws.on('error', (error) => logProblem(`connection closed: ${error.message}`));
  ws.on('message', (data) => {
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(String(data));
    } catch {
      ws.close(1003, 'not JSON');
      return;
    }
    const request = BridgeRequestSchema.safeParse(parsedJson);
    if (!request.success) {
      ws.close(1003, 'not a bridge call');
      return;
    }
    const { id, name, args } = request.data;
    void dispatch(options.handlers, name, args, options.logInternal, options.secrets)
      .catch(() => fail('internal', 'The call failed inside Release Desk.'))
      .then((result) => {
        const message: BridgeMessage = { type: 'result', id, result };
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      });
  });
}

async function servePage(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  rendererDir: string,
  clientSource: string,
): Promise<void> {
  const securityHeaders = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, securityHeaders).end();
    return;
  }
  // The raw path, not a URL-normalised one: a request that tries ../ is refused as such
  // instead of being quietly rewritten into the folder.
  const pathname = (request.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
  if (pathname === BRIDGE_CLIENT_PATH) {
    response.writeHead(200, { ...securityHeaders, 'Content-Type': CONTENT_TYPES['.js'] }).end(clientSource);
    return;
  }
  const resolved = resolvePagePath(rendererDir, pathname);
  if (resolved.kind === 'refused') {
    response.writeHead(403, securityHeaders).end();
    return;
  }
  const body = await readFile(resolved.filePath).catch(() => null);
  if (body === null) {
    response.writeHead(404, securityHeaders).end();
    return;
  }
  const extension = path.extname(resolved.filePath);
  const content = extension === '.html' ? withBridgeClient(body.toString('utf8')) : body;
  response
    .writeHead(200, { ...securityHeaders, 'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream' })
    .end(content);
}

/** A classic script runs before the deferred app module, so window.desk exists in time. */
function withBridgeClient(html: string): string {
  const tag = `<script src="${BRIDGE_CLIENT_PATH}"></script>`;
  const at = html.indexOf('<script');
  return at === -1 ? html.replace('</head>', `${tag}</head>`) : html.slice(0, at) + tag + html.slice(at);
}

function sameToken(offered: string, expected: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
