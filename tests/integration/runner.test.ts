/**
 * The command runner against real child processes: exit codes, live output, values passed
 * only as environment variables, timeouts and cancels that end the whole process group,
 * redaction and failures to start.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand, type OutputStream } from '../../electron/services/runner/run-command';
import { isProcessAlive } from '../../electron/services/runner/process-group';

let dir: string;
const startedPids: number[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'runner-'));
});

afterEach(async () => {
  for (const pid of startedPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone: what the test wanted
    }
  }
  await rm(dir, { recursive: true, force: true });
});

const node = process.execPath;

async function readPid(file: string): Promise<number> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (/^\d+\s*$/.test(text)) {
      const pid = Number(text.trim());
      startedPids.push(pid);
      return pid;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no pid in ${file}`);
}

describe('runCommand', () => {
  it('reports the exit code of a shell command and of an argv command', async () => {
    const shell = await runCommand('echo hi; exit 3', { cwd: dir });
    expect(shell).toMatchObject({ kind: 'exited', code: 3, signal: null, output: 'hi\n' });
    const argv = await runCommand([node, '-e', 'process.exit(5)'], { cwd: dir });
    expect(argv).toMatchObject({ kind: 'exited', code: 5 });
    const ok = await runCommand(['true'], { cwd: dir });
    expect(ok).toMatchObject({ kind: 'exited', code: 0 });
    if (ok.kind === 'exited') expect(ok.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('streams output live, in order, before the command ends', async () => {
    const chunks: { text: string; stream: OutputStream; at: number }[] = [];
    const script = `
      const wait = (ms) => new Promise((r) => setTimeout(r, ms));
      (async () => {
        for (const line of ['one', 'two', 'three']) { process.stdout.write(line + '\\n'); await wait(150); }
        process.stderr.write('warning\\n');
      })();`;
    const result = await runCommand([node, '-e', script], {
      cwd: dir,
      onOutput: (text, stream) => chunks.push({ text, stream, at: Date.now() }),
    });
    const endedAt = Date.now();
    expect(result).toMatchObject({ kind: 'exited', code: 0, output: 'one\ntwo\nthree\nwarning\n' });
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('one\ntwo\nthree\nwarning\n');
    expect(chunks.filter((chunk) => chunk.stream === 'stderr').map((chunk) => chunk.text)).toEqual(['warning\n']);
    // The first line arrived while the command was still running (~450 ms before its end).
    expect(endedAt - (chunks[0]?.at ?? endedAt)).toBeGreaterThan(250);
  });

  it('passes values with shell metacharacters verbatim as environment variables and executes none of them', async () => {
    const values = {
      SUBST: '$(touch pwned-subst)',
      BACKTICK: '`touch pwned-backtick`',
      SEMI: 'x; touch pwned-semi; rm -rf .',
      QUOTES: `it's "quoted" \\ and 'more'`,
      NEWLINE: 'line one\ntouch pwned-newline',
      UNICODE: 'Grüße 🚀 — 日本',
      GLOB: '* ? [a-z]',
    };
    const printer = 'for (const k of Object.keys(JSON.parse(process.argv[1]))) process.stdout.write(JSON.stringify([k, process.env[k]]) + "\\n")';
    const viaArgv = await runCommand([node, '-e', printer, JSON.stringify(values)], { cwd: dir, env: values });
    const viaShell = await runCommand('printf "%s|" "$SUBST" "$BACKTICK" "$SEMI" "$QUOTES" "$NEWLINE" "$UNICODE" "$GLOB"; echo $SEMI', {
      cwd: dir,
      env: values,
    });
    expect(viaArgv.kind).toBe('exited');
    if (viaArgv.kind !== 'exited' || viaShell.kind !== 'exited') throw new Error('did not run');
    const received = Object.fromEntries(viaArgv.output.trim().split('\n').map((line) => JSON.parse(line) as [string, string]));
    expect(received).toEqual(values);
    expect(viaShell.output).toBe(`${Object.values(values).join('|')}|x; touch pwned-semi; rm -rf .\n`);
    expect((await readdir(dir)).filter((name) => name.startsWith('pwned'))).toEqual([]);
  });

  it('on timeout kills the whole process group, grandchildren included', async () => {
    const result = await runCommand('sleep 100 & echo $! > grandchild.pid; sleep 100', {
      cwd: dir,
      timeoutMs: 400,
      killGraceMs: 500,
    });
    const grandchild = await readPid(path.join(dir, 'grandchild.pid'));
    expect(result).toMatchObject({ kind: 'timed-out', timeoutMs: 400 });
    if (result.kind === 'timed-out') expect(result.durationMs).toBeLessThan(3000);
    expect(isProcessAlive(grandchild)).toBe(false);
  });

  it('escalates to SIGKILL when the group ignores SIGTERM', async () => {
    const started = Date.now();
    const result = await runCommand(`trap '' TERM; sleep 100 & echo $! > ignorer.pid; wait`, {
      cwd: dir,
      timeoutMs: 300,
      killGraceMs: 300,
    });
    const ignorer = await readPid(path.join(dir, 'ignorer.pid'));
    expect(result.kind).toBe('timed-out');
    expect(Date.now() - started).toBeLessThan(4000);
    expect(isProcessAlive(ignorer)).toBe(false);
  });

  it('cancels through an AbortSignal, ending the group', async () => {
    const controller = new AbortController();
    const pending = runCommand('sleep 100 & echo $! > child.pid; echo started; wait', {
      cwd: dir,
      signal: controller.signal,
      killGraceMs: 500,
      onOutput: (text) => {
        if (text.includes('started')) controller.abort();
      },
    });
    const result = await pending;
    expect(result).toMatchObject({ kind: 'cancelled', output: 'started\n' });
    expect(isProcessAlive(await readPid(path.join(dir, 'child.pid')))).toBe(false);

    const already = await runCommand('touch should-not-exist', { cwd: dir, signal: AbortSignal.abort() });
    expect(already.kind).toBe('cancelled');
    expect(existsSync(path.join(dir, 'should-not-exist'))).toBe(false);
  });

  it('redacts secrets split across chunks in the stream, the result and the log file', async () => {
    const secret = 'tok-9f8e7d6c5b4a';
    const logFile = path.join(dir, 'logs', 'run.log');
    const script = `
      const wait = (ms) => new Promise((r) => setTimeout(r, ms));
      (async () => {
        process.stdout.write('token is tok-9f8'); await wait(120);
        process.stdout.write('e7d6c5b4a, see?\\n'); await wait(50);
        process.stderr.write(process.env.THE_TOKEN + '\\n');
      })();`;
    // From a file, so the command line in the log does not itself hold the secret's halves.
    await writeFile(path.join(dir, 'leak.mjs'), script);
    const chunks: string[] = [];
    const result = await runCommand([node, 'leak.mjs'], {
      cwd: dir,
      env: { THE_TOKEN: secret },
      secrets: [secret],
      logFile,
      onOutput: (text) => chunks.push(text),
    });
    expect(result).toMatchObject({ kind: 'exited', code: 0, output: 'token is ***, see?\n***\n' });
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.join('')).not.toContain(secret);
    expect(chunks.join('')).not.toContain('tok-9f8');
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('token is ***, see?');
    expect(log).not.toContain('tok-9f8');
    expect(log).toMatch(/\[exited 0 in \d+ ms\]\n$/);
  });

  it('hides variables holding a known secret from the command', async () => {
    const result = await runCommand(
      [node, '-e', 'process.stdout.write([process.env.GITHUB_TOKEN, process.env.AUTH_HEADER, process.env.KEEP].map(String).join("|"))'],
      {
        cwd: dir,
        baseEnv: { PATH: process.env.PATH, GITHUB_TOKEN: 'ghp_secretvalue123', AUTH_HEADER: 'token ghp_secretvalue123', KEEP: 'kept' },
        secrets: ['ghp_secretvalue123'],
      },
    );
    expect(result).toMatchObject({ kind: 'exited', code: 0, output: 'undefined|undefined|kept' });
  });

  it('keeps a bounded tail in memory and everything in the log file', async () => {
    const logFile = path.join(dir, 'big.log');
    const result = await runCommand([node, '-e', 'for (let i = 0; i < 20000; i++) console.log("line " + i)'], {
      cwd: dir,
      logFile,
      maxOutputChars: 1000,
    });
    if (result.kind !== 'exited') throw new Error(result.kind);
    expect(result.output.length).toBe(1000);
    expect(result.outputTruncated).toBe(true);
    expect(result.output.endsWith('line 19999\n')).toBe(true);
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('line 0\n');
    expect(log).toContain('line 19999\n');
  });

  it('reports a program that cannot start, and a missing folder, as failed-to-start', async () => {
    const missing = await runCommand(['/no/such/program', '--flag'], { cwd: dir });
    expect(missing).toMatchObject({ kind: 'failed-to-start' });
    if (missing.kind === 'failed-to-start') expect(missing.message).toContain('ENOENT');
    const noFolder = await runCommand('true', { cwd: path.join(dir, 'nope') });
    expect(noFolder).toMatchObject({ kind: 'failed-to-start' });
    const empty = await runCommand([], { cwd: dir });
    expect(empty).toEqual({ kind: 'failed-to-start', message: 'the command is empty' });
    // A shell that cannot find the program is an ordinary exit (127), as in a terminal.
    expect(await runCommand('no-such-program-xyz', { cwd: dir })).toMatchObject({ kind: 'exited', code: 127 });
  });

  it('returns promptly when a background process keeps the output pipe open', async () => {
    const started = Date.now();
    const result = await runCommand('sleep 30 & echo $! > bg.pid; echo done', { cwd: dir });
    await readPid(path.join(dir, 'bg.pid'));
    expect(result).toMatchObject({ kind: 'exited', code: 0, output: 'done\n' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('runCommand log files', () => {
  it('refuses to run when its log file cannot be written', async () => {
    await writeFile(path.join(dir, 'not-a-folder'), '');
    const result = await runCommand('touch ran', { cwd: dir, logFile: path.join(dir, 'not-a-folder', 'run.log') });
    expect(result.kind).toBe('failed-to-start');
    if (result.kind === 'failed-to-start') expect(result.message).toContain('cannot write its log');
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
  });
});
