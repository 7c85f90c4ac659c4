/**
 * Issue 11: a one-shot `release-desk readiness` does its work, prints, and exits: nothing
 * it started goes on after the answer. Measured inside the child (tests/fixtures/
 * after-answer-probe.mjs) as the CPU the whole process (every thread) spends between its last
 * stdout write and exit. CPU, not wall time, so a loaded machine does not make it fail; the
 * bound is far under the 70–80 ms an optimizing compile of fetch's HTTP parser costs.
 * And it starts no git process it does not need (each costs it about 10 ms): counted by a
 * `git` on PATH that logs its subcommand and runs the real one.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, createCliWorld, type CliWorld } from '../fixtures/cli-world';

const PROBE = path.resolve(import.meta.dirname, '../fixtures/after-answer-probe.mjs');
/** CPU the process may spend once the answer is out: closing files and sockets, a few ms. */
const AFTER_ANSWER_CPU_MS = 15;

interface AfterAnswer {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly cpuMs: number;
  readonly wallMs: number;
}

function runProbed(args: readonly string[], env: NodeJS.ProcessEnv, probeFile: string): Promise<AfterAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PROBE, CLI_BIN, ...args], { env: { ...env, AFTER_ANSWER_PROBE_FILE: probeFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const probe = JSON.parse(readFileSync(probeFile, 'utf8')) as { cpuMs: number; wallMs: number };
      resolve({ code, stdout, stderr, ...probe });
    });
  });
}

describe('release-desk readiness exits once it has answered (child process, fake GitHub)', () => {
  let w: CliWorld;
  let probes: string;
  beforeAll(async () => {
    w = await createCliWorld({ provider: 'github-checks', branches: 6 });
    probes = mkdtempSync(path.join(tmpdir(), 'after-answer-'));
  }, 60_000);
  afterAll(async () => {
    await w.cleanup();
    rmSync(probes, { recursive: true, force: true });
  });

  const run = (name: string, args: readonly string[]) => runProbed(['--workspace', w.folder, ...args], w.env, path.join(probes, `${name}.json`));

  // Exit 1 for the branch: it has no sign-off yet (an answer, not a failure).
  it.each([
    ['the board, cold', ['readiness'], 0],
    ['the board, warm', ['readiness'], 0],
    ['one branch, warm', ['readiness', 'feature/b-002'], 1],
  ] as const)('%s: the answer is printed, then no more work', async (name, args, exitCode) => {
    const result = await run(name.replace(/\W+/g, '-'), args);
    expect(result.code, result.stderr).toBe(exitCode);
    expect(result.stdout).toContain('feature/b-002');
    expect(result.cpuMs, `CPU after the answer: ${result.cpuMs.toFixed(1)} ms (wall ${result.wallMs.toFixed(1)} ms)`).toBeLessThanOrEqual(AFTER_ANSWER_CPU_MS);
  });
});

describe('release-desk readiness runs the git processes its answer needs, once each (child process, fake GitHub)', () => {
  let w: CliWorld;
  let dir: string;
  let log: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    w = await createCliWorld({ provider: 'github-checks', branches: 6 });
    dir = mkdtempSync(path.join(tmpdir(), 'git-calls-'));
    log = path.join(dir, 'calls.log');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const shim = path.join(dir, 'bin', 'git');
    execFileSync('mkdir', ['-p', path.dirname(shim)]);
    writeFileSync(shim, `#!/bin/sh\nprintf '%s\\n' "$*" >> "$RD_GIT_CALLS_LOG"\nexec ${JSON.stringify(realGit)} "$@"\n`);
    chmodSync(shim, 0o755);
    env = { ...w.env, PATH: `${path.dirname(shim)}:${w.env.PATH ?? ''}`, RD_GIT_CALLS_LOG: log };
  }, 60_000);
  afterAll(async () => {
    await w.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The git subcommands one CLI run started, in order. */
  const gitCalls = async (args: readonly string[]): Promise<string[]> => {
    rmSync(log, { force: true });
    const result = await runProbed(['--workspace', w.folder, ...args], env, path.join(dir, 'probe.json'));
    expect([0, 1], result.stderr).toContain(result.code);
    return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(' ')[0] ?? '') : [];
  };

  it('warm, nothing moved: one repository check, one ls-remote, one listing; the board and one branch alike', async () => {
    expect(await gitCalls(['readiness'])).toContain('config'); // cold: fills the caches, identity included
    expect(await gitCalls(['readiness'])).toEqual(['remote', 'ls-remote', 'for-each-ref']);
    expect(await gitCalls(['readiness', 'feature/b-002'])).toEqual(['remote', 'ls-remote', 'for-each-ref']);
  });

  it('who you are is asked again once the clone\'s git config changed', async () => {
    await gitCalls(['readiness']);
    w.world.git(w.world.clone, ['config', 'user.email', 'someone-else@example.com']);
    rmSync(log, { force: true });
    const run = await runProbed(['--workspace', w.folder, '--json', 'readiness'], env, path.join(dir, 'probe.json'));
    expect((JSON.parse(run.stdout) as { me: { email: string | null } }).me.email).toBe('someone-else@example.com');
    expect(readFileSync(log, 'utf8')).toMatch(/^config /m);
    expect(await gitCalls(['readiness'])).toEqual(['remote', 'ls-remote', 'for-each-ref']);
  });
});
