/**
 * The Branches board end to end (issue 4's headline figure): the real ReadinessService over
 * the real GitReadinessReader (a git world of 300 branches) and the real GitHub CI source
 * (a fake GitHub on 127.0.0.1 answering with 30 ms latency, whose branches carry the same
 * head SHAs as the git world, 2–3 checks each, some failing, some pending), records on disk.
 *  (i)   cold full refresh (new service, new readers each run): target ≤ 1500 ms, ≤ 10 requests;
 *  (ii)  warm refresh where nothing changed: target 0 rate limit;
 *  (iii) the naive approach in the same run: one git process per question (rev-list per
 *        branch + merge-tree per branch, `cores` at a time) and one REST call per branch per
 *        check kind (combined status + check runs, 10 at a time).
 * Medians of RUNS runs. Talks only to 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { BoardSnapshot } from '../shared/readiness/board-schema';
import type { ReadinessPolicy } from '../shared/readiness/readiness-policy';
import { aheadBehindOneByOne } from '../electron/services/git/ahead-behind';
import { mapWithConcurrency } from '../electron/services/git/bounded-pool';
import { GitReadinessReader } from '../electron/services/git/git-readiness';
import { checkConflicts } from '../electron/services/git/merge-conflicts';
import { runGit } from '../electron/services/git/run-git';
import { createConditionalCache, type ConditionalCache } from '../electron/services/github/conditional-get';
import { createGitHubCiSource } from '../electron/services/github/github-ci-source';
import { createGitHubClient } from '../electron/services/github/github-client';
import { readCiViaRest } from '../electron/services/github/rest-ci-reader';
import { ReadinessRecords } from '../electron/services/readiness/readiness-records';
import { ReadinessService } from '../electron/services/readiness/readiness-service';
import { startFakeGitHub, type FakeGitHub } from '../tests/fakes/fake-github';
import type { FakeCheck } from '../tests/fakes/fake-github-readiness';
import { createBenchBoardWorld, type BranchyWorld } from '../tests/fixtures/branchy-repo';

const BRANCHES = 300;
const RUNS = 5;
const LATENCY_MS = 30;
const TOKEN = 'bench';
const REPO = { owner: 'welkin', name: 'web' };
const POLICY: ReadinessPolicy = { requiredChecks: [], allowBehindIfConflictFree: true, requireCi: true, requireLocalTests: true, requireSignOff: true };
const cores = availableParallelism();

interface Measured {
  readonly ms: number;
  readonly requests: number;
  readonly graphqlPoints: number;
  readonly core: number;
}

/** One run's wall time and what it cost GitHub, read from the fake (not from the client). */
async function measure(github: FakeGitHub, task: () => Promise<unknown>): Promise<Measured> {
  github.readiness.resetCharges();
  const requestsBefore = github.server.requests.length;
  const started = performance.now();
  await task();
  const ms = performance.now() - started;
  return { ms, requests: github.server.requests.length - requestsBefore, graphqlPoints: github.readiness.charged.graphql, core: github.readiness.charged.core };
}

async function medianOf(runs: number, github: FakeGitHub, task: () => Promise<unknown>): Promise<Measured> {
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) all.push(await measure(github, task));
  const mid = <K extends keyof Measured>(key: K) => [...all].map((m) => m[key]).sort((a, b) => a - b)[Math.floor(all.length / 2)] as number;
  return { ms: mid('ms'), requests: mid('requests'), graphqlPoints: mid('graphqlPoints'), core: mid('core') };
}

function buildWorld(): BranchyWorld {
  return createBenchBoardWorld(BRANCHES);
}

/** Every remote branch of the clone (master included) and its head, as git has it. */
function remoteHeads(world: BranchyWorld): Map<string, string> {
  return parseRefs(world.git(world.clone, ['for-each-ref', REF_FORMAT, 'refs/remotes/origin/']));
}

const REF_FORMAT = '--format=%(objectname) %(refname:lstrip=3)';

/** `SHA NAME` lines (ref names cannot contain spaces) → name → SHA, without origin/HEAD. */
function parseRefs(output: string): Map<string, string> {
  const heads = new Map<string, string>();
  for (const line of output.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const name = line.slice(space + 1);
    if (name !== 'HEAD') heads.set(name, line.slice(0, space));
  }
  return heads;
}

/** 2–3 checks per head: `build` fails on every 9th and is still running on every 11th, `lint` is pending on every 13th. */
function checksFor(i: number): FakeCheck[] {
  const build: FakeCheck =
    i % 11 === 0
      ? { kind: 'check-run', name: 'build', status: 'in_progress', conclusion: null }
      : { kind: 'check-run', name: 'build', status: 'completed', conclusion: i % 9 === 0 ? 'failure' : 'success' };
  const checks: FakeCheck[] = [build, { kind: 'check-run', name: 'test', status: 'completed', conclusion: 'success' }];
  if (i % 3 === 0) checks.push({ kind: 'status', context: 'ci/circleci: lint', state: i % 13 === 0 ? 'pending' : 'success' });
  return checks;
}

