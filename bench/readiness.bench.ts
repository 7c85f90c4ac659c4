/**
 * Branch readiness, issue 4's performance targets, each against the naive approach measured
 * in the same run (median of several runs):
 *  (a) git: ahead/behind + conflicts for 300 branches (target ≤ 2 s on 2 cores) vs one git
 *      process per question;
 *  (b) GitHub through a fake with 30 ms latency: a full refresh of 300 branches (target
 *      ≤ 1.5 s, ≤ 10 requests) vs one REST call per branch per check kind;
 *  (c) a refresh where nothing changed: rate limit spent (target 0).
 * Talks only to 127.0.0.1.
 */
import { availableParallelism } from 'node:os';
import { aheadBehindAll, aheadBehindOneByOne } from '../electron/services/git/ahead-behind';
import { mapWithConcurrency } from '../electron/services/git/bounded-pool';
import { GitReadinessReader } from '../electron/services/git/git-readiness';
import { checkConflicts } from '../electron/services/git/merge-conflicts';
import { createConditionalCache } from '../electron/services/github/conditional-get';
import { createGitHubClient } from '../electron/services/github/github-client';
import { GitHubReadinessReader } from '../electron/services/github/github-readiness';
import { readCiViaRest } from '../electron/services/github/rest-ci-reader';
import { startFakeGitHub } from '../tests/fakes/fake-github';
import { createBenchBoardWorld } from '../tests/fixtures/branchy-repo';

const BRANCHES = 300;
const RUNS = 5;

async function median(runs: number, task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const ms = (value: number) => `${Math.round(value)} ms`;

async function gitBench(): Promise<void> {
  const world = createBenchBoardWorld(BRANCHES);
  try {
    const cores = availableParallelism();
    let conflictsFound = 0;
    let mergeTrees = 0;
    const batched = await median(RUNS, async () => {
      const reader = new GitReadinessReader({ repoPath: world.clone, concurrency: cores }); // fresh: no cached answers
      const snapshot = await reader.read({ fetch: false });
      conflictsFound = snapshot.branches.filter((b) => b.conflict.kind === 'conflicts').length;
      mergeTrees = reader.conflictChecksRun;
    });
    const warmReader = new GitReadinessReader({ repoPath: world.clone, concurrency: cores });
    await warmReader.read({ fetch: false });
    const warm = await median(RUNS, () => warmReader.read({ fetch: false }));
    const main = world.git(world.clone, ['rev-parse', 'origin/master']).trim();
    const tips = world.git(world.clone, ['for-each-ref', '--format=%(objectname)', 'refs/remotes/origin/feature/']).trim().split('\n');
    const naive = await median(3, async () => {
      await aheadBehindOneByOne(world.clone, main, tips, cores);
      await mapWithConcurrency(tips, cores, (tip) => checkConflicts(world.clone, main, tip));
    });
    const countsBatched = await median(RUNS, () => aheadBehindAll(world.clone, main, tips));
    const countsNaive = await median(3, () => aheadBehindOneByOne(world.clone, main, tips, cores));
    console.log(`(a) git, ${BRANCHES} branches, ${cores} cores: ahead/behind + conflicts`);
    console.log(`    ahead/behind alone: batched ${ms(countsBatched)} (2 git processes) vs ${ms(countsNaive)} (${tips.length} processes): ${(countsNaive / countsBatched).toFixed(1)}×`);
    console.log(`    batched (cold, no cache):   ${ms(batched)}  [${mergeTrees} merge-tree runs, ${conflictsFound} branches conflict]   target ≤ 2000 ms`);
    console.log(`    batched (warm, cached):     ${ms(warm)}`);
    console.log(`    naive (1 process/question): ${ms(naive)}  [${tips.length * 2} git processes]`);
    console.log(`    speed-up: ${(naive / batched).toFixed(1)}× cold, ${(naive / warm).toFixed(1)}× warm`);
  } finally {
    world.cleanup();
  }
}

async function githubBench(): Promise<void> {
  const github = await startFakeGitHub();
  try {
    github.addToken('bench', { login: 'bench', id: 1, name: null });
    for (let i = 0; i < BRANCHES; i++) {
      const sha = (i + 1).toString(16).padStart(40, '0');
      github.readiness.setBranch(`feature/b-${i}`, sha);
      github.readiness.setChecks(sha, [
        { kind: 'check-run', name: 'build', status: 'completed', conclusion: i % 9 === 0 ? 'failure' : 'success' },
        { kind: 'check-run', name: 'test', status: 'completed', conclusion: 'success' },
        { kind: 'status', context: 'ci/circleci: lint', state: 'success' },
      ]);
      if (i % 4 === 0) github.readiness.openPull(`feature/b-${i}`, `Feature ${i}`);
    }
    github.server.setLatency(30);
    const client = () => createGitHubClient({ token: 'bench', baseUrl: github.url, retries: 0 });
    const repo = { owner: 'welkin', name: 'web' };

    let requests = 0;
    let points = 0;
    const full = await median(RUNS, async () => {
      const outcome = await new GitHubReadinessReader(client(), repo).refresh();
      if (outcome.kind !== 'fresh') throw new Error(outcome.problem.message);
      requests = outcome.cost.requests;
      points = outcome.cost.graphqlPoints;
    });
    const heads = new Map(Array.from({ length: BRANCHES }, (_, i) => [`feature/b-${i}`, (i + 1).toString(16).padStart(40, '0')] as const));
    let naiveRequests = 0;
    const naive = await median(3, async () => {
      const stats = { requests: 0, notModified: 0 };
      await readCiViaRest(client(), repo, heads, createConditionalCache(), { stats, concurrency: 10 });
      naiveRequests = stats.requests;
    });
    console.log(`(b) GitHub (fake, 30 ms latency), full refresh of ${BRANCHES} branches`);
    console.log(`    GraphQL refs + REST probes: ${ms(full)}, ${requests} requests, ${points} GraphQL points   target ≤ 1500 ms, ≤ 10 requests`);
    console.log(`    naive REST (status + check runs per branch): ${ms(naive)}, ${naiveRequests} requests`);
    console.log(`    speed-up: ${(naive / full).toFixed(1)}×, ${(naiveRequests / requests).toFixed(0)}× fewer requests`);

    const reader = new GitHubReadinessReader(client(), repo);
    await reader.refresh();
    github.readiness.resetCharges();
    let unchangedRequests = 0;
    const unchanged = await median(RUNS, async () => {
      const outcome = await reader.refresh();
      unchangedRequests = outcome.cost.requests;
    });
    const readerCharged = { ...github.readiness.charged };
    const cache = createConditionalCache();
    await readCiViaRest(client(), repo, heads, cache, { concurrency: 10 });
    github.readiness.resetCharges();
    const stats = { requests: 0, notModified: 0 };
    const naiveUnchanged = await median(1, () => readCiViaRest(client(), repo, heads, cache, { stats, concurrency: 10 }));
    console.log(`(c) refresh with nothing changed (${RUNS} refreshes)`);
    console.log(`    reader: ${ms(unchanged)} each, ${unchangedRequests} requests (all 304), rate limit spent: core ${readerCharged.core}, GraphQL ${readerCharged.graphql}   target 0`);
    console.log(`    naive REST with ETags: ${ms(naiveUnchanged)}, ${stats.requests} requests (${stats.notModified} × 304), rate limit spent: core ${github.readiness.charged.core}`);
  } finally {
    await github.close();
  }
}

await gitBench();
await githubBench();
