import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDemoDir } from '../../../../../electron/cli/commands/demo';
import { renderDemoConfig, rewriteProductionUrl } from '../../../../../electron/services/demo/demo-config';
import { parseWorkspaceConfig } from '../../../../../electron/services/workspace/load-config';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'demo-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the demo release-desk.yml', () => {
  it('is valid for the workspace schema', () => {
    const load = parseWorkspaceConfig(renderDemoConfig('http://127.0.0.1:4321'), dir);
    expect(load.kind, JSON.stringify(load)).toBe('valid');
    if (load.kind !== 'valid') return;
    expect(load.config.environments.production?.health[0]).toMatchObject({ url: 'http://127.0.0.1:4321/health', versionField: 'version' });
    expect(load.config.environments.production?.commands.stage1).toBe('node deploy/stage1.mjs');
  });

  it('follows a new production port, keeping comments, and leaves the file alone when it is right', async () => {
    const file = path.join(dir, 'release-desk.yml');
    await writeFile(file, renderDemoConfig('http://127.0.0.1:4321'));
    expect(await rewriteProductionUrl(file, 'http://127.0.0.1:5555')).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('url: http://127.0.0.1:5555/health');
    expect(text).toContain('# The production switch; its port is chosen free');
    expect(await rewriteProductionUrl(file, 'http://127.0.0.1:5555')).toBe(false);
    expect(parseWorkspaceConfig(text, dir).kind).toBe('valid');
  });

  it('lives under the settings folder by default', () => {
    expect(defaultDemoDir({ RELEASE_DESK_CONFIG_DIR: dir })).toBe(path.join(dir, 'demo'));
  });
});
