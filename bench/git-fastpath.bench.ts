/**
 * Issue 11, "the git side near its floor": ahead/behind + conflicts for 300 branches, cold
 * (a fresh reader, no cached answers) and warm (nothing moved), for the fast path (merge
 * bases from the ahead/behind walk, one diff-tree pre-filter, merge-tree only where a
 * conflict is possible), today's per-branch merge-tree path and the naive one (one process
 * per question), beside the floors measured in the same run: one `git log --all` and one
 * `diff-tree --stdin` over the 300 (merge base, tip) pairs. The machine is shared, so the
 * paths are interleaved round by round, medians are reported, and so is the load average.
 */
import { availableParallelism, loadavg } from 'node:os';
import { aheadBehindAndMergeBases, aheadBehindOneByOne } from '../electron/services/git/ahead-behind';
import { mapWithConcurrency } from '../electron/services/git/bounded-pool';
import { GitReadinessReader } from '../electron/services/git/git-readiness';
import { checkConflicts } from '../electron/services/git/merge-conflicts';
import { runGit } from '../electron/services/git/run-git';
import { createBenchBoardWorld } from '../tests/fixtures/branchy-repo';

const BRANCHES = 300;
const ROUNDS = 5;

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const ms = (value: number) => `${Math.round(value)} ms`;
const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');

async function time(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const world = createBenchBoardWorld(BRANCHES);
  try {
    const repoPath = world.clone;
    const cores = availableParallelism();
    const mainSha = world.git(repoPath, ['rev-parse', 'origin/master']).trim();
    const tips = world.git(repoPath, ['for-each-ref', '--format=%(objectname)', 'refs/remotes/origin/feature/']).trim().split('\n');
    const bases = await aheadBehindAndMergeBases(repoPath, mainSha, tips);
    const pairs = tips.map((tip) => `${tip} ${bases.get(tip)?.mergeBase ?? mainSha}\n`).join('');
    const loadBefore = load();

    const times = { fast: [] as number[], today: [] as number[], naive: [] as number[], warm: [] as number[], log: [] as number[], diffTree: [] as number[] };
    let fastMergeTrees = 0;
    let todayMergeTrees = 0;
    let conflicting = 0;
    const warmReader = new GitReadinessReader({ repoPath, concurrency: cores });
    await warmReader.read({ fetch: false });
    for (let round = 0; round < ROUNDS; round++) {
      times.log.push(await time(() => runGit(repoPath, ['log', '--all', '--format=%H %P'])));
      times.diffTree.push(await time(() => runGit(repoPath, ['diff-tree', '--stdin', '--always', '-r', '--name-status', '--no-renames', '-z'], { input: pairs })));
      times.fast.push(
        await time(async () => {
          const reader = new GitReadinessReader({ repoPath, concurrency: cores });
          const snapshot = await reader.read({ fetch: false });
          fastMergeTrees = reader.conflictChecksRun;
          conflicting = snapshot.branches.filter((b) => b.conflict.kind === 'conflicts').length;
        }),
      );
      times.warm.push(await time(() => warmReader.read({ fetch: false })));
      times.today.push(
        await time(async () => {
          const reader = new GitReadinessReader({ repoPath, concurrency: cores, conflictChecks: { prefilter: false } });
          await reader.read({ fetch: false });
          todayMergeTrees = reader.conflictChecksRun;
        }),
      );
      if (round < 3) {
        times.naive.push(
          await time(async () => {
            await aheadBehindOneByOne(repoPath, mainSha, tips, cores);
            await mapWithConcurrency(tips, cores, (tip) => checkConflicts(repoPath, mainSha, tip));
          }),
        );
      }
    }
    const fast = median(times.fast);
    console.log(`git side, ${BRANCHES} branches, ${cores} cores, medians of ${ROUNDS} interleaved rounds (naive: 3); load average ${loadBefore} before, ${load()} after`);
    console.log(`  cold, fast path:        ${ms(fast)}  [${fastMergeTrees} merge-tree processes, ${conflicting} branches conflict]   goal ≤ 700 ms`);
    console.log(`  cold, today's path:     ${ms(median(times.today))}  [${todayMergeTrees} merge-tree processes]`);
    console.log(`  cold, naive:            ${ms(median(times.naive))}  [${tips.length * 2} git processes]`);
    console.log(`  warm (nothing moved):   ${ms(median(times.warm))}   goal ≤ 50 ms`);
    console.log(`  floor: git log --all --format='%H %P':             ${ms(median(times.log))}`);
    console.log(`  floor: one diff-tree --stdin over ${tips.length} (base, tip) pairs: ${ms(median(times.diffTree))}`);
    console.log(`  all rounds (ms): fast ${times.fast.map(Math.round).join(' ')} | today ${times.today.map(Math.round).join(' ')} | warm ${times.warm.map(Math.round).join(' ')}`);
  } finally {
    world.cleanup();
  }
}

await main();
