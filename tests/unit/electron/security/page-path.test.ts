import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePagePath } from '../../../../electron/security/page-path';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'page-path-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('resolvePagePath', () => {
  it('maps / to index.html and plain paths into the folder', () => {
    expect(resolvePagePath(root, '/')).toEqual({ kind: 'file', filePath: path.join(root, 'index.html') });
    expect(resolvePagePath(root, '/assets/index-abc.js')).toEqual({
      kind: 'file',
      filePath: path.join(root, 'assets', 'index-abc.js'),
    });
    expect(resolvePagePath(root, '/assets/a%20b.css')).toEqual({ kind: 'file', filePath: path.join(root, 'assets', 'a b.css') });
  });

  it.each([
    ['/../etc/passwd', 'dot segment in path'],
    ['/assets/../../etc/passwd', 'dot segment in path'],
    ['/%2e%2e/etc/passwd', 'dot segment in path'],
    ['/%2E%2E%2Fetc%2Fpasswd', 'dot segment in path'],
    ['/assets/%2e%2e%2f%2e%2e%2fsecret', 'dot segment in path'],
    ['/./index.html', 'dot segment in path'],
    ['//etc/passwd', 'absolute path'],
    ['/%2Fetc%2Fpasswd', 'absolute path'],
    ['/C:/Windows/win.ini', 'absolute path'],
    ['/..%5c..%5cwindows', 'backslash in path'],
    ['/index.html%00.png', 'NUL byte in path'],
    ['/%E0%A4%A', 'malformed percent-encoding'],
    ['index.html', 'path must start with /'],
  ])('refuses %s (%s)', (input, reason) => {
    expect(resolvePagePath(root, input)).toEqual({ kind: 'refused', reason });
  });
});
