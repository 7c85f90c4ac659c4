import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real CLI, as a user runs it: bin/release-desk.js under plain Node, in a child
// process. (npm test builds dist/ first.)
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin', 'release-desk.js');
let home: string;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'cli-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const cleanEnv = { ...process.env };
    delete cleanEnv.RELEASE_DESK_WORKSPACE;
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: home, env: { ...cleanEnv, RELEASE_DESK_CONFIG_DIR: path.join(home, 'config'), ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('release-desk CLI', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const result = await run(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help lists the global options and the status command', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--workspace <path>');
    expect(result.stdout).toContain('--json');
    expect(result.stdout).toMatch(/^\s+status\s/m);
  });

  it('an unknown command is a usage error: exit 2, one line on stderr', async () => {
    const result = await run(['deploy-everything']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("release-desk: unknown command 'deploy-everything'\n");
  });

  it('an unknown option is a usage error', async () => {
    const result = await run(['status', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("release-desk: unknown option '--frobnicate'\n");
  });

  it('status without a workspace says so and how to get one (exit 2)', async () => {
    const result = await run(['status']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(/^release-desk: no workspace configured: .*release-desk demo.*--workspace PATH/);
  });

  it('status on a folder without release-desk.yml names the missing file (exit 2)', async () => {
    const folder = path.join(home, 'empty-workspace');
    await mkdir(folder, { recursive: true });
    const result = await run(['status', '--workspace', folder]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`release-desk: ${path.join(folder, 'release-desk.yml')}: not found\n`);
  });

  it('status on a folder that does not exist names the folder (exit 2)', async () => {
    const result = await run(['status', '--workspace', 'no/such/place']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`release-desk: ${path.join(home, 'no/such/place')}: no such folder\n`);
  });

  it('RELEASE_DESK_WORKSPACE is used when --workspace is not given', async () => {
    const result = await run(['status'], { RELEASE_DESK_WORKSPACE: path.join(home, 'elsewhere') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path.join(home, 'elsewhere'));
  });

  it('a workspace path with shell metacharacters is data, never executed', async () => {
    const marker = path.join(home, 'pwned');
    const result = await run(['status', '--workspace', `$(touch ${marker})`]);
    expect(result.code).toBe(2);
    await expect(writeFile(path.join(home, 'probe'), '')).resolves.toBeUndefined();
    await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
  });
});
