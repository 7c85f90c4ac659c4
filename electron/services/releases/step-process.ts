/**
 * Runs one release step's command through the command runner: the release's values as
 * environment variables only, the step's timeout, the full redacted log on disk, and the
 * live output batched for the window. A command that is missing, not executable, timed out,
 * cancelled or exited non-zero becomes a failed outcome with its output, never a success.
 */
import type { StepOutcome } from '../../../shared/releases/release-events';
import type { CommandSpec, RunResult } from '../runner/run-command';
import { describeResult } from '../runner/run-command';
import { runWorkspaceCommand } from '../trust/run-workspace-command';
import type { WorkspaceTrust } from '../trust/workspace-trust';
import { createOutputBatcher, type OutputChunk } from './output-batcher';

export interface StepProcessOptions {
  readonly spec: CommandSpec;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly baseEnv?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly logFile: string;
  readonly secrets: readonly string[];
  readonly signal: AbortSignal;
  readonly onChunks: (chunks: readonly OutputChunk[]) => void;
  readonly now: () => Date;
  /** The folder's trust: commands run only through the trust gate. */
  readonly trust: WorkspaceTrust;
  /** The command's process (its group's leader) exists. */
  readonly onSpawned?: (pid: number) => void;
}

export interface StepProcessResult {
  readonly result: RunResult;
  readonly outcome: StepOutcome;
  readonly exitCode: number | null;
  readonly durationMs: number;
  /** One sentence, with the command's last words when it failed. */
  readonly message: string;
  /** The last part of the output (redacted), for PREVIEW_URL and messages. */
  readonly output: string;
}

export async function runStepProcess(options: StepProcessOptions): Promise<StepProcessResult> {
  const batcher = createOutputBatcher({ emit: options.onChunks, now: options.now });
  const result = await runWorkspaceCommand(options.trust, options.spec, {
    cwd: options.cwd,
    env: options.env,
    ...(options.baseEnv === undefined ? {} : { baseEnv: options.baseEnv }),
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    secrets: options.secrets,
    logFile: options.logFile,
    onOutput: (chunk, stream) => batcher.push(chunk, stream),
    ...(options.onSpawned === undefined ? {} : { onSpawned: options.onSpawned }),
  });
  batcher.end();
  return summarize(result);
}

export function summarize(result: RunResult): StepProcessResult {
  const output = result.kind === 'failed-to-start' ? '' : result.output;
  const said = lastLines(output, 3);
  const tail = said === '' ? '' : `: ${said}`;
  switch (result.kind) {
    case 'failed-to-start':
      return { result, outcome: 'failed-to-start', exitCode: null, durationMs: 0, message: describeResult(result), output };
    case 'timed-out':
      return { result, outcome: 'timed-out', exitCode: null, durationMs: result.durationMs, message: `${describeResult(result)}${tail}`, output };
    case 'cancelled':
      return { result, outcome: 'cancelled', exitCode: null, durationMs: result.durationMs, message: describeResult(result), output };
    case 'exited': {
      if (result.code === 0) return { result, outcome: 'succeeded', exitCode: 0, durationMs: result.durationMs, message: `exit 0 in ${result.durationMs} ms`, output };
      // 127/126: the shell could not find or execute the program.
      const why = result.code === 127 ? ' (command not found)' : result.code === 126 ? ' (not executable)' : '';
      return { result, outcome: 'failed', exitCode: result.code, durationMs: result.durationMs, message: `${describeResult(result)}${why}${tail}`, output };
    }
  }
}

function lastLines(text: string, count: number): string {
  return text
    .trim()
    .split('\n')
    .slice(-count)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' / ')
    .slice(0, 600);
}
