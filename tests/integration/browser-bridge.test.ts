import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserBridge, type BrowserBridge } from '../../electron/bridge/browser-bridge';
import { createHandlers } from '../../electron/services/handlers';
import { testHandlerDeps } from '../fixtures/handler-deps';
import { BRIDGE_SOCKET_PATH, BRIDGE_TOKEN_PARAM } from '../../shared/ipc/bridge-protocol';

let dir: string;
let bridge: BrowserBridge;
const problems: string[] = [];
const BRIDGE_SECRET = 'ghp_bridgeCanary0123456789abcdef';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bridge-'));
  await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<html><head><script type="module" src="/assets/app.js"></script></head></html>');
  await writeFile(path.join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the renderer folder');
  await writeFile(path.join(dir, 'client.js'), 'window.desk = {}');
  bridge = await startBrowserBridge({
    rendererDir: path.join(dir, 'renderer'),
    clientScript: path.join(dir, 'client.js'),
    handlers: createHandlers(testHandlerDeps({ host: 'browser-bridge', version: '9.9.9', externalHosts: [] })),
    logInternal: () => undefined,
    secrets: () => [BRIDGE_SECRET],
    logProblem: (problem) => problems.push(problem),
  });
});

afterAll(async () => {
  await bridge.close();
  await rm(dir, { recursive: true, force: true });
});

function get(pathname: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    // http.request keeps the path as written (fetch would normalise ../ away).
    const request = http.request(`${bridge.origin}${pathname}`, { path: pathname }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    request.on('error', reject);
    request.end();
  });
}

function connect(options: { token?: string; origin?: string }): Promise<WebSocket> {
  const url = `${bridge.origin.replace('http', 'ws')}${BRIDGE_SOCKET_PATH}?${BRIDGE_TOKEN_PARAM}=${options.token ?? ''}`;
  const socket = new WebSocket(url, { origin: options.origin ?? bridge.origin });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

function call(socket: WebSocket, message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(String(data))));
    socket.send(JSON.stringify(message));
  });
}

