/**
 * Would this branch merge cleanly into main? `git merge-tree --write-tree` (git >= 2.38)
 * merges in the object database only: the work tree, the index and HEAD are never touched,
 * so it is safe while the user works in the clone. Exit 1 means conflicts.
 */
import type { ConflictFacts } from '../../../shared/readiness/branch-facts';
import { mapWithConcurrency } from './bounded-pool';
import { GitCommandError, runGit } from './run-git';

export async function checkConflicts(repoPath: string, mainSha: string, branchSha: string): Promise<ConflictFacts> {
  try {
    const { code, stdout } = await runGit(
      repoPath,
      ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', mainSha, branchSha],
      { okExitCodes: [0, 1] },
    );
    if (code === 0) return { kind: 'none' };
    // -z output: the merged tree's id, then each conflicted path, NUL-terminated.
    const files = [...new Set(stdout.split('\0').slice(1).filter((name) => name !== ''))];
    return { kind: 'conflicts', files };
  } catch (error) {
    if (error instanceof GitCommandError) return { kind: 'unknown', reason: error.message };
    throw error;
  }
}

export interface ConflictQuestion {
  readonly branchSha: string;
  readonly ahead: number;
  readonly behind: number;
}

/**
 * Conflicts are asked only where they can exist — a branch both ahead and behind (an
 * ahead-only branch fast-forwards, a behind-only one has nothing to merge) — and answers
 * are remembered per (main, branch) commit pair, which never changes its answer.
 */
export class ConflictChecker {
  private readonly answers = new Map<string, ConflictFacts>();
  private mergeTreeRuns = 0;

  constructor(
    private readonly repoPath: string,
    private readonly concurrency: number,
  ) {}

  /** How many `git merge-tree` processes ran so far (for the benchmark and tests). */
  get processesRun(): number {
    return this.mergeTreeRuns;
  }

  async checkAll(mainSha: string, questions: readonly ConflictQuestion[]): Promise<ConflictFacts[]> {
    return mapWithConcurrency(questions, this.concurrency, async ({ branchSha, ahead, behind }) => {
      if (ahead === 0 || behind === 0) return { kind: 'none' };
      const key = `${mainSha}:${branchSha}`;
      const known = this.answers.get(key);
      if (known !== undefined) return known;
      this.mergeTreeRuns++;
      const answer = await checkConflicts(this.repoPath, mainSha, branchSha);
      if (answer.kind !== 'unknown') this.answers.set(key, answer);
      return answer;
    });
  }
}
