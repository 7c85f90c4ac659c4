/**
 * The command runner: runs a configured command (deploy, switchover, rollback, tests) as a
 * child process. Values reach the command only as environment variables — a string command
 * is handed to `/bin/sh -c` exactly as the team wrote it, an argv list runs without a shell —
 * so nothing a user or a branch name contains is ever spliced into shell text.
 *
 * Each command leads its own process group, so a timeout or a cancel ends everything it
 * started (SIGTERM, then SIGKILL after a grace period). Output streams live through
 * `onOutput`, redacted of every secret; the last part is kept in memory and all of it in
 * the log file.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, openSync, statSync, type WriteStream } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createOutputTail, DEFAULT_OUTPUT_LIMIT } from './output-tail';
import { signalGroup, terminateGroup } from './process-group';
import { withoutSecrets } from '../vault/secret-environment';
import { createStreamRedactor, redactText } from './redactor';

/** A shell command line (run by `/bin/sh -c` as written) or an argv list (no shell). */
export type CommandSpec = string | readonly string[];

export type OutputStream = 'stdout' | 'stderr';

export interface RunOptions {
  readonly cwd: string;
  /** Added to the inherited environment: the only way values reach a command. */
  readonly env?: Readonly<Record<string, string>>;
  /** The environment the additions go on top of; default process.env. */
  readonly baseEnv?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Live output, already redacted, in arrival order. */
  readonly onOutput?: (chunk: string, stream: OutputStream) => void;
  /** Replaced by `***` everywhere output goes (stream, result, log file). */
  readonly secrets?: readonly string[];
  /** The full redacted output is appended here (folders created as needed). */
  readonly logFile?: string;
  /** Between SIGTERM and SIGKILL; default 3 s. */
  readonly killGraceMs?: number;
  /** Characters of output kept in memory; default 1 MiB. */
  readonly maxOutputChars?: number;
  /** Called once the child process exists (benchmarks of "request to spawn" stop here). */
  readonly onSpawned?: (pid: number) => void;
}

interface Finished {
  readonly durationMs: number;
  /** The last `maxOutputChars` of stdout and stderr together, redacted. */
  readonly output: string;
  readonly outputTruncated: boolean;
}

export type RunResult =
  | (Finished & {
      readonly kind: 'exited';
      /** The exit code; 128 + signal number when a signal ended it (as shells report). */
      readonly code: number;
      readonly signal: NodeJS.Signals | null;
    })
  | (Finished & { readonly kind: 'timed-out'; readonly timeoutMs: number })
  | (Finished & { readonly kind: 'cancelled' })
  | { readonly kind: 'failed-to-start'; readonly message: string };

/** How long to wait for the output pipes to close after the command itself ended. */
const PIPE_CLOSE_GRACE_MS = 1000;
const DEFAULT_KILL_GRACE_MS = 3000;

