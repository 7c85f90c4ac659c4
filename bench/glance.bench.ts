/**
 * Issue 11's one table ("Readiness at the speed of a glance"): 300 branches, every row beside
 * the floor it cannot beat, all measured in this run.
 *  - board refresh in the service (ReadinessRuntime, as the app builds it) and through the CLI
 *    process, cold (empty data folder) and warm (nothing changed), for GitHub checks and for
 *    CircleCI (through the public CI interface: whatever CircleCI reading main has);
 *  - the git side alone: fast path, today's per-branch merge-tree path, the naive one (one
 *    process per question), and warm;
 *  - `readiness BRANCH` through the CLI; CLI start (`--version`);
 *  - floors: `git log --all --format='%H %P'`, one `diff-tree --stdin` over the 300 pairs,
 *    `node -e 0`.
 * Requests and rate limit are counted by the fakes (127.0.0.1, LATENCY_MS per answer), not by
 * the clients. Medians of several runs, interleaved; the load average is printed too.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { WorkspaceConfig } from '../shared/config/workspace-config';
import { endpointsFromEnv } from '../electron/services/connections/endpoints';
import { aheadBehindAndMergeBases, aheadBehindOneByOne } from '../electron/services/git/ahead-behind';
import { mapWithConcurrency } from '../electron/services/git/bounded-pool';
import { GitReadinessReader } from '../electron/services/git/git-readiness';
import { checkConflicts } from '../electron/services/git/merge-conflicts';
import { runGit } from '../electron/services/git/run-git';
import { ReadinessRuntime } from '../electron/services/readiness/readiness-runtime';
import { createEnvTokenSource } from '../electron/services/vault/token-source';
import { loadWorkspaceConfig } from '../electron/services/workspace/load-config';
import { startFakeCircleCi } from '../tests/fakes/fake-circleci';
import { startFakeGitHub } from '../tests/fakes/fake-github';
import { createBenchBoardWorld } from '../tests/fixtures/branchy-repo';
import { writeWorkspaceFile } from '../tests/fixtures/workspace-file';

const BRANCHES = 300;
const RUNS = 5;
const LATENCY_MS = 30;
const SLUG = 'gh/welkin/web';
// scripts/bench.mjs runs benches from the project's folder.
const bin = path.resolve('bin/release-desk.js');
const cores = availableParallelism();

interface Cost {
  readonly ms: number;
  readonly requests: number;
  /** GitHub rate limit: core requests charged + GraphQL points; null where the row has no GitHub. */
  readonly points: number | null;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');

async function time(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

/** Runs the built CLI to its end; throws unless it exits with one of `ok`. */
function cli(args: readonly string[], env: NodeJS.ProcessEnv, ok: readonly number[] = [0, 1]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (ok.includes(code ?? -1) ? resolve() : reject(new Error(`release-desk ${args.join(' ')} exited ${String(code)}: ${stderr}`))));
  });
}

function node(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => spawn(process.execPath, [...args], { stdio: 'ignore' }).on('close', (code) => (code === 0 ? resolve() : reject(new Error(`node exited ${String(code)}`)))));
}

