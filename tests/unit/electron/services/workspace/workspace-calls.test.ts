import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../../../electron/ipc/dispatch';
import { createHandlers } from '../../../../../electron/services/handlers';
import { testHandlerDeps } from '../../../../fixtures/handler-deps';

const noSecrets = () => [];

const fullExample = path.resolve(import.meta.dirname, '../../../../fixtures/config/valid/full.yml');

describe('workspace.getStatus and workspace.reload over the contract', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-calls-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the configured name, then the problems with the last valid configuration kept', async () => {
    const file = path.join(dir, 'release-desk.yml');
    const example = await readFile(fullExample, 'utf8');
    await writeFile(file, example);
    const handlers = createHandlers(testHandlerDeps({ workspacePath: () => dir }));
    const log = vi.fn();
    expect(await dispatch(handlers, 'workspace.getStatus', [], log, noSecrets)).toEqual({
      ok: true,
      value: { kind: 'ready', path: dir, name: 'Welkin web' },
    });
    await writeFile(file, example.replace('version: 1', 'version: 3'));
    expect(await dispatch(handlers, 'workspace.reload', [], log, noSecrets)).toEqual({
      ok: true,
      value: {
        kind: 'invalid',
        path: dir,
        problems: ['release-desk.yml:2: version: must be 1 (the only version so far) (got 3)'],
        usingLastValid: true,
      },
    });
    expect(log).not.toHaveBeenCalled();
  });
});
