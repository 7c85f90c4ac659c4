/**
 * Ahead/behind the main branch for every branch with two git processes in all, instead of
 * one `git rev-list --left-right --count` per branch (git 2.41's
 * `for-each-ref --format=%(ahead-behind:…)` would do it in one, but we must run on 2.39).
 *
 *  1. `git merge-base --octopus --all` finds commits every branch and main share. Nothing
 *     at or below them can be ahead or behind, so the walk stops there.
 *  2. `git rev-list --parents` prints the commit graph above them once, for all tips.
 *  3. In memory: M = commits reachable from main. ahead(b) = commits reachable from b not in
 *     M; behind(b) = |M| minus the part of M that b also reaches (the ancestors of where b's
 *     walk enters M).
 *  4. The same walk gives each branch's merge base with main: the entries into M that no
 *     other entry reaches. Exactly one is an ordinary fork; several (criss-cross) or one we
 *     cannot place for sure (below the walked part) leave the base unknown (null), and the
 *     conflict check then asks `git merge-tree` directly.
 */
import { mapWithConcurrency } from './bounded-pool';
import { runGit } from './run-git';

export interface AheadBehind {
  readonly ahead: number;
  readonly behind: number;
}

export interface AheadBehindAndBase extends AheadBehind {
  /** The single merge base with main; null when there are several or it is not certain. */
  readonly mergeBase: string | null;
}

export async function aheadBehindAll(repoPath: string, mainSha: string, tips: readonly string[]): Promise<Map<string, AheadBehind>> {
  const withBases = await aheadBehindAndMergeBases(repoPath, mainSha, tips);
  return new Map([...withBases].map(([tip, { ahead, behind }]) => [tip, { ahead, behind }]));
}

export async function aheadBehindAndMergeBases(repoPath: string, mainSha: string, tips: readonly string[]): Promise<Map<string, AheadBehindAndBase>> {
  const unique = [...new Set(tips)];
  if (unique.length === 0) return new Map();
  const bases = await commonBases(repoPath, [mainSha, ...unique]);
  const input = [mainSha, ...unique, ...bases.map((base) => `^${base}`)].join('\n') + '\n';
  const { stdout } = await runGit(repoPath, ['rev-list', '--parents', '--stdin'], { input });
  const graph = parseGraph(stdout);
  return countAll(graph, mainSha, unique);
}

async function commonBases(repoPath: string, commits: readonly string[]): Promise<string[]> {
  // Exit 1 with no output: no common ancestor (unrelated histories) — then walk everything.
  const { stdout } = await runGit(repoPath, ['merge-base', '--octopus', '--all', ...commits], { okExitCodes: [0, 1] });
  return stdout.split('\n').filter((line) => line !== '');
}

interface Graph {
  readonly index: Map<string, number>;
  readonly shas: readonly string[];
  /** Parents of each commit, by index; parents outside the walked part are left out. */
  readonly parents: readonly (readonly number[])[];
  /** Parents outside the walked part (the common bases), by sha. */
  readonly outside: readonly (readonly string[])[];
}

function parseGraph(revList: string): Graph {
  const lines = revList.split('\n').filter((line) => line !== '');
  const index = new Map<string, number>();
  const shas = lines.map((line) => line.split(' ', 1)[0] ?? '');
  shas.forEach((sha, i) => index.set(sha, i));
  const outside: string[][] = [];
  const parents = lines.map((line, i) => {
    const ids: number[] = [];
    for (const sha of line.split(' ').slice(1)) {
      const id = index.get(sha);
      if (id !== undefined) ids.push(id);
      else (outside[i] ??= []).push(sha);
    }
    return ids;
  });
  return { index, shas, parents, outside };
}

