/**
 * Issue 11 (`readiness BRANCH` ≤ 0.3 s): the readiness CLI sends its GitHub and CircleCI
 * requests over node:http, so Node's fetch (undici, about 75 ms to load for one request) is
 * never loaded, and grows V8's young generation in few steps (one-shot-process.ts). The built CLI in child processes against the fakes; a preload reports the
 * internal modules the process loaded. The same token rules hold: GitHub redirecting the
 * query to another host gets no token there, and nothing the CLI prints shows it; the
 * exit codes stay (0 eligible, 1 not). (Run `npm run build` first: these tests run dist/.)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer } from '../fakes/fake-http-server';
import { CLI_BIN, createCliWorld, runCliChild, type CliWorld } from '../fixtures/cli-world';

let dir: string;
let preload: string;
let github: CliWorld;
let circleci: CliWorld;
let foreign: FakeHttpServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cli-transport-'));
  preload = path.join(dir, 'loaded.cjs');
  // At exit, the internal modules this process loaded (undici is one of them once fetch is used).
  await writeFile(preload, `process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_LOG, process.moduleLoadList.join('\\n')));\n`);
  [github, circleci] = await Promise.all([createCliWorld({ provider: 'github-checks', branches: 3 }), createCliWorld({ provider: 'circleci', branches: 3 })]);
  foreign = await startFakeHttpServer();
}, 60_000);

afterAll(async () => {
  await github.cleanup();
  await circleci.cleanup();
  await foreign.close();
  await rm(dir, { recursive: true, force: true });
});

/** The internal modules `run` loaded, read from the preload's log. */
async function internalModules(name: string, run: (env: NodeJS.ProcessEnv) => Promise<unknown>, env: NodeJS.ProcessEnv): Promise<string[]> {
  const log = path.join(dir, `${name}.log`);
  await run({ ...env, NODE_OPTIONS: `--require ${preload}`, LOADED_LOG: log });
  return (await readFile(log, 'utf8')).split('\n');
}

const undici = (modules: readonly string[]) => modules.filter((name) => /undici/.test(name));

describe('readiness over node:http', () => {
  it('the control: the preload sees undici in a process that uses fetch', async () => {
    const modules = await internalModules(
      'control',
      (env) => new Promise((resolve) => spawn(process.execPath, ['-e', `fetch(${JSON.stringify(foreign.url)}).then((r) => r.text())`], { env, stdio: 'ignore' }).on('close', resolve)),
      process.env,
    );
    expect(undici(modules).length).toBeGreaterThan(0);
  });

  it('readiness BRANCH and the board, GitHub checks: answered, one request for the branch, undici never loaded', async () => {
    const branch = github.branches[0]?.name as string;
    const before = github.github?.server.requests.length ?? 0;
    let code: number | null = null;
    const one = await internalModules(
      'one-branch',
      async (env) => {
        const run = await runCliChild(['--workspace', github.folder, '--json', 'readiness', branch], env);
        code = run.code;
        expect(JSON.parse(run.stdout)).toMatchObject({ branch: { name: branch, checks: [{ name: 'build', state: 'success' }] } });
      },
      github.env,
    );
    // Not signed off: not eligible, exit 1, as before.
    expect(code).toBe(1);
    expect(github.github?.server.requests.length).toBe(before + 1);
    expect(undici(one)).toEqual([]);
    const board = await internalModules('board', (env) => runCliChild(['--workspace', github.folder, 'readiness'], env), github.env);
    expect(undici(board)).toEqual([]);
  });

  it('readiness BRANCH grows the young generation in few steps: at most 4 garbage collections, not 7-9', async () => {
    const branch = github.branches[2]?.name as string;
    const trace = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['--trace-gc', CLI_BIN, '--workspace', github.folder, 'readiness', branch], { env: github.env, stdio: ['ignore', 'pipe', 'ignore'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(trace.stdout).toContain(`${branch} at `); // it answered
    const collections = trace.stdout.split('\n').filter((line) => /: (Scavenge|Mark-Compact|Mark-sweep)/.test(line));
    expect(collections.length).toBeGreaterThan(0); // the trace is seen
    expect(collections.length).toBeLessThanOrEqual(4);
  });

  it('CircleCI board: answered without undici', async () => {
    let stdout = '';
    const modules = await internalModules(
      'circleci',
      async (env) => {
        stdout = (await runCliChild(['--workspace', circleci.folder, '--json', 'readiness'], env)).stdout;
      },
      circleci.env,
    );
    const board = JSON.parse(stdout) as { branches: { checks: { state: string }[] }[] };
    expect(board.branches).toHaveLength(3);
    expect(board.branches.every((row) => row.checks.some((check) => check.state === 'success'))).toBe(true);
    expect(undici(modules)).toEqual([]);
  });

  it('GitHub redirecting the query to another host: no token sent there, none printed, CI unknown (exit 1)', async () => {
    const server = github.github?.server as FakeHttpServer;
    server.route((request) => (request.path === '/graphql' ? { status: 307, headers: { location: `${foreign.url}/graphql` } } : undefined));
    foreign.route(() => ({ status: 401, body: { message: 'Bad credentials' } }));
    const branch = github.branches[1]?.name as string;
    const run = await runCliChild(['--workspace', github.folder, 'readiness', branch], github.env);
    expect(run.code).toBe(1);
    expect(foreign.requests.length).toBeGreaterThan(0);
    for (const request of foreign.requests) expect(JSON.stringify(request.headers)).not.toContain('gh-token');
    expect(run.stdout + run.stderr).not.toContain('gh-token');
    expect(run.stderr).toMatch(/GITHUB_TOKEN was refused by GitHub/);
  });
});
