import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
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
});
