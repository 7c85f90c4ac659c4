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
 */
import { mapWithConcurrency } from './bounded-pool';
import { runGit } from './run-git';

export interface AheadBehind {
  readonly ahead: number;
  readonly behind: number;
}

export async function aheadBehindAll(repoPath: string, mainSha: string, tips: readonly string[]): Promise<Map<string, AheadBehind>> {
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
  /** Parents of each commit, by index; parents outside the walked part are left out. */
  readonly parents: readonly (readonly number[])[];
}

function parseGraph(revList: string): Graph {
  const lines = revList.split('\n').filter((line) => line !== '');
  const index = new Map<string, number>();
  lines.forEach((line, i) => index.set(line.split(' ', 1)[0] ?? '', i));
  const parents = lines.map((line) => {
    const ids: number[] = [];
    for (const sha of line.split(' ').slice(1)) {
      const id = index.get(sha);
      if (id !== undefined) ids.push(id);
    }
    return ids;
  });
  return { index, parents };
}

function countAll(graph: Graph, mainSha: string, tips: readonly string[]): Map<string, AheadBehind> {
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
  const sharedByEntry = new Map<string, number>();
  const sharedWithMain = (entries: number[]): number => {
    entries.sort((a, b) => a - b);
    const key = entries.join(',');
    const cached = sharedByEntry.get(key);
    if (cached !== undefined) return cached;
    stamp++;
    let count = 0;
    const stack = [...entries];
    for (const id of entries) seen[id] = stamp;
    while (stack.length > 0) {
      const id = stack.pop() as number;
      count++;
      for (const parent of graph.parents[id] ?? []) {
        if (seen[parent] !== stamp) {
          seen[parent] = stamp;
          stack.push(parent);
        }
      }
    }
    sharedByEntry.set(key, count);
    return count;
  };

  const results = new Map<string, AheadBehind>();
  for (const tip of tips) {
    const tipId = graph.index.get(tip);
    if (tipId === undefined) {
      // The tip is one of the common bases: everything main has above it is "behind".
      results.set(tip, { ahead: 0, behind: mainCount });
      continue;
    }
    stamp++;
    let ahead = 0;
    const entries: number[] = [];
    const stack = [tipId];
    seen[tipId] = stamp;
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (inMain[id] === 1) {
        entries.push(id);
        continue;
      }
      ahead++;
      for (const parent of graph.parents[id] ?? []) {
        if (seen[parent] !== stamp) {
          seen[parent] = stamp;
          stack.push(parent);
        }
      }
    }
    const behind = mainCount - (entries.length === 0 ? 0 : sharedWithMain(entries));
    results.set(tip, { ahead, behind });
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
