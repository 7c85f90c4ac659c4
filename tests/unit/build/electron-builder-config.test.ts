import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');

async function load() {
  const config = parse(await readFile(path.join(root, 'build/electron-builder.yml'), 'utf8')) as Record<string, unknown>;
  const scheme = JSON.parse(await readFile(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
    properties: Record<string, unknown>;
    definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
  };
  return { config, scheme };
}

describe('packaging configuration', () => {
  it('uses only keys electron-builder knows', async () => {
    const { config, scheme } = await load();
    const unknown = Object.keys(config).filter((key) => !(key in scheme.properties));
    expect(unknown).toEqual([]);
    const fuses = config.electronFuses as Record<string, unknown>;
    const unknownFuses = Object.keys(fuses).filter((key) => !(key in scheme.definitions.FuseOptionsV1.properties));
    expect(unknownFuses).toEqual([]);
  });

  it('hardens every security-relevant fuse', async () => {
    const { config } = await load();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('never packages the development-only browser bridge', async () => {
    const { config } = await load();
    expect(config.files).toContain('!dist/bridge/**');
    expect((config.files as string[]).some((entry) => entry.startsWith('dist/bridge'))).toBe(false);
  });

  it('ships audit verify\'s worker thread, unpacked from the archive (a worker cannot load its script from app.asar)', async () => {
    const { config } = await load();
    expect(config.files).toContain('dist/audit-verify-worker.mjs');
    expect(config.asarUnpack).toEqual(['dist/audit-verify-worker.mjs']);
  });

  it('ships a supported Electron major (one of the latest three)', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const installed = JSON.parse(await readFile(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string;
    };
    // Electron's stable majors as of November 2026 are 43, 44 and 45.
    const major = Number(installed.version.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(43);
    expect(pkg.devDependencies.electron).toMatch(/^\^?4[3-9]\./);
  });
});
