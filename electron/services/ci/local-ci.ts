/**
 * The `local` CI provider: plays CircleCI's part on this machine. Every branch head it has
 * not tested yet is queued and tested (the workspace's test command, in a worktree of the
 * exact commit, one run at a time); until then the check reads as pending. Results are
 * records, so a restart does not test the same commit again.
 */
import path from 'node:path';
import type { CiFacts } from '../../../shared/readiness/branch-facts';
import { shortSha } from '../../../shared/text/short-sha';
import { withDetachedWorktree } from '../git/worktree';
import type { ReadinessRecords } from '../readiness/readiness-records';
import type { BranchHead, CiRead, CiSource } from '../readiness/readiness-service';
import type { CommandSpec } from '../runner/run-command';
import { runWorkspaceCommand } from '../trust/run-workspace-command';
import type { WorkspaceTrust } from '../trust/workspace-trust';

export const LOCAL_CI_CHECK = 'local-ci';

export interface LocalCiOptions {
  /** The workspace's trust: its test command runs only with it. */
  readonly trust: WorkspaceTrust;
  readonly repoPath: string;
  readonly command: CommandSpec;
  readonly timeoutMs: number;
  readonly logDir: string;
  readonly records: ReadinessRecords;
  /** Called after each run, so the board can refresh. */
  readonly onRunFinished: () => void;
  readonly now?: () => Date;
  readonly secrets?: () => readonly string[];
}

export class LocalCi implements CiSource {
  private readonly queue: BranchHead[] = [];
  private running: BranchHead | null = null;
  private draining: Promise<void> | null = null;
  /** Aborted by stop(): kills the running test and ends the queue. */
  private readonly controller = new AbortController();

  constructor(private readonly options: LocalCiOptions) {}

  async read(heads: readonly BranchHead[]): Promise<CiRead> {
    const records = await this.options.records.read();
    const branches = new Map<string, { ci: CiFacts; pullRequest: null }>();
    for (const head of heads) {
      const run = records.ciRun(head.name, head.headSha);
      if (run !== null) {
        branches.set(head.name, {
          pullRequest: null,
          ci: { kind: 'reported', sha: head.headSha, checks: [{ name: LOCAL_CI_CHECK, state: run.state, url: null }] },
        });
        continue;
      }
      this.enqueue(head);
      branches.set(head.name, {
        pullRequest: null,
        ci: { kind: 'reported', sha: head.headSha, checks: [{ name: LOCAL_CI_CHECK, state: 'pending', url: null }] },
      });
    }
    return { kind: 'ok', branches };
  }

  /**
   * Stops the queue and kills the running test (the whole process group); resolves once its
   * worktree is gone, so nobody deletes the repository while git is still writing to it.
   */
  async stop(): Promise<void> {
    this.queue.length = 0;
    this.controller.abort();
    await this.draining;
  }

  /** Resolves once nothing is queued or running (tests and orderly shutdown). */
  async idle(): Promise<void> {
    while (this.draining !== null) await this.draining;
  }

  private enqueue(head: BranchHead): void {
    const same = (other: BranchHead | null) => other !== null && other.name === head.name && other.headSha === head.headSha;
    if (this.controller.signal.aborted || same(this.running) || this.queue.some(same)) return;
    this.queue.push(head);
    this.draining ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (!this.controller.signal.aborted) {
      const next = this.queue.shift();
      if (next === undefined) break;
      this.running = next;
      try {
        await this.test(next);
      } catch (error) {
        // The queue must go on (a full disk, a vanished repository); the head stays
        // untested and is queued again on the next read.
        if (!this.controller.signal.aborted) console.error(`[local-ci] could not test ${next.name} at ${shortSha(next.headSha)}:`, error);
      } finally {
        this.running = null;
      }
      this.options.onRunFinished();
    }
    // Cleared in the same turn as the last empty-queue check, so an enqueue can never find a
    // drain that has already decided to finish.
    this.draining = null;
  }

  private async test(head: BranchHead): Promise<void> {
    const now = this.options.now ?? (() => new Date());
    const logFile = path.join(this.options.logDir, `ci-${head.headSha.slice(0, 12)}-${now().getTime()}.log`);
    // A commit that cannot be checked out (force-pushed away, say) is skipped: the next
    // refresh sees the new head and queues that instead.
    const run = await withDetachedWorktree(this.options.repoPath, head.headSha, (folder) =>
      runWorkspaceCommand(this.options.trust, this.options.command, {
        cwd: folder,
        env: { RELEASE_BRANCH: head.name, RELEASE_SHA: head.headSha, REPO_PATH: this.options.repoPath, CI: 'true' },
        timeoutMs: this.options.timeoutMs,
        logFile,
        signal: this.controller.signal,
        secrets: this.options.secrets?.() ?? [],
      }),
    );
    if (run.kind === 'no-checkout' || run.value.kind === 'cancelled') return;
    const result = run.value;
    const state =
      result.kind === 'exited' ? (result.code === 0 ? 'success' : 'failure') : result.kind === 'timed-out' ? 'timed-out' : 'error';
    await this.options.records.append({
      type: 'ci',
      branch: head.name,
      sha: head.headSha,
      check: LOCAL_CI_CHECK,
      state,
      at: now().toISOString(),
      durationMs: 'durationMs' in result ? result.durationMs : 0,
      logFile,
    });
  }
}