const isPending = (i: number) => i % 11 === 0 || (i % 3 === 0 && i % 13 === 0);

async function seed(github: FakeGitHub, heads: ReadonlyMap<string, string>, records: ReadinessRecords): Promise<void> {
  github.addToken(TOKEN, { login: 'bench', id: 1, name: null });
  for (const [name, sha] of heads) {
    github.readiness.setBranch(name, sha);
    const i = Number(/^feature\/b-(\d+)$/.exec(name)?.[1] ?? -1);
    if (i < 0) continue;
    github.readiness.setChecks(sha, checksFor(i));
    if (i % 4 === 0) github.readiness.openPull(name, `Feature ${i}`);
    if (i % 10 === 1) {
      const at = '2026-11-26T12:00:00.000Z';
      await records.append({ type: 'local-tests', branch: name, sha, outcome: 'passed', at, durationMs: 1000, logFile: 'bench.log' });
      await records.append({ type: 'sign-off', branch: name, sha, by: 'bench', at, items: ['Smoke test'] });
    }
  }
}

/** Where a refresh's time goes: the sources are timed as the service calls them. */
interface SourceTimes {
  git: number[];
  ci: number[];
}

async function timed<T>(into: number[], task: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await task();
  } finally {
    into.push(performance.now() - started);
  }
}

function newService(world: BranchyWorld, github: FakeGitHub, records: ReadinessRecords, times: SourceTimes = { git: [], ci: [] }): ReadinessService {
  const git = new GitReadinessReader({ repoPath: world.clone, mainBranch: 'master', concurrency: cores });
  const ci = createGitHubCiSource({ owner: REPO.owner, repo: REPO.name, baseUrl: github.url, token: async () => TOKEN, client: { retries: 0 } });
  return new ReadinessService({
    git: { read: (options) => timed(times.git, () => git.read(options)) },
    ci: { read: (heads) => timed(times.ci, () => ci.read(heads)) },
    records,
    policy: POLICY,
    checklist: ['Smoke test'],
    ciProvider: 'github-checks',
    me: async () => ({ login: 'bench', email: null }),
    now: () => new Date(),
  });
}

/** Checks the board really joined git and GitHub: every row's CI is for its own head. */
function describeBoard(board: BoardSnapshot, heads: ReadonlyMap<string, string>): string {
  const states = { eligible: 0, blocked: 0, unknown: 0 };
  let mismatched = 0;
  for (const row of board.branches) {
    states[row.readiness.state]++;
    if (heads.get(row.name) !== row.headSha || row.checks.length === 0) mismatched++;
    if (row.readiness.state === 'blocked' && row.readiness.blockers.some((b) => b.kind === 'ci-missing')) mismatched++;
  }
  if (board.branches.length !== BRANCHES || mismatched > 0 || board.sources.ci.state !== 'fresh') {
    throw new Error(`the board is not what the world holds: ${board.branches.length} rows, ${mismatched} without CI for their head, CI ${board.sources.ci.state}`);
  }
  return `${board.branches.length} rows: ${states.eligible} eligible, ${states.blocked} blocked, ${states.unknown} unknown`;
}

const conflictingRows = (board: BoardSnapshot) =>
  board.branches.filter((row) => row.readiness.state === 'blocked' && row.readiness.blockers.some((blocker) => blocker.kind === 'conflicts')).length;

/** The naive refresh: one git process per question and one REST call per branch per check kind. */
async function naiveRefresh(world: BranchyWorld, github: FakeGitHub, cache: ConditionalCache): Promise<number> {
  const all = parseRefs((await runGit(world.clone, ['for-each-ref', REF_FORMAT, 'refs/remotes/origin/'])).stdout);
  const main = all.get('master');
  if (main === undefined) throw new Error('no origin/master');
  const branches = new Map([...all].filter(([name]) => name !== 'master'));
  const tips = [...branches.values()];
  await aheadBehindOneByOne(world.clone, main, tips, cores);
  const conflicts = await mapWithConcurrency(tips, cores, (tip) => checkConflicts(world.clone, main, tip));
  const client = createGitHubClient({ token: TOKEN, baseUrl: github.url, retries: 0 });
  const ci = await readCiViaRest(client, REPO, branches, cache, { concurrency: 10 });
  if (conflicts.some((answer) => answer.kind === 'unknown') || ci.size !== branches.size) throw new Error('the naive refresh did not answer every question');
  return conflicts.filter((answer) => answer.kind === 'conflicts').length;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number) => `${Math.round(value)} ms`;
const ratio = (naive: number, ours: number) => (ours === 0 ? (naive === 0 ? '—' : '∞') : `${(naive / ours).toFixed(1)}×`);
const row = (label: string, m: Measured, note = '') =>
  `  ${label.padEnd(38)}${ms(m.ms).padStart(9)}${String(m.requests).padStart(8)}${String(m.graphqlPoints).padStart(8)}${String(m.core).padStart(7)}   ${note}`;