export async function runCommand(spec: CommandSpec, options: RunOptions): Promise<RunResult> {
  const secrets = options.secrets ?? [];
  const shown = redactText(describeSpec(spec), secrets);
  const invalid = validateSpec(spec);
  if (invalid !== null) return { kind: 'failed-to-start', message: invalid };
  // Synchronous checks and log opening: microseconds each, where every thread-pool round trip
  // on a loaded machine costs milliseconds before the command starts (a rollback's latency).
  const cwdStat = statSync(options.cwd, { throwIfNoEntry: false }) ?? null;
  if (cwdStat === null || !cwdStat.isDirectory()) {
    return { kind: 'failed-to-start', message: `cannot run \`${shown}\`: folder ${options.cwd} does not exist` };
  }
  if (options.signal?.aborted === true) {
    return { kind: 'cancelled', durationMs: 0, output: '', outputTruncated: false };
  }

  let log: WriteStream | null = null;
  if (options.logFile !== undefined) {
    try {
      log = openLog(options.logFile);
    } catch (error) {
      // The full log is part of the record of a deploy: no log, no run.
      const reason = error instanceof Error ? error.message : String(error);
      return { kind: 'failed-to-start', message: `cannot run \`${shown}\`: cannot write its log: ${reason}` };
    }
  }
  log?.write(`$ ${shown}\n`);
  const started = performance.now();
  const [file, args] = typeof spec === 'string' ? ['/bin/sh', ['-c', spec]] : [spec[0] as string, spec.slice(1)];
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: { ...withoutSecrets(options.baseEnv ?? process.env, secrets), ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  if (child.pid !== undefined) options.onSpawned?.(child.pid);

  const tail = createOutputTail(options.maxOutputChars ?? DEFAULT_OUTPUT_LIMIT);
  const emit = (text: string, stream: OutputStream) => {
    if (text.length === 0) return;
    tail.append(text);
    log?.write(text);
    options.onOutput?.(text, stream);
  };
  const readers = (['stdout', 'stderr'] as const).map((stream) => {
    const decoder = new StringDecoder('utf8');
    const redactor = createStreamRedactor(secrets);
    child[stream].on('data', (chunk: Buffer) => emit(redactor.push(decoder.write(chunk)), stream));
    return () => emit(redactor.push(decoder.end()) + redactor.flush(), stream);
  });

  let ending: 'timed-out' | 'cancelled' | null = null;
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const stop = (why: 'timed-out' | 'cancelled') => {
    if (ending !== null || child.pid === undefined) return;
    ending = why;
    void terminateGroup(child.pid, graceMs);
  };
  const timer = options.timeoutMs === undefined ? null : setTimeout(() => stop('timed-out'), options.timeoutMs);
  const onAbort = () => stop('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const outcome = await new Promise<
    { kind: 'ended'; code: number | null; signal: NodeJS.Signals | null } | { kind: 'error'; message: string }
  >((resolve) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let pipeTimer: NodeJS.Timeout | null = null;
    const finish = () => {
      if (pipeTimer !== null) clearTimeout(pipeTimer);
      if (exit !== null) resolve({ kind: 'ended', ...exit });
    };
    child.once('error', (error) => {
      // Spawn failures (no such program, not executable) come here and nowhere else.
      if (child.pid === undefined) resolve({ kind: 'error', message: error.message });
    });
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      // A background process that kept our pipes must not hold the result hostage.
      pipeTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, PIPE_CLOSE_GRACE_MS);
    });
    child.once('close', (code, signal) => {
      exit ??= { code, signal };
      finish();
    });
  });

  if (timer !== null) clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  for (const flush of readers) flush();
  const durationMs = Math.round(performance.now() - started);

  if (outcome.kind === 'error') {
    const message = `cannot run \`${shown}\`: ${redactText(outcome.message, secrets)}`;
    log?.write(`[failed to start: ${message}]\n`);
    await closeLog(log);
    return { kind: 'failed-to-start', message };
  }
  // Whatever the group left behind after a timeout or cancel goes too.
  if (ending !== null && child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');

  const { text: output, truncated: outputTruncated } = tail.read();
  const finished = { durationMs, output, outputTruncated };
  let result: RunResult;
  if (ending === 'timed-out') {
    result = { kind: 'timed-out', timeoutMs: options.timeoutMs ?? 0, ...finished };
  } else if (ending === 'cancelled') {
    result = { kind: 'cancelled', ...finished };
  } else {
    const code = outcome.code ?? 128 + signalNumber(outcome.signal);
    result = { kind: 'exited', code, signal: outcome.signal, ...finished };
  }
  log?.write(`[${describeResult(result)}]\n`);
  await closeLog(log);
  return result;
}

/** One line for logs and messages: "exited 0 in 120 ms", "timed out after 30000 ms", ... */
export function describeResult(result: RunResult): string {
  switch (result.kind) {
    case 'exited':
      return `exited ${result.code}${result.signal === null ? '' : ` (${result.signal})`} in ${result.durationMs} ms`;
    case 'timed-out':
      return `timed out after ${result.timeoutMs} ms; process group killed`;
    case 'cancelled':
      return `cancelled after ${result.durationMs} ms; process group killed`;
    case 'failed-to-start':
      return `failed to start: ${result.message}`;
  }
}

function describeSpec(spec: CommandSpec): string {
  return typeof spec === 'string' ? spec : spec.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}

function validateSpec(spec: CommandSpec): string | null {
  if (typeof spec === 'string') return spec.trim() === '' ? 'the command is empty' : null;
  if (spec.length === 0 || spec[0] === '') return 'the command is empty';
  return null;
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 0 : (constants.signals[signal] ?? 0);
}

function openLog(file: string): WriteStream {
  mkdirSync(path.dirname(file), { recursive: true });
  const stream = createWriteStream(file, { fd: openSync(file, 'a', 0o600) });
  // A disk that fills up mid-run must not take the app down; the run itself goes on.
  stream.on('error', () => undefined);
  return stream;
}

function closeLog(log: WriteStream | null): Promise<void> {
  if (log === null) return Promise.resolve();
  return new Promise((resolve) => log.end(() => resolve()));
}
