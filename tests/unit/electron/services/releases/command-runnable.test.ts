import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRunnable } from '../../../../../electron/services/releases/command-runnable';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'runnable-'));
  await writeFile(path.join(dir, 'rollback.sh'), '#!/bin/sh\nexit 0\n');
  await chmod(path.join(dir, 'rollback.sh'), 0o755);
  await writeFile(path.join(dir, 'plain.txt'), 'not a program');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('commandRunnable: can the rollback start here?', () => {
  it('a shell line: its first word on PATH, or a file relative to the workspace', async () => {
    expect(await commandRunnable('node deploy/rollback.mjs', dir, process.env)).toMatchObject({ runnable: true });
    expect(await commandRunnable('FAST=1 ./rollback.sh --now', dir, process.env)).toEqual({ runnable: true, program: path.join(dir, 'rollback.sh') });
    expect(await commandRunnable('no-such-deploy-tool --rollback', dir, process.env)).toEqual({ runnable: false, reason: 'no-such-deploy-tool is not found on PATH' });
    expect(await commandRunnable('./plain.txt', dir, process.env)).toMatchObject({ runnable: false, reason: expect.stringContaining('is not an executable file') });
  });

  it('an argv: its program', async () => {
    expect(await commandRunnable(['./rollback.sh'], dir, process.env)).toMatchObject({ runnable: true });
    expect(await commandRunnable(['./missing.sh'], dir, process.env)).toMatchObject({ runnable: false });
    expect(await commandRunnable(['sh', '-c', 'exit 0'], dir, { PATH: '' })).toEqual({ runnable: false, reason: 'sh is not found on PATH' });
  });
});
