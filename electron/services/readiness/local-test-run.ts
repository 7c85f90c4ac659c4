/**
 * "Run local tests": the workspace's test command, in a temporary git worktree of the exact
 * commit, so the user's own checkout is never touched. Output streams live, a cancel ends
 * the whole process group, and a pass or a fail is recorded with its SHA, duration and log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../git/run-git';
import { runCommand, type CommandSpec, type OutputStream } from '../runner/run-command';
import type { ReadinessRecords } from './readiness-records';

export interface LocalTestRequest {
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

export async function runLocalTests(request: LocalTestRequest, records: ReadinessRecords): Promise<LocalTestOutcome> {
  const now = request.now ?? (() => new Date());
  const worktree = await mkdtemp(path.join(os.tmpdir(), 'release-desk-tests-'));
  const startedAt = now();
  const logFile = path.join(request.logDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}-${request.sha.slice(0, 12)}.log`);
  try {
    try {
      await runGit(request.repoPath, ['worktree', 'add', '--detach', '--quiet', worktree, request.sha]);
    } catch (error) {
      return { kind: 'could-not-run', sha: request.sha, reason: `cannot check out ${request.sha.slice(0, 12)}: ${(error as Error).message}` };
    }
    const result = await runCommand(request.command, {
      cwd: worktree,
      env: {
        RELEASE_BRANCH: request.branch,
        RELEASE_SHA: request.sha,
        REPO_PATH: request.repoPath,
        CI: 'true',
      },
      timeoutMs: request.timeoutMs,
      logFile,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      ...(request.onOutput === undefined ? {} : { onOutput: request.onOutput }),
      ...(request.secrets === undefined ? {} : { secrets: request.secrets }),
    });
    switch (result.kind) {
      case 'failed-to-start':
        return { kind: 'could-not-run', sha: request.sha, reason: result.message };
      case 'cancelled':
        return { kind: 'cancelled', sha: request.sha };
      case 'timed-out':
      case 'exited': {
        const passed = result.kind === 'exited' && result.code === 0;
        const note =
          result.kind === 'timed-out' ? `timed out after ${Math.round(result.timeoutMs / 1000)} s` : undefined;
        await records.append({
          type: 'local-tests',
          branch: request.branch,
          sha: request.sha,
          outcome: passed ? 'passed' : 'failed',
          at: now().toISOString(),
          durationMs: result.durationMs,
          logFile,
          ...(note === undefined ? {} : { note }),
        });
        return {
          kind: passed ? 'passed' : 'failed',
          sha: request.sha,
          durationMs: result.durationMs,
          logFile,
          ...(note === undefined ? {} : { note }),
        };
      }
    }
  } finally {
    await runGit(request.repoPath, ['worktree', 'remove', '--force', worktree]).catch(() => undefined);
    await rm(worktree, { recursive: true, force: true });
    await runGit(request.repoPath, ['worktree', 'prune']).catch(() => undefined);
  }
}
