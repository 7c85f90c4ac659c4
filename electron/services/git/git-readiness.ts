/**
 * The git half of branch readiness: fetch (pruning deleted branches), then every remote
 * branch with its head, author, last commit time, ahead/behind the main branch and whether
 * it merges cleanly — in a handful of git processes whatever the number of branches.
 */
import { availableParallelism } from 'node:os';
import type { ConflictFacts } from '../../../shared/readiness/branch-facts';
import { aheadBehindAndMergeBases, type AheadBehindAndBase } from './ahead-behind';
import type { CommitPairStore } from './commit-pair-cache';
import { GitConfigError } from './git-errors';
import { ConflictChecker, type ConflictCheckerOptions } from './merge-conflicts';
import { assertRepositoryWithRemote, fetchIfMoved, listRemoteBranches, type FetchIfMovedResult, type FetchOutcome, type RemoteBranch } from './remote-branches';

export interface GitReadinessOptions {
  /** The local clone (repository.path, resolved). */
  readonly repoPath: string;
  /** repository.remote; default `origin`. */
  readonly remote?: string;
  /** repository.mainBranch; default `master`. */
  readonly mainBranch?: string;
  /** Parallel merge-tree processes; default: the number of cores. */
  readonly concurrency?: number;
  /** How conflicts are checked (benchmarks and tests compare the paths); default: fastest. */
  readonly conflictChecks?: ConflictCheckerOptions;
  /**
   * Pair facts kept between processes (commit-pair-cache.ts), opened at the first read; a
   * cache that cannot be opened or written only costs the git work it would have saved.
   */
  readonly pairCache?: () => Promise<CommitPairStore>;
}

export interface GitBranchState extends RemoteBranch {
  readonly ahead: number;
  readonly behind: number;
  readonly conflict: ConflictFacts;
}

export interface GitSnapshot {
  readonly mainBranch: string;
  readonly mainSha: string;
  /** `skipped` when asked not to fetch; a failed fetch leaves the last fetched state. */
  readonly fetch: FetchOutcome | { readonly ok: 'skipped' };
  /** Every remote branch except the main branch itself, by name. */
  readonly branches: readonly GitBranchState[];
}

/** Asked not to fetch: the branches are listed as the clone has them. */
const NOT_FETCHED = { fetch: { ok: 'skipped' }, unchanged: null } as const;

export class GitReadinessReader {
  private readonly remote: string;
  private readonly mainBranch: string;
  private readonly conflicts: ConflictChecker;
  /** Ahead/behind and merge base per (main, tip): a pair never changes its answer. Last read's pairs only. */
  private counted = new Map<string, AheadBehindAndBase>();
  private walks = 0;
  private pairs: Promise<CommitPairStore | null> | null = null;

  constructor(private readonly options: GitReadinessOptions) {
    this.remote = options.remote ?? 'origin';
    this.mainBranch = options.mainBranch ?? 'master';
    this.conflicts = new ConflictChecker(options.repoPath, options.concurrency ?? availableParallelism(), options.conflictChecks);
  }

  /** merge-tree processes run so far (answers are cached per commit pair). */
  get conflictChecksRun(): number {
    return this.conflicts.processesRun;
  }

  /** Ahead/behind walks run so far (none when neither main nor any branch moved). */
  get aheadBehindWalks(): number {
    return this.walks;
  }

  async read({ fetch = true }: { readonly fetch?: boolean } = {}): Promise<GitSnapshot> {
    const { repoPath } = this.options;
    await assertRepositoryWithRemote(repoPath, this.remote);
    return this.snapshotOf(fetch ? await fetchIfMoved(repoPath, this.remote) : NOT_FETCHED, () => true);
  }

  /**
   * One branch as `read` would show it (same ahead/behind, same conflict answer), fetching and
   * computing for it alone: `branches` holds it, or nothing when the remote has no such branch;
   * `remoteBranches` counts the others.
   */
  async readBranch(name: string, { fetch = true }: { readonly fetch?: boolean } = {}): Promise<GitSnapshot & { readonly remoteBranches: number }> {
    const { repoPath } = this.options;
    await assertRepositoryWithRemote(repoPath, this.remote);
    let remoteBranches = 0;
    const snapshot = await this.snapshotOf(fetch ? await fetchIfMoved(repoPath, this.remote, [this.mainBranch, name]) : NOT_FETCHED, (branch) => {
      remoteBranches++;
      return branch.name === name;
    });
    return { ...snapshot, remoteBranches };
  }

