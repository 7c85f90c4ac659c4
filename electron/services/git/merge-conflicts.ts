/**
 * Would this branch merge cleanly into main? `git merge-tree --write-tree` (git >= 2.38)
 * merges in the object database only: the work tree, the index and HEAD are never touched,
 * so it is safe while the user works in the clone. Exit 1 means conflicts.
 */
import type { ConflictFacts } from '../../../shared/readiness/branch-facts';
import { mapWithConcurrency } from './bounded-pool';
import { changedPaths, couldConflict, type ChangeSet, type DiffPair } from './conflict-prefilter';
import { atLeast, gitVersion } from './git-version';
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

/**
 * Many merges in one `git merge-tree --stdin` process (git >= 2.42). Per input line the
 * output is "<1 clean|0 conflicted>\0<tree>\0", the conflicted paths each NUL-terminated,
 * then an empty token (--no-messages). Null when that process fails: ask one by one.
 */
export async function checkConflictsBatch(repoPath: string, mainSha: string, branchShas: readonly string[]): Promise<ConflictFacts[] | null> {
  try {
    const input = branchShas.map((sha) => `${mainSha} ${sha}\n`).join('');
    const { stdout } = await runGit(repoPath, ['merge-tree', '--stdin', '--write-tree', '--name-only', '--no-messages', '-z'], { input, okExitCodes: [0, 1] });
    return parseMergeTreeStdin(stdout, branchShas.length);
  } catch (error) {
    if (error instanceof GitCommandError) return null;
    throw error;
  }
}

/** The `merge-tree --stdin -z --name-only --no-messages` answers, or null when malformed. */
export function parseMergeTreeStdin(stdout: string, merges: number): ConflictFacts[] | null {
  const tokens = stdout.split('\0');
  const answers: ConflictFacts[] = [];
  let i = 0;
  while (answers.length < merges) {
    const status = tokens[i];
    if (status !== '0' && status !== '1') return null;
    i += 2; // the status and the merged tree
    const files: string[] = [];
    while (i < tokens.length && tokens[i] !== '') files.push(tokens[i++] as string);
    if (i >= tokens.length) return null;
    i++; // the empty token that ends this merge
    answers.push(status === '1' ? { kind: 'none' } : { kind: 'conflicts', files: [...new Set(files)] });
  }
  return answers;
}

export interface ConflictQuestion {
  readonly branchSha: string;
  readonly ahead: number;
  readonly behind: number;
  /**
   * The branch's single merge base with main, when known (ahead-behind.ts). With it, a branch
   * whose changes cannot meet main's (conflict-prefilter.ts) is answered without merge-tree;
   * null or absent (criss-cross, unknown) always asks merge-tree.
   */
  readonly mergeBase?: string | null;
}

export interface ConflictCheckerOptions {
  /** Rule out branches by their changed paths first (default true); false = today's per-branch path. */
  readonly prefilter?: boolean;
  /** Use `merge-tree --stdin` where git >= 2.42 (default true). */
  readonly batchMergeTree?: boolean;
}

/**
 * Conflicts are asked only where they can exist — a branch both ahead and behind (an
 * ahead-only branch fast-forwards, a behind-only one has nothing to merge) and whose changes
 * since the merge base meet main's — and answers are remembered per (main, branch) commit
 * pair, which never changes its answer.
 */
export class ConflictChecker {
  private readonly answers = new Map<string, ConflictFacts>();
  private mergeTreeRuns = 0;

  constructor(
    private readonly repoPath: string,
    private readonly concurrency: number,
    private readonly options: ConflictCheckerOptions = {},
  ) {}

  /** An answer known from elsewhere (the disk cache): the pair is not asked again. */
  learn(mainSha: string, branchSha: string, answer: ConflictFacts): void {
    if (answer.kind !== 'unknown') this.answers.set(`${mainSha}:${branchSha}`, answer);
  }