describe('browser bridge', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the page with the bridge client first and a strict CSP', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body.indexOf('/__bridge/desk.js')).toBeLessThan(page.body.indexOf('/assets/app.js'));
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2Ftmp'])(
    'refuses to serve %s',
    async (pathname) => {
      const response = await get(pathname);
      expect(response.status).toBe(403);
      expect(response.body).not.toContain('outside the renderer folder');
    },
  );

  it('carries contract calls for a client with the token', async () => {
    const socket = await connect({ token: bridge.token });
    const reply = await call(socket, { type: 'call', id: 1, name: 'app.getInfo', args: [] });
    expect(reply).toEqual({
      type: 'result',
      id: 1,
      result: { ok: true, value: { name: 'Release Desk', version: '9.9.9', host: 'browser-bridge', platform: 'linux' } },
    });
    const refused = await call(socket, { type: 'call', id: 2, name: 'links.openExternal', args: [17] });
    expect(refused).toMatchObject({ id: 2, result: { ok: false, error: { code: 'invalid-argument' } } });
    socket.close();
  });

  it('refuses a socket without the token, with a wrong token, or from another origin', async () => {
    await expect(connect({})).rejects.toThrow('HTTP 403');
    await expect(connect({ token: 'x'.repeat(bridge.token.length) })).rejects.toThrow('HTTP 403');
    await expect(connect({ token: bridge.token, origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('closes a socket that sends something other than a call', async () => {
    const socket = await connect({ token: bridge.token });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('{"type":"exec","command":"id"}');
    expect(await closed).toBe(1003);
  });

  it('pushes contract events to connected clients, validated', async () => {
    const socket = await connect({ token: bridge.token });
    const message = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    bridge.push('workspace.changed', { kind: 'none', hint: 'nothing yet' });
    expect(await message).toEqual({ type: 'event', name: 'workspace.changed', payload: { kind: 'none', hint: 'nothing yet' } });
    expect(() => bridge.push('workspace.changed', { kind: 'bogus' } as never)).toThrow();
    socket.close();
  });

  it('scrubs every known secret from the events it pushes and the replies it sends', async () => {
    const socket = await connect({ token: bridge.token });
    const message = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    bridge.push('workspace.changed', { kind: 'none', hint: `token ${BRIDGE_SECRET} echoed by a service` });
    const text = await message;
    expect(text).toContain('token *** echoed by a service');
    expect(text).not.toContain(BRIDGE_SECRET);
    const reply = JSON.stringify(await call(socket, { type: 'call', id: 3, name: 'links.openExternal', args: [`https://x/${BRIDGE_SECRET}`] }));
    expect(reply).toContain('invalid-argument');
    expect(reply).not.toContain(BRIDGE_SECRET);
    socket.close();
  });
});

describe('browser bridge under bad input', () => {
  /** Sends one frame and resolves with the close code the bridge answered with. */
  async function closeCodeAfter(frame: Buffer): Promise<number> {
    const socket = await connect({ token: bridge.token });
    // The client may still be writing a big frame when the bridge closes: not a test failure.
    socket.on('error', () => undefined);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(frame, { binary: false });
    return closed;
  }

  it('closes a connection sending invalid UTF-8 with 1007, and stays up', async () => {
    expect(await closeCodeAfter(Buffer.from([0xff, 0xfe, 0xfd, 0xfc]))).toBe(1007);
    const socket = await connect({ token: bridge.token });
    expect(await call(socket, { type: 'call', id: 1, name: 'app.getInfo', args: [] })).toMatchObject({ id: 1, result: { ok: true } });
    socket.close();
  });

  it('closes a connection sending a 10 MiB frame with 1009, and stays up', async () => {
    expect(await closeCodeAfter(Buffer.alloc(10 * 1024 * 1024, 0x61))).toBe(1009);
    const socket = await connect({ token: bridge.token });
    expect(await call(socket, { type: 'call', id: 1, name: 'app.getInfo', args: [] })).toMatchObject({ id: 1, result: { ok: true } });
    socket.close();
    expect(problems.join('\n')).toMatch(/UTF-8/i);
    expect(problems.join('\n')).toMatch(/payload|too big|max/i);
  });

  it('names a connection reset after the upgrade as the connection failing, not the upgrade', async () => {
    const socket = await connect({ token: bridge.token });
    const before = problems.length;
    socket.on('error', () => undefined);
    (socket as unknown as { _socket: Socket })._socket.resetAndDestroy();
    await expect.poll(() => problems.slice(before).join('\n'), { timeout: 10_000 }).toMatch(/connection failed: .*ECONNRESET/);
    expect(problems.slice(before).join('\n')).not.toMatch(/during upgrade/);
    const again = await connect({ token: bridge.token });
    expect(await call(again, { type: 'call', id: 1, name: 'app.getInfo', args: [] })).toMatchObject({ id: 1, result: { ok: true } });
    again.close();
  });

  it('refuses pages and sockets asked for under another Host name (DNS rebinding)', async () => {
    const page = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${bridge.origin}/`, { headers: { Host: 'evil.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(page).toBe(403);
    const port = new URL(bridge.origin).port;
    expect((await new Promise<number>((resolve, reject) => {
      const request = http.request(`${bridge.origin}/`, { headers: { Host: `localhost:${port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    }))).toBe(200);

    const url = `${bridge.origin.replace('http', 'ws')}${BRIDGE_SOCKET_PATH}?${BRIDGE_TOKEN_PARAM}=${bridge.token}`;
    const socket = new WebSocket(url, { origin: bridge.origin, headers: { Host: 'evil.example' } });
    const refused = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve('opened'));
      socket.once('unexpected-response', (_request, response) => resolve(`HTTP ${response.statusCode}`));
      socket.once('error', (error) => resolve(`error ${error.message}`));
    });
    expect(refused).toBe('HTTP 403');
  });
});
