/**
 * Issue 11's CLI start: the built CLI loads only the modules of the command being run.
 * A module hook records every module the child process resolves; `--version` must load the
 * CLI's small core (commander bundled in), and none of the command modules nor any package
 * (the GitHub, Slack and CircleCI clients, conf). `readiness` is the control: it does load them, so
 * the hook is seen to work. (Run `npm run build` first: these tests run dist/.)
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../../bin/release-desk.js');
const dist = path.resolve(import.meta.dirname, '../../dist');
let dir: string;
let register: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cli-start-'));
  const hooks = path.join(dir, 'hooks.mjs');
  register = path.join(dir, 'register.mjs');
  await writeFile(
    hooks,
    `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const resolved = await next(specifier, context);\n  appendFileSync(process.env.LOADED_LOG, resolved.url + '\\n');\n  return resolved;\n}\n`,
  );
  await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI; answers its output and every module URL it resolved (node: built-ins left out). */
async function loadedBy(name: string, args: readonly string[]): Promise<{ code: number; stdout: string; modules: string[] }> {
  const log = path.join(dir, `${name}.log`);
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', register, bin, ...args], {
      env: { ...process.env, LOADED_LOG: log, RELEASE_DESK_CONFIG_DIR: dir, RELEASE_DESK_WORKSPACE: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (exit) => resolve({ code: exit ?? -1, stdout: out }));
  });
  const modules = [...new Set((await readFile(log, 'utf8')).split('\n').filter((url) => url !== '' && !url.startsWith('node:')))];
  return { code, stdout, modules };
}

const packageOf = (url: string) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? null;
const distFile = (url: string) => (url.startsWith(`file://${dist}/`) ? url.slice(`file://${dist}/`.length) : null);

describe('release-desk start', () => {
  it('--version loads the CLI core only: no command module, no package', async () => {
    const run = await loadedBy('version', ['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    // commander is bundled into the CLI's core (scripts/build.mjs): no package is loaded at all.
    expect(run.modules.map(packageOf).filter((name) => name !== null)).toEqual([]);
    const files = run.modules.map(distFile).filter((file) => file !== null);
    expect(files).toContain('cli.js');
    // The core's chunks are shared helpers (errors, redaction), never a command's module.
    for (const file of files) expect(file).toMatch(/^(cli\.js|cli-chunks\/chunk-[A-Z0-9]+\.js)$/);
    // How many chunks depends on how esbuild partitions the shared helpers, so the budget is in
    // bytes: the core is about 12 KB plus commander (about 125 KB, bundled in by scripts/build.mjs);
    // the chunks holding zod, YAML and the services are hundreds of kB.
    const bytes = files.reduce((sum, file) => sum + statSync(path.join(dist, file)).size, 0);
    expect(bytes).toBeLessThanOrEqual(160_000);
  });

  it('readiness loads its own modules and the GitHub client (the control: the hook sees command modules)', async () => {
    const run = await loadedBy('readiness', ['readiness']);
    const files = run.modules.map(distFile).filter((file) => file !== null);
    expect(files.some((file) => /^cli-chunks\/readiness-[A-Z0-9]+\.js$/.test(file))).toBe(true);
    expect(run.modules.some((url) => packageOf(url)?.startsWith('@octokit/') === true)).toBe(true);
    expect(files.some((file) => /^cli-chunks\/(release|rollback|audit-verify|demo)-/.test(file))).toBe(false);
    // The folder is named (RELEASE_DESK_WORKSPACE): the settings file, and conf with it, is not needed.
    expect(run.modules.filter((url) => packageOf(url) === 'conf')).toEqual([]);
  });

  it("readiness on a workspace that is not the demo loads none of the demo's modules (only the check for its teamwork file)", async () => {
    const run = await loadedBy('readiness-not-demo', ['readiness']);
    const sources = run.modules
      .map(distFile)
      .filter((file) => file !== null)
      .flatMap((file) => (JSON.parse(readFileSync(path.join(dist, `${file}.map`), 'utf8')) as { sources: string[] }).sources);
    expect(sources.some((source) => source.endsWith('electron/services/readiness/readiness-runtime.ts'))).toBe(true); // the control
    const demo = sources.filter((source) => source.includes('electron/services/demo/'));
    expect(demo.map((source) => source.replace(/^.*electron\/services\/demo\//, '')).sort()).toEqual(['demo-paths.ts', 'demo-teamwork-lazy.ts']);
  });

  it("readiness loads zod's English messages only, not its ~60 other languages (scripts/build.mjs)", async () => {
    const run = await loadedBy('readiness-zod', ['readiness']);
    const sources = run.modules
      .map(distFile)
      .filter((file) => file !== null)
      .flatMap((file) => (JSON.parse(readFileSync(path.join(dist, `${file}.map`), 'utf8')) as { sources: string[] }).sources);
    const zodLocales = sources.filter((source) => source.includes('zod/v4/locales/')).map((source) => source.replace(/^.*zod\/v4\/locales\//, ''));
    expect(sources.some((source) => source.includes('zod/v4/classic/'))).toBe(true); // the control: zod is loaded
    expect(zodLocales).toEqual(['en.js']);
  });

  it('config schema loads no GitHub, Slack or CircleCI client; help still lists every command', async () => {
    const schema = await loadedBy('schema', ['config', 'schema']);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout)).toHaveProperty('$schema');
    expect(schema.modules.filter((url) => /octokit|@slack|simple-git/.test(url))).toEqual([]);

    const help = await loadedBy('help', ['--help']);
    expect(help.code).toBe(0);
    for (const word of ['status', 'readiness', 'config', 'demo', 'release', 'rollback', 'unlock', 'audit']) expect(help.stdout).toMatch(new RegExp(`^  ${word}\\b`, 'm'));
  });
});