  private async snapshotOf({ fetch: fetched, unchanged }: { readonly fetch: GitSnapshot['fetch']; readonly unchanged: FetchIfMovedResult['unchanged'] }, wanted: (branch: RemoteBranch) => boolean): Promise<GitSnapshot> {
    const { repoPath } = this.options;
    const all = unchanged ?? (await listRemoteBranches(repoPath, this.remote));
    const main = all.find((branch) => branch.name === this.mainBranch);
    if (main === undefined) {
      const known = all.slice(0, 5).map((branch) => branch.name).join(', ');
      throw new GitConfigError(
        'main-branch-missing',
        `repository.mainBranch "${this.mainBranch}" does not exist on ${this.remote}${known === '' ? '' : ` (it has: ${known}${all.length > 5 ? ', …' : ''})`}`,
      );
    }
    const others = all.filter((branch) => branch !== main && wanted(branch)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const pairs = await this.pairStore();
    const counts = await this.countAll(main.headSha, others.map((branch) => branch.headSha), pairs);
    const withCounts = others.map((branch) => {
      const { ahead, behind } = counts.get(branch.headSha) ?? { ahead: 0, behind: 0 };
      return { ...branch, ahead, behind };
    });
    for (const branch of withCounts) {
      const known = pairs?.get(main.headSha, branch.headSha)?.conflict;
      if (known !== undefined) this.conflicts.learn(main.headSha, branch.headSha, known);
    }
    const conflicts = await this.conflicts.checkAll(
      main.headSha,
      withCounts.map((branch) => ({ branchSha: branch.headSha, ahead: branch.ahead, behind: branch.behind, mergeBase: counts.get(branch.headSha)?.mergeBase ?? null })),
    );
    if (pairs !== null) {
      withCounts.forEach((branch, i) => {
        const answer = conflicts[i] as ConflictFacts;
        if (answer.kind !== 'unknown' && branch.ahead > 0 && branch.behind > 0 && pairs.get(main.headSha, branch.headSha)?.conflict === undefined) {
          pairs.put(main.headSha, branch.headSha, { conflict: answer });
        }
      });
      await pairs.flush().catch((error: unknown) => console.error('[readiness] could not keep git facts on disk:', error));
    }
    return {
      mainBranch: this.mainBranch,
      mainSha: main.headSha,
      fetch: fetched,
      branches: withCounts.map((branch, i) => ({ ...branch, conflict: conflicts[i] as ConflictFacts })),
    };
  }

  private pairStore(): Promise<CommitPairStore | null> {
    const open = this.options.pairCache;
    this.pairs ??=
      open === undefined
        ? Promise.resolve(null)
        : open().catch((error: unknown) => {
            console.error('[readiness] the git facts cache cannot be opened; reading without it:', error);
            return null;
          });
    return this.pairs;
  }

  /** Walks the graph only for tips not seen with this main commit at the last read, nor on disk. */
  private async countAll(mainSha: string, tips: readonly string[], pairs: CommitPairStore | null): Promise<Map<string, AheadBehindAndBase>> {
    const stored = new Map<string, AheadBehindAndBase>();
    for (const tip of tips) {
      const known = this.counted.has(`${mainSha}:${tip}`) ? undefined : pairs?.get(mainSha, tip)?.aheadBehind;
      if (known !== undefined) stored.set(tip, known);
    }
    const missing = tips.filter((tip) => !this.counted.has(`${mainSha}:${tip}`) && !stored.has(tip));
    const fresh = missing.length === 0 ? new Map<string, AheadBehindAndBase>() : await aheadBehindAndMergeBases(this.options.repoPath, mainSha, missing);
    if (missing.length > 0) this.walks++;
    for (const [tip, answer] of fresh) pairs?.put(mainSha, tip, { aheadBehind: answer });
    const counts = new Map<string, AheadBehindAndBase>();
    const kept = new Map<string, AheadBehindAndBase>();
    for (const tip of tips) {
      const key = `${mainSha}:${tip}`;
      const answer = fresh.get(tip) ?? stored.get(tip) ?? this.counted.get(key);
      if (answer === undefined) continue;
      counts.set(tip, answer);
      kept.set(key, answer);
    }
    this.counted = kept;
    return counts;
  }
}
