/**
 * "Run local tests": the workspace's test command, in a temporary git worktree of the exact
 * commit, so the user's own checkout is never touched. Output streams live, a cancel ends
 * the whole process group, and a pass or a fail is recorded with its SHA, duration and log.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withDetachedWorktree } from '../git/worktree';
import type { CommandSpec, OutputStream } from '../runner/run-command';
import { runWorkspaceCommand } from '../trust/run-workspace-command';
import type { WorkspaceTrust } from '../trust/workspace-trust';
import type { RecordsAccess } from './readiness-records';
import { createWorktreeRelativizer, relativeToWorktree } from './worktree-relative-output';

export interface LocalTestRequest {
  /** The workspace's trust: its test command runs only with it. */
  readonly trust: WorkspaceTrust;
  readonly repoPath: string;
  readonly branch: string;
  readonly sha: string;
  readonly command: CommandSpec;
  readonly timeoutMs: number;
  /** Where the full log of the run is kept. */
  readonly logDir: string;
  readonly signal?: AbortSignal;
  readonly onOutput?: (chunk: string, stream: OutputStream) => void;
  readonly secrets?: readonly string[];
  readonly now?: () => Date;
  /** Who ran it (a GitHub login or git e-mail), recorded with the result. */
  readonly by?: string;
}

export type LocalTestOutcome =
  | {
      readonly kind: 'passed' | 'failed';
      readonly sha: string;
      readonly durationMs: number;
      readonly logFile: string;
      /** Why it counts as failed other than by exit code, e.g. "timed out after 20 min". */
      readonly note?: string;
    }
  | { readonly kind: 'cancelled'; readonly sha: string }
  | { readonly kind: 'could-not-run'; readonly sha: string; readonly reason: string };

export async function runLocalTests(request: LocalTestRequest, records: Pick<RecordsAccess, 'append'>): Promise<LocalTestOutcome> {
  const now = request.now ?? (() => new Date());
  const logFile = path.join(request.logDir, `${now().toISOString().replace(/[:.]/g, '-')}-${request.sha.slice(0, 12)}.log`);
  const run = await withDetachedWorktree(request.repoPath, request.sha, async (folder) => {
    const onOutput = request.onOutput;
    const streams = { stdout: createWorktreeRelativizer(folder), stderr: createWorktreeRelativizer(folder) };
    const forward = (text: string, stream: OutputStream) => {
      if (text !== '') onOutput?.(text, stream);
    };
    const result = await runWorkspaceCommand(request.trust, request.command, {
      cwd: folder,
      env: { RELEASE_BRANCH: request.branch, RELEASE_SHA: request.sha, REPO_PATH: request.repoPath, CI: 'true' },
      timeoutMs: request.timeoutMs,
      logFile,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      ...(onOutput === undefined ? {} : { onOutput: (chunk: string, stream: OutputStream) => forward(streams[stream].push(chunk), stream) }),
      ...(request.secrets === undefined ? {} : { secrets: request.secrets }),
    });
    for (const stream of ['stdout', 'stderr'] as const) forward(streams[stream].flush(), stream);
    await relativizeLog(logFile, folder);
    return result;
  });
  if (run.kind === 'no-checkout') return { kind: 'could-not-run', sha: request.sha, reason: run.reason };
  const result = run.value;
  switch (result.kind) {
    case 'failed-to-start':
      return { kind: 'could-not-run', sha: request.sha, reason: result.message };
    case 'cancelled':
      return { kind: 'cancelled', sha: request.sha };
    case 'timed-out':
    case 'exited': {
      const passed = result.kind === 'exited' && result.code === 0;
      const note = result.kind === 'timed-out' ? `timed out after ${Math.round(result.timeoutMs / 1000)} s` : undefined;
      const outcome = passed ? 'passed' : 'failed';
      await records.append({
        type: 'local-tests',
        branch: request.branch,
        sha: request.sha,
        outcome,
        at: now().toISOString(),
        durationMs: result.durationMs,
        logFile,
        ...(note === undefined ? {} : { note }),
        ...(request.by === undefined ? {} : { by: request.by }),
      });
      return { kind: outcome, sha: request.sha, durationMs: result.durationMs, logFile, ...(note === undefined ? {} : { note }) };
    }
  }
}

/** The stored log says `.` for the worktree too (it is written whole, so one pass after the run). */
async function relativizeLog(logFile: string, folder: string): Promise<void> {
  const text = await readFile(logFile, 'utf8').catch(() => null);
  if (text === null || !text.includes(folder)) return;
  await writeFile(logFile, relativeToWorktree(text, folder), { mode: 0o600 });
}