const ratioRow = (label: string, naive: Measured, ours: Measured) =>
  `  ${label.padEnd(38)}${ratio(naive.ms, ours.ms).padStart(9)}${ratio(naive.requests, ours.requests).padStart(8)}${''.padStart(8)}${ratio(naive.core + naive.graphqlPoints, ours.core + ours.graphqlPoints).padStart(7)}   (naive ÷ service; last column: all rate limit)`;

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const world = buildWorld();
  const data = mkdtempSync(path.join(tmpdir(), 'rd-board-bench-'));
  const github = await startFakeGitHub();
  try {
    const records = new ReadinessRecords(data);
    const heads = remoteHeads(world);
    await seed(github, heads, records);
    github.server.setLatency(LATENCY_MS);
    const featureHeads = new Map([...heads].filter(([name]) => name !== 'master'));

    // (i) cold: a new service, git reader (no merge-tree cache) and CI source (no ETags) each run.
    const coldBoards: BoardSnapshot[] = [];
    const coldTimes: SourceTimes = { git: [], ci: [] };
    const cold = await medianOf(RUNS, github, async () => {
      coldBoards.push(await newService(world, github, records, coldTimes).refresh({ fetch: false }));
    });
    const coldBoard = coldBoards.at(-1);
    if (coldBoard === undefined) throw new Error('no board');
    const shape = describeBoard(coldBoard, featureHeads);

    // (ii) warm: one service, refreshed again with nothing changed.
    const service = newService(world, github, records);
    await service.refresh({ fetch: false });
    const warmPending = await medianOf(RUNS, github, () => service.refresh({ fetch: false }));
    // Running checks are re-asked on every refresh (they finish without any ETag changing);
    // once every check has finished, an unchanged repository costs nothing.
    let pending = 0;
    for (const [name, sha] of featureHeads) {
      const i = Number(name.slice('feature/b-'.length));
      if (!isPending(i)) continue;
      pending++;
      github.readiness.setChecks(sha, checksFor(i).map((check) => (check.kind === 'check-run' ? { ...check, status: 'completed', conclusion: 'success' } : { ...check, state: 'success' })));
    }
    await service.refresh({ fetch: false });
    const warm = await medianOf(RUNS, github, () => service.refresh({ fetch: false }));
    describeBoard(await service.board(), featureHeads);

    // (iii) naive, same world, same fake, same run.
    let naiveConflicts = 0;
    const naiveCold = await medianOf(RUNS, github, async () => {
      naiveConflicts = await naiveRefresh(world, github, createConditionalCache());
    });
    const boardConflicts = conflictingRows(coldBoard);
    if (naiveConflicts !== boardConflicts) throw new Error(`the board finds ${boardConflicts} conflicting branches, the naive way ${naiveConflicts}`);
    const etags = createConditionalCache();
    await naiveRefresh(world, github, etags);
    const naiveWarm = await medianOf(RUNS, github, () => naiveRefresh(world, github, etags));

    console.log(`Board refresh end to end: ${BRANCHES} branches, fake GitHub with ${LATENCY_MS} ms latency, ${cores} cores, median of ${RUNS} runs`);
    console.log(`  board: ${shape}; ${boardConflicts} conflict with master (the naive way agrees)`);
    console.log(`  ${'refresh'.padEnd(38)}${'wall'.padStart(9)}${'GH req'.padStart(8)}${'GQL pt'.padStart(8)}${'core'.padStart(7)}`);
    console.log(row('(i)   cold, service', cold, `target ≤ 1500 ms, ≤ 10 requests: ${cold.ms <= 1500 && cold.requests <= 10 ? 'met' : 'NOT MET'}`));
    console.log(`        of which git ${ms(median(coldTimes.git))} (ahead/behind + conflicts; target ≤ 2000 ms), GitHub ${ms(median(coldTimes.ci))}, records + rule the rest`);
    console.log(row('(iii) cold, naive', naiveCold));
    console.log(ratioRow('      cold ratio', naiveCold, cold));
    console.log(row(`(ii)  warm, ${pending} branches still running`, warmPending, 'running checks are asked again'));
    console.log(row('(ii)  warm, nothing changed', warm, `target 0 rate limit: ${warm.core + warm.graphqlPoints === 0 ? 'met' : 'NOT MET'}`));
    console.log(row('(iii) warm, naive (ETags, all 304)', naiveWarm));
    console.log(ratioRow('      warm ratio', naiveWarm, warm));
    console.log(`  (naive = git for-each-ref + ${BRANCHES} rev-list + ${BRANCHES} merge-tree, ${cores} at a time; ${BRANCHES * 2} REST GETs, 10 at a time; no PRs, no verdicts)`);
    console.log(`  bench took ${ms(performance.now() - benchStarted)}`);
  } finally {
    await github.close();
    world.cleanup();
    rmSync(data, { recursive: true, force: true });
  }
}

await main();
