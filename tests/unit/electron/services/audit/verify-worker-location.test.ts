/**
 * Each bundle finds audit verify's worker in dist/, the common root, however deep it sits
 * (dist/cli-chunks/, dist/electron/, dist/bridge/); the packaged app's copy unpacked next to
 * app.asar wins over the archived one; run from sources (no dist/ above), there is none.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledVerifyWorker } from '../../../../../electron/services/audit/verify-worker-location';

let dir: string;
const url = (...parts: string[]) => pathToFileURL(path.join(dir, ...parts)).href;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'verify-worker-location-'));
  await mkdir(path.join(dir, 'install', 'dist', 'cli-chunks'), { recursive: true });
  await writeFile(path.join(dir, 'install', 'dist', 'audit-verify-worker.mjs'), '');
  await mkdir(path.join(dir, 'bare', 'dist', 'electron'), { recursive: true });
  await mkdir(path.join(dir, 'app.asar', 'dist'), { recursive: true });
  await mkdir(path.join(dir, 'app.asar.unpacked', 'dist'), { recursive: true });
  await writeFile(path.join(dir, 'app.asar', 'dist', 'audit-verify-worker.mjs'), '');
  await writeFile(path.join(dir, 'app.asar.unpacked', 'dist', 'audit-verify-worker.mjs'), '');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bundledVerifyWorker', () => {
  it('finds dist/audit-verify-worker.mjs from a chunk, the main bundle or the bridge', () => {
    const worker = path.join(dir, 'install', 'dist', 'audit-verify-worker.mjs');
    expect(bundledVerifyWorker(url('install', 'dist', 'cli-chunks', 'audit-verify-ABC.js'))).toBe(worker);
    expect(bundledVerifyWorker(url('install', 'dist', 'electron', 'main.js'))).toBe(worker);
    expect(bundledVerifyWorker(url('install', 'dist', 'cli.js'))).toBe(worker);
  });

  it('prefers the copy unpacked next to app.asar', () => {
    expect(bundledVerifyWorker(url('app.asar', 'dist', 'electron', 'main.js'))).toBe(path.join(dir, 'app.asar.unpacked', 'dist', 'audit-verify-worker.mjs'));
  });

  it('none when dist/ has no worker, when run from sources, or from a non-file URL', () => {
    expect(bundledVerifyWorker(url('bare', 'dist', 'electron', 'main.js'))).toBeNull();
    expect(bundledVerifyWorker(pathToFileURL(path.resolve(import.meta.dirname, '../../../../../electron/services/audit/verify-journal-file.ts')).href)).toBeNull();
    expect(bundledVerifyWorker('data:text/javascript,0')).toBeNull();
  });
});
