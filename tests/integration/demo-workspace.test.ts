/**
 * Creating and restarting a demo workspace: idempotent creation, refusing folders that are
 * not ours, and a switch that moves to a new free port (with release-desk.yml following it)
 * when its old one is taken.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkspace, startDemo, stopDemo } from '../../electron/services/demo';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'demo-workspace-'));
});

afterAll(async () => {
  await stopDemo(path.join(root, 'moving')).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

describe('createDemoWorkspace', () => {
  it('creates once and keeps an existing demo as it is', async () => {
    const dir = path.join(root, 'twice');
    expect(await createDemoWorkspace(dir)).toEqual({ dir, created: true });
    const config = await readFile(path.join(dir, 'release-desk.yml'), 'utf8');
    expect(await createDemoWorkspace(dir)).toEqual({ dir, created: false });
    expect(await readFile(path.join(dir, 'release-desk.yml'), 'utf8')).toBe(config);
  });

  it('refuses a folder that holds anything else', async () => {
    const dir = path.join(root, 'someone-elses');
    await mkdir(dir);
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    await expect(createDemoWorkspace(dir)).rejects.toThrow(/not empty and not a demo workspace \(it holds notes\.txt\)/);
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('startDemo after a stop', () => {
  it('moves the switch to a free port when its old one is taken, and rewrites release-desk.yml', async () => {
    const dir = path.join(root, 'moving');
    const first = await startDemo(dir);
    await stopDemo(dir);
    const oldPort = Number(new URL(first.productionUrl).port);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(oldPort, '127.0.0.1', resolve));
    try {
      const second = await startDemo(dir);
      expect(second.reused).toBe(false);
      expect(second.productionUrl).not.toBe(first.productionUrl);
      expect(second.deployedSha).toBe(first.deployedSha);
      expect(await readFile(path.join(dir, 'release-desk.yml'), 'utf8')).toContain(`url: ${second.productionUrl}/health`);
      const health = (await (await fetch(`${second.productionUrl}/health`)).json()) as { version: string };
      expect(health.version).toBe(first.deployedSha);
    } finally {
      squatter.close();
      await stopDemo(dir);
    }
  });
});
