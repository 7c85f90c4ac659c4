/**
 * Runs git as a child process with an argv array: branch names and paths are arguments,
 * never shell text, so `feat/$(touch x)` is just a name. Expected non-zero exit codes
 * (merge-tree's 1 = conflicts) are results, not errors; anything else is a GitCommandError
 * carrying git's own message.
 */
import { spawn } from 'node:child_process';
import { withoutSecrets } from '../vault/secret-environment';

export interface GitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunGitOptions {
  /** Exit codes that are answers, not failures; default [0]. */
  readonly okExitCodes?: readonly number[];
  readonly timeoutMs?: number;
  readonly input?: string;
}

export class GitCommandError extends Error {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stderr: string;
  constructor(args: readonly string[], code: number | null, stderr: string) {
    super(`git ${args[0] ?? ''} failed${code === null ? '' : ` (exit ${code})`}: ${stderr.trim().split('\n')[0] ?? ''}`);
    this.name = 'GitCommandError';
    this.args = args;
    this.code = code;
    this.stderr = stderr;
  }
}

/**
 * Variables that would point git somewhere other than the repository we were given (set,
 * for example, when Release Desk is started from inside a git hook).
 */
const REDIRECTING_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_NAMESPACE'];

/**
 * The runner's cleaned environment (no tokens: the repository's hooks run with it), plus
 * git's own settings.
 */
export function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...withoutSecrets(process.env, []), GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  for (const name of REDIRECTING_VARIABLES) delete env[name];
  return env;
}

export function runGit(repoPath: string, args: readonly string[], options: RunGitOptions = {}): Promise<GitRun> {
  const okExitCodes = options.okExitCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], {
      cwd: repoPath,
      env: gitEnvironment(),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new GitCommandError(args, null, error.message)));
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code !== null && okExitCodes.includes(code)) resolve({ code, stdout, stderr });
      else reject(new GitCommandError(args, code, signal === null ? stderr : `killed by ${signal} ${stderr}`));
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
