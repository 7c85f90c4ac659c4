import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoPaths } from '../../electron/services/demo';
import { readTrackedProcesses } from '../../electron/services/demo/demo-state';
import { isProcessAlive } from '../../electron/services/runner/process-group';

// `npm run dev:browser` as a developer runs it (the built dist/bridge/serve.js) with nothing
// configured: it must open the demo world, as the app does, serve the board over the
// bridge, and stop every demo process when it is stopped.
const serve = path.resolve(import.meta.dirname, '../../dist/bridge/serve.js');
let child: ChildProcess | null = null;
let configDir = '';

afterAll(async () => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  if (configDir !== '') await rm(configDir, { recursive: true, force: true });
});

function waitForLine(process: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${seen}`)), timeoutMs);
    process.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

describe('dev:browser with no workspace configured', () => {
  it('opens the demo, serves its board over the bridge, and stops the demo on SIGTERM', async () => {
    configDir = await mkdtemp(path.join(os.tmpdir(), 'dev-bridge-'));
    const env: NodeJS.ProcessEnv = { ...process.env, RELEASE_DESK_CONFIG_DIR: configDir };
    delete env.RELEASE_DESK_WORKSPACE;
    child = spawn(process.execPath, [serve], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const [, url] = await waitForLine(child, /at (http:\/\/127\.0\.0\.1:\d+\/\?bridge-token=\S+)/, 30_000);
    const demoDir = path.join(configDir, 'demo');
    const tracked = await readTrackedProcesses(demoPaths(demoDir).processes);
    expect(tracked.length).toBeGreaterThan(0);
    expect(tracked.every((entry) => isProcessAlive(entry.pid))).toBe(true);

    const page = new URL(url ?? '');
    const socket = new WebSocket(`ws://${page.host}/__bridge/socket?bridge-token=${page.searchParams.get('bridge-token') ?? ''}`, {
      origin: page.origin,
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const reply = await new Promise<{ result: { ok: boolean; value: { kind: string; name: string } } }>((resolve) => {
      socket.once('message', (data) => resolve(JSON.parse(String(data))));
      socket.send(JSON.stringify({ type: 'call', id: 1, name: 'workspace.getStatus', args: [] }));
    });
    expect(reply.result).toMatchObject({ ok: true, value: { kind: 'ready', name: 'Welkin web (demo)' } });
    socket.close();

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(tracked.filter((entry) => isProcessAlive(entry.pid))).toEqual([]);
  });
});
