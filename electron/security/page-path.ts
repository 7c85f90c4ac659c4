/**
 * Maps a request for one of our pages (app://desk/... in Electron, http://127.0.0.1/... in
 * the browser bridge) to a file inside the built renderer folder. Anything that could
 * escape the folder is refused rather than normalised: `..` segments (plain or
 * percent-encoded), backslashes, absolute or drive paths, NUL bytes.
 */
import path from 'node:path';

export type PagePath =
  | { readonly kind: 'file'; readonly filePath: string }
  | { readonly kind: 'refused'; readonly reason: string };

export function resolvePagePath(rootDir: string, urlPathname: string): PagePath {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return { kind: 'refused', reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0')) return { kind: 'refused', reason: 'NUL byte in path' };
  if (decoded.includes('\\')) return { kind: 'refused', reason: 'backslash in path' };
  if (!decoded.startsWith('/')) return { kind: 'refused', reason: 'path must start with /' };
  const relative = decoded.slice(1);
  if (/^[a-zA-Z]:/.test(relative) || relative.startsWith('/')) {
    return { kind: 'refused', reason: 'absolute path' };
  }
  const segments = relative.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    return { kind: 'refused', reason: 'dot segment in path' };
  }
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, relative === '' ? 'index.html' : relative);
  if (filePath !== root && !filePath.startsWith(root + path.sep)) {
    return { kind: 'refused', reason: 'outside the renderer folder' };
  }
  return { kind: 'file', filePath };
}