  /** The answer known for the pair, if any (unknowns are never kept). */
  known(mainSha: string, branchSha: string): ConflictFacts | undefined {
    return this.answers.get(`${mainSha}:${branchSha}`);
  }

  /** How many `git merge-tree` processes ran so far (for the benchmark and tests). */
  get processesRun(): number {
    return this.mergeTreeRuns;
  }

  async checkAll(mainSha: string, questions: readonly ConflictQuestion[]): Promise<ConflictFacts[]> {
    // The questions still open, one per branch commit (two branches may share a head).
    const open = new Map<string, string | null>();
    for (const { branchSha, ahead, behind, mergeBase } of questions) {
      if (ahead === 0 || behind === 0 || this.answers.has(`${mainSha}:${branchSha}`)) continue;
      open.set(branchSha, mergeBase ?? null);
    }
    const fresh = new Map<string, ConflictFacts>();
    const candidates = await this.candidates(mainSha, open, fresh);
    await this.mergeTrees(mainSha, candidates, fresh);
    return questions.map(({ branchSha, ahead, behind }) => {
      if (ahead === 0 || behind === 0) return { kind: 'none' };
      const answer = this.answers.get(`${mainSha}:${branchSha}`) ?? fresh.get(branchSha);
      if (answer === undefined) throw new Error(`no conflict answer for ${branchSha}`);
      return answer;
    });
  }

  private remember(mainSha: string, branchSha: string, answer: ConflictFacts, fresh: Map<string, ConflictFacts>): void {
    fresh.set(branchSha, answer);
    if (answer.kind !== 'unknown') this.answers.set(`${mainSha}:${branchSha}`, answer);
  }

  /** The branches merge-tree must see; those the pre-filter clears are answered in `fresh`. */
  private async candidates(mainSha: string, open: ReadonlyMap<string, string | null>, fresh: Map<string, ConflictFacts>): Promise<string[]> {
    const all = [...open.keys()];
    if (this.options.prefilter === false) return all;
    const withBase = all.filter((sha) => open.get(sha) !== null);
    const pairs: DiffPair[] = [];
    const pairIndex = new Map<string, number>();
    const pairFor = (base: string, side: string): number => {
      const key = `${base} ${side}`;
      let index = pairIndex.get(key);
      if (index === undefined) {
        index = pairs.push({ base, side }) - 1;
        pairIndex.set(key, index);
      }
      return index;
    };
    const sides = withBase.map((sha) => {
      const base = open.get(sha) as string;
      return { sha, main: pairFor(base, mainSha), branch: pairFor(base, sha) };
    });
    let changes: ChangeSet[];
    try {
      changes = await changedPaths(this.repoPath, pairs);
    } catch {
      return all; // cannot rule anything out: ask merge-tree about every branch
    }
    const cleared = new Set<string>();
    for (const { sha, main, branch } of sides) {
      if (!couldConflict(changes[main] as ChangeSet, changes[branch] as ChangeSet)) cleared.add(sha);
    }
    for (const sha of cleared) this.remember(mainSha, sha, { kind: 'none' }, fresh);
    return all.filter((sha) => !cleared.has(sha));
  }

  private async mergeTrees(mainSha: string, candidates: readonly string[], fresh: Map<string, ConflictFacts>): Promise<void> {
    if (candidates.length === 0) return;
    if (candidates.length > 1 && this.options.batchMergeTree !== false && atLeast(await gitVersion(this.repoPath), 2, 42)) {
      this.mergeTreeRuns++;
      const batch = await checkConflictsBatch(this.repoPath, mainSha, candidates);
      if (batch !== null) {
        candidates.forEach((sha, i) => this.remember(mainSha, sha, batch[i] as ConflictFacts, fresh));
        return;
      }
    }
    await mapWithConcurrency(candidates, this.concurrency, async (sha) => {
      this.mergeTreeRuns++;
      this.remember(mainSha, sha, await checkConflicts(this.repoPath, mainSha, sha), fresh);
    });
  }
}