async function main(): Promise<void> {
  const loadBefore = load();
  const world = createBenchBoardWorld(BRANCHES);
  const temp = mkdtempSync(path.join(tmpdir(), 'rd-glance-'));
  const github = await startFakeGitHub();
  const circleci = await startFakeCircleCi();
  const scratch = () => mkdtempSync(path.join(temp, 'data-'));
  try {
    const repoPath = world.clone;
    const heads = new Map(
      world
        .git(repoPath, ['for-each-ref', '--format=%(refname:lstrip=3) %(objectname)', 'refs/remotes/origin/'])
        .trim()
        .split('\n')
        .map((line) => line.split(' ') as [string, string])
        .filter(([name]) => name !== 'HEAD'),
    );
    // Every check has finished: "nothing changed" then means nothing to ask again.
    github.addToken('bench', { login: 'bench', id: 1, name: null });
    circleci.addToken('bench-cci', { id: 'u1', login: 'bench', name: 'Bench' });
    circleci.addProject(SLUG);
    for (const [name, sha] of heads) {
      const i = Number(/(\d+)$/.exec(name)?.[1] ?? 0);
      github.readiness.setBranch(name, sha);
      github.readiness.setChecks(sha, [
        { kind: 'check-run', name: 'build', status: 'completed', conclusion: i % 9 === 0 ? 'failure' : 'success' },
        { kind: 'status', context: 'ci/circleci: test', state: 'success' },
      ]);
      if (i % 4 === 0 && name !== 'master') github.readiness.openPull(name, `Feature ${i}`);
      circleci.addPipeline(SLUG, { branch: name, revision: sha, workflows: [{ name: 'build', status: i % 9 === 0 ? 'failed' : 'success' }] });
    }
    github.server.setLatency(LATENCY_MS);
    circleci.setLatency(LATENCY_MS);

    const folders = { github: path.join(temp, 'ws-github'), circleci: path.join(temp, 'ws-circleci') };
    mkdirSync(folders.github);
    mkdirSync(folders.circleci);
    await writeWorkspaceFile(folders.github, { repoPath, github: 'welkin/web', ci: { provider: 'github-checks' } });
    await writeWorkspaceFile(folders.circleci, { repoPath, github: 'welkin/web', ci: { provider: 'circleci', projectSlug: SLUG } });
    const configOf = async (folder: string): Promise<WorkspaceConfig> => {
      const loaded = await loadWorkspaceConfig(folder);
      if (loaded.kind !== 'valid') throw new Error(`${folder}: ${loaded.kind}`);
      return loaded.config;
    };
    const configs = { github: await configOf(folders.github), circleci: await configOf(folders.circleci) };
    const baseEnv: NodeJS.ProcessEnv = { ...process.env, GITHUB_TOKEN: 'bench', CIRCLECI_TOKEN: 'bench-cci', RELEASE_DESK_GITHUB_API_URL: github.url, RELEASE_DESK_CIRCLECI_URL: circleci.url };

    /** Wall time and what the fakes saw. */
    const measure = async (task: () => Promise<unknown>, withGitHub = true): Promise<Cost> => {
      github.readiness.resetCharges();
      const before = github.server.requests.length + circleci.server.requests.length;
      const ms = await time(task);
      const requests = github.server.requests.length + circleci.server.requests.length - before;
      return { ms, requests, points: withGitHub ? github.readiness.charged.core + github.readiness.charged.graphql : null };
    };
    const runtime = (provider: 'github' | 'circleci', dataDir: string) =>
      new ReadinessRuntime({
        config: configs[provider],
        trust: null,
        dataDir,
        now: () => new Date(),
        secrets: () => [],
        services: { tokens: createEnvTokenSource(baseEnv), endpoints: () => endpointsFromEnv(baseEnv), host: 'cli' },
        githubLogin: async () => null,
        publishStatuses: false,
        machineName: '',
        onBoardChanged: () => undefined,
        onLocalTestOutput: () => undefined,
      });
    const serviceCold = (provider: 'github' | 'circleci') => async () => {
      const r = runtime(provider, scratch());
      try {
        await r.service.refresh({ fetch: false });
      } finally {
        await r.stop();
      }
    };
    const warmRuntimes = { github: runtime('github', scratch()), circleci: runtime('circleci', scratch()) };
    await warmRuntimes.github.service.refresh({ fetch: false });
    await warmRuntimes.circleci.service.refresh({ fetch: false });
    const cliEnv = (folder: string, configDir: string): NodeJS.ProcessEnv => ({ ...baseEnv, RELEASE_DESK_CONFIG_DIR: configDir, RELEASE_DESK_WORKSPACE: folder });
    const warmCli = { github: cliEnv(folders.github, scratch()), circleci: cliEnv(folders.circleci, scratch()) };
    await cli(['readiness'], warmCli.github);
    await cli(['readiness'], warmCli.circleci);

    const mainSha = world.git(repoPath, ['rev-parse', 'origin/master']).trim();
    const tips = [...heads].filter(([name]) => name !== 'master').map(([, sha]) => sha);
    const bases = await aheadBehindAndMergeBases(repoPath, mainSha, tips);
    const pairs = tips.map((tip) => `${tip} ${bases.get(tip)?.mergeBase ?? mainSha}\n`).join('');
    const warmGit = new GitReadinessReader({ repoPath, mainBranch: 'master', concurrency: cores });
    await warmGit.read({ fetch: false });

    const rows: { label: string; runs: Cost[]; floor: string; goal?: (cost: Cost) => string }[] = [];
    const row = (label: string, floor: string, goal?: (cost: Cost) => string) => {
      const entry = { label, runs: [] as Cost[], floor, goal };
      rows.push(entry);
      return entry.runs;
    };
    const floors = { log: [] as number[], diffTree: [] as number[], node: [] as number[] };
    const r = {
      serviceColdGh: row('board, service, GitHub checks, cold', 'git'),
      serviceWarmGh: row('board, service, GitHub checks, warm', 'git', (c) => `0 rate limit: ${c.points === 0 ? 'met' : 'NOT MET'}`),
      serviceColdCci: row('board, service, CircleCI, cold', 'git'),
      serviceWarmCci: row('board, service, CircleCI, warm', 'git'),
      cliColdGh: row('board, CLI process, GitHub checks, cold', 'node+git'),
      cliWarmGh: row('board, CLI process, GitHub checks, warm', 'node+git', (c) => `≤ 500 ms, 0 rate limit: ${c.ms <= 500 && c.points === 0 ? 'met' : 'NOT MET'}`),
      cliColdCci: row('board, CLI process, CircleCI, cold', 'node+git'),
      cliWarmCci: row('board, CLI process, CircleCI, warm', 'node+git'),
      gitFast: row('git side, fast path, cold', 'git', (c) => `≤ 700 ms: ${c.ms <= 700 ? 'met' : 'NOT MET'}`),
      gitToday: row('git side, per-branch merge-tree, cold', 'git'),
      gitNaive: row('git side, naive (process per question)', 'git'),
      gitWarm: row('git side, warm (nothing moved)', 'git', (c) => `≤ 50 ms: ${c.ms <= 50 ? 'met' : 'NOT MET'}`),
      oneBranch: row('readiness BRANCH, CLI process', 'node', (c) => `≤ 300 ms, ≤ 2 requests: ${c.ms <= 300 && c.requests <= 2 ? 'met' : 'NOT MET'}`),
      start: row('CLI start (--version)', 'node', (c) => `≤ 150 ms: ${c.ms <= 150 ? 'met' : 'NOT MET'}`),
    };

    for (let round = 0; round < RUNS; round++) {
      floors.node.push(await time(() => node(['-e', '0'])));
      floors.log.push(await time(() => runGit(repoPath, ['log', '--all', '--format=%H %P'])));
      floors.diffTree.push(await time(() => runGit(repoPath, ['diff-tree', '--stdin', '--always', '-r', '--name-status', '--no-renames', '-z'], { input: pairs })));
      r.start.push(await measure(() => cli(['--version'], baseEnv, [0]), false));
      r.oneBranch.push(await measure(() => cli(['readiness', 'feature/b-7'], warmCli.github)));
      r.cliWarmGh.push(await measure(() => cli(['readiness'], warmCli.github)));
      r.cliWarmCci.push(await measure(() => cli(['readiness'], warmCli.circleci), false));
      r.serviceWarmGh.push(await measure(() => warmRuntimes.github.service.refresh({ fetch: false })));
      r.serviceWarmCci.push(await measure(() => warmRuntimes.circleci.service.refresh({ fetch: false }), false));
      r.gitWarm.push(await measure(() => warmGit.read({ fetch: false }), false));
      r.gitFast.push(await measure(() => new GitReadinessReader({ repoPath, mainBranch: 'master', concurrency: cores }).read({ fetch: false }), false));
      if (round < 3) {
        r.serviceColdGh.push(await measure(serviceCold('github')));
        r.serviceColdCci.push(await measure(serviceCold('circleci'), false));
        r.cliColdGh.push(await measure(() => cli(['readiness'], cliEnv(folders.github, scratch()))));
        r.cliColdCci.push(await measure(() => cli(['readiness'], cliEnv(folders.circleci, scratch())), false));
        r.gitToday.push(
          await measure(() => new GitReadinessReader({ repoPath, mainBranch: 'master', concurrency: cores, conflictChecks: { prefilter: false } }).read({ fetch: false }), false),
        );
        r.gitNaive.push(
          await measure(async () => {
            await aheadBehindOneByOne(repoPath, mainSha, tips, cores);
            await mapWithConcurrency(tips, cores, (tip) => checkConflicts(repoPath, mainSha, tip));
          }, false),
        );
      }
    }
    await warmRuntimes.github.stop();
    await warmRuntimes.circleci.stop();

    const floorMs = { git: median(floors.log) + median(floors.diffTree), node: median(floors.node) };
    const floorOf = (name: string) => (name === 'git' ? floorMs.git : name === 'node' ? floorMs.node : floorMs.node + floorMs.git);
    const pad = (text: string, width: number) => text.padStart(width);
    console.log(`Readiness at a glance: ${BRANCHES} branches, ${cores} cores, fakes answer after ${LATENCY_MS} ms; medians of ${RUNS} runs (cold and today's/naive: 3); load ${loadBefore} before, ${load()} after`);
    console.log(`  ${'row'.padEnd(42)}${pad('wall', 9)}${pad('req', 6)}${pad('rate', 6)}${pad('floor', 9)}${pad('× floor', 9)}   goal`);
    for (const { label, runs, floor, goal } of rows) {
      const cost: Cost = { ms: median(runs.map((c) => c.ms)), requests: median(runs.map((c) => c.requests)), points: runs[0]?.points === null ? null : median(runs.map((c) => c.points ?? 0)) };
      const f = floorOf(floor);
      console.log(
        `  ${label.padEnd(42)}${pad(`${Math.round(cost.ms)} ms`, 9)}${pad(String(cost.requests), 6)}${pad(cost.points === null ? '—' : String(cost.points), 6)}${pad(`${Math.round(f)} ms`, 9)}${pad(`${(cost.ms / f).toFixed(1)}×`, 9)}   ${goal?.(cost) ?? ''}`,
      );
    }
    console.log(`  floors: git = git log --all --format='%H %P' (${Math.round(median(floors.log))} ms) + one diff-tree --stdin over ${tips.length} pairs (${Math.round(median(floors.diffTree))} ms); node = node -e 0 (${Math.round(floorMs.node)} ms)`);
    console.log(`  req: HTTP requests the fakes received (GitHub + CircleCI); rate: GitHub core requests charged + GraphQL points (304s are free; — = no GitHub in the row)`);
    console.log(`  the CLI rows fetch from the local origin (as a user's run does); the service rows do not fetch`);
  } finally {
    await github.close();
    await circleci.close();
    world.cleanup();
    rmSync(temp, { recursive: true, force: true });
  }
}

await main();