function countAll(graph: Graph, mainSha: string, tips: readonly string[]): Map<string, AheadBehindAndBase> {
  const size = graph.parents.length;
  const inMain = new Uint8Array(size);
  const mainId = graph.index.get(mainSha);
  let mainCount = 0;
  if (mainId !== undefined) {
    const stack = [mainId];
    inMain[mainId] = 1;
    while (stack.length > 0) {
      const id = stack.pop() as number;
      mainCount++;
      for (const parent of graph.parents[id] ?? []) {
        if (inMain[parent] === 0) {
          inMain[parent] = 1;
          stack.push(parent);
        }
      }
    }
  }
  // Stamped visit marks: one allocation for every walk.
  const seen = new Uint32Array(size);
  let stamp = 0;
  interface SharedPart {
    readonly count: number;
    /** Entries no other entry reaches: the merge bases found inside the walked part. */
    readonly tops: readonly number[];
    /** Common bases (outside the walked part) the entries reach. */
    readonly outsideReached: ReadonlySet<string>;
  }
  const sharedByEntry = new Map<string, SharedPart>();
  const sharedWithMain = (entries: number[]): SharedPart => {
    entries.sort((a, b) => a - b);
    const key = entries.join(',');
    const cached = sharedByEntry.get(key);
    if (cached !== undefined) return cached;
    stamp++;
    let count = 0;
    const isEntry = new Set(entries);
    const reachedEntries = new Set<number>();
    const outsideReached = new Set<string>();
    const stack = [...entries];
    for (const id of entries) seen[id] = stamp;
    while (stack.length > 0) {
      const id = stack.pop() as number;
      count++;
      for (const sha of graph.outside[id] ?? []) outsideReached.add(sha);
      for (const parent of graph.parents[id] ?? []) {
        if (isEntry.has(parent)) reachedEntries.add(parent);
        if (seen[parent] !== stamp) {
          seen[parent] = stamp;
          stack.push(parent);
        }
      }
    }
    const part = { count, tops: entries.filter((id) => !reachedEntries.has(id)), outsideReached };
    sharedByEntry.set(key, part);
    return part;
  };

  const results = new Map<string, AheadBehindAndBase>();
  for (const tip of tips) {
    const tipId = graph.index.get(tip);
    if (tipId === undefined) {
      // The tip is one of the common bases: everything main has above it is "behind".
      results.set(tip, { ahead: 0, behind: mainCount, mergeBase: tip });
      continue;
    }
    stamp++;
    let ahead = 0;
    const entries: number[] = [];
    const outsideHit = new Set<string>();
    const stack = [tipId];
    seen[tipId] = stamp;
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (inMain[id] === 1) {
        entries.push(id);
        continue;
      }
      ahead++;
      for (const sha of graph.outside[id] ?? []) outsideHit.add(sha);
      for (const parent of graph.parents[id] ?? []) {
        if (seen[parent] !== stamp) {
          seen[parent] = stamp;
          stack.push(parent);
        }
      }
    }
    const shared = entries.length === 0 ? null : sharedWithMain(entries);
    const behind = mainCount - (shared?.count ?? 0);
    // Common bases the branch reaches without passing through an entry are merge-base
    // candidates too, unless an entry reaches them; below the walk we cannot order them.
    const looseOutside = [...outsideHit].filter((sha) => !(shared?.outsideReached.has(sha) ?? false));
    const candidates = [...(shared?.tops ?? []).map((id) => graph.shas[id] as string), ...looseOutside];
    const mergeBase = mainId !== undefined && candidates.length === 1 ? (candidates[0] as string) : null;
    results.set(tip, { ahead, behind, mergeBase });
  }
  return results;
}

/**
 * The reference implementation: one `git rev-list --left-right --count` process per
 * branch. Kept to cross-check the batch walk in tests and as the benchmark's baseline.
 */
export async function aheadBehindOneByOne(repoPath: string, mainSha: string, tips: readonly string[], concurrency = 2): Promise<Map<string, AheadBehind>> {
  const unique = [...new Set(tips)];
  const counts = await mapWithConcurrency(unique, concurrency, async (tip) => {
    const { stdout } = await runGit(repoPath, ['rev-list', '--left-right', '--count', `${mainSha}...${tip}`]);
    const [behind = '0', ahead = '0'] = stdout.trim().split(/\s+/);
    return { ahead: Number(ahead), behind: Number(behind) };
  });
  return new Map(unique.map((tip, i) => [tip, counts[i] as AheadBehind]));
}
