/**
 * Serves the built renderer from app://desk/ (a standard, secure scheme) so pages get a real
 * origin for the sender check and never load from file://. Electron adapter.
 */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { APP_HOST, APP_SCHEME } from './ipc/trusted-sender';
import { CONTENT_SECURITY_POLICY } from './security/csp';
import { resolvePagePath } from './security/page-path';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const resolved = resolvePagePath(rendererDir, url.pathname);
    if (resolved.kind === 'refused') return new Response('Forbidden', { status: 403 });
    const file = await net.fetch(pathToFileURL(resolved.filePath).toString());
    if (!file.ok) return new Response('Not found', { status: 404 });
    const headers = new Headers(file.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(file.body, { status: 200, headers });
  });
}
