import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Electron's protocol module is stubbed: we capture the app:// handler and call it with
// requests as Chromium would; net.fetch reads the file it is given.
let handler: ((request: Request) => Promise<Response>) | undefined;
const privileged: unknown[] = [];

vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => privileged.push(...schemes),
    handle: (_scheme: string, fn: (request: Request) => Promise<Response>) => {
      handler = fn;
    },
  },
  net: {
    fetch: async (url: string) => {
      try {
        return new Response(await readFile(fileURLToPath(url)), { status: 200 });
      } catch {
        return new Response(null, { status: 404 });
      }
    },
  },
}));

const { registerAppScheme, serveRenderer } = await import('../../../electron/app-protocol');

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'app-protocol-'));
  await mkdir(path.join(root, 'renderer'));
  await writeFile(path.join(root, 'renderer', 'index.html'), '<html></html>');
  await writeFile(path.join(root, 'secret.txt'), 'secret');
  registerAppScheme();
  serveRenderer(path.join(root, 'renderer'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const get = (url: string) => {
  if (handler === undefined) throw new Error('no handler registered');
  return handler(new Request(url));
};

describe('app:// protocol', () => {
  it('is registered as a standard, secure scheme', () => {
    expect(privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serves the renderer with the CSP and nosniff headers', async () => {
    const response = await get('app://desk/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<html></html>');
    expect(response.headers.get('content-security-policy')).toContain("object-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses traversal and other hosts', async () => {
    // WHATWG URL parsing already folds plain ../ away; encoded forms reach the resolver.
    expect((await get('app://desk/%2e%2e%2fsecret.txt')).status).toBe(403);
    expect((await get('app://desk/..%2fsecret.txt')).status).toBe(403);
    expect((await get('app://desk/../secret.txt')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
  });
});
