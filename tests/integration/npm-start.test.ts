import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm start` on a machine where Electron's binary cannot be fetched (this one: no binary,
// no network). The mirror is a closed port on 127.0.0.1, so the fetch fails the same way on a
// laptop that is online, and never leaves the machine.
const root = path.resolve(import.meta.dirname, '../..');
const binaryInstalled = existsSync(path.join(root, 'node_modules/electron/path.txt'));
let cache: string;

beforeAll(async () => {
  cache = await mkdtemp(path.join(os.tmpdir(), 'npm-start-'));
});
afterAll(async () => {
  await rm(cache, { recursive: true, force: true });
});

function start() {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'scripts/start.mjs'), '--no-build'],
      {
        cwd: root,
        env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', XDG_CACHE_HOME: cache, electron_config_cache: cache },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm start without an Electron binary', () => {
  it.skipIf(binaryInstalled)('prints one paragraph saying what failed, how to retry and what works without it; exits 1', async () => {
    const result = await start();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const paragraph = result.stderr.replace(/\n/g, ' ');
    expect(paragraph).toContain("Electron 45.5.0's binary is not installed, and fetching it from GitHub failed (TypeError: fetch failed).");
    expect(paragraph).toContain('To retry, run `npm start` again once github.com is reachable');
    expect(paragraph).toContain('`npm run dev:browser` opens the same app in your browser, and `npx release-desk` runs the command line.');
    // No stack trace: not electron's own, not @electron/get's, not ours.
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain('node_modules');
    // One paragraph: the progress line, then the message with no blank line inside.
    expect(result.stderr.trimEnd().split('\n\n')).toHaveLength(1);
  });
});

describe('the Node version the README states', () => {
  it('is the one package.json engines requires, for the CLI; the app needs Node >= 22.12 as Electron does', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: { start: string } };
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    const cliMinimum = /plain Node >= ([\d.]+)/.exec(readme)?.[1];
    expect(pkg.engines.node).toBe(`>=${cliMinimum}`);
    const electron = JSON.parse(await readFile(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { engines: { node: string } };
    const appMinimum = /Start the app\*\* \(Node >= ([\d.]+)/.exec(readme)?.[1];
    expect(electron.engines.node.replace(/\s/g, '')).toBe(`>=${appMinimum}.0`);
  });

  it('npm start is the script above, which prints the paragraph instead of a stack trace', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
  });
});
