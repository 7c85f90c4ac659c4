/**
 * Issue 11's single-branch row on its own: `release-desk readiness BRANCH` through the CLI
 * process, warm (the data folder kept), on the glance bench's 300-branch world with the fake
 * GitHub answering after 30 ms; beside `node -e 0` in the same run.
 *
 * ONE_BRANCH_BINS=a/bin/release-desk.js,b/bin/release-desk.js compares builds, alternating
 * them run by run (copy an older dist/ and bin/ next to a node_modules link to make one);
 * default: this folder's build. ONE_BRANCH_RUNS sets the runs per build (default 11).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeGitHub } from '../tests/fakes/fake-github';
import { createBenchBoardWorld } from '../tests/fixtures/branchy-repo';
import { writeWorkspaceFile } from '../tests/fixtures/workspace-file';

const BRANCHES = 300;
const LATENCY_MS = 30;
const RUNS = Number(process.env.ONE_BRANCH_RUNS ?? 11);
const bins = (process.env.ONE_BRANCH_BINS ?? 'bin/release-desk.js').split(',').map((bin) => path.resolve(bin));

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');

/** GNU time, when installed, reports the child's CPU (user + system, 10 ms steps): less noisy than wall time on a shared machine. */
const TIME = '/usr/bin/time';

/** Wall ms and CPU ms (NaN without GNU time) of one run. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cpuFile: string): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const timed = existsSync(TIME);
  return new Promise((resolve, reject) => {
    const child = timed
      ? spawn(TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(command, [...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const wall = performance.now() - started;
      if (code !== 0 && code !== 1) return reject(new Error(`${args.join(' ')} exited ${String(code)}: ${stderr}`));
      const [user = NaN, system = NaN] = timed ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number) : [];
      resolve({ wall, cpu: (user + system) * 1000 });
    });
  });
}

async function main(): Promise<void> {
  const loadBefore = load();
  const world = createBenchBoardWorld(BRANCHES);
  const temp = mkdtempSync(path.join(tmpdir(), 'rd-one-branch-'));
  const github = await startFakeGitHub();
  try {
    github.addToken('bench', { login: 'bench', id: 1, name: null });
    const refs = world.git(world.clone, ['for-each-ref', '--format=%(refname:lstrip=3) %(objectname)', 'refs/remotes/origin/']);
    for (const line of refs.trim().split('\n')) {
      const [name = '', sha = ''] = line.split(' ');
      if (name === 'HEAD') continue;
      github.readiness.setBranch(name, sha);
      github.readiness.setChecks(sha, [
        { kind: 'check-run', name: 'build', status: 'completed', conclusion: 'success' },
        { kind: 'status', context: 'ci/circleci: test', state: 'success' },
      ]);
    }
    github.server.setLatency(LATENCY_MS);
    const folder = path.join(temp, 'ws');
    mkdirSync(folder);
    await writeWorkspaceFile(folder, { repoPath: world.clone, github: 'welkin/web', ci: { provider: 'github-checks' } });
    const env = (configDir: string): NodeJS.ProcessEnv => ({
      ...process.env,
      GITHUB_TOKEN: 'bench',
      RELEASE_DESK_GITHUB_API_URL: github.url,
      RELEASE_DESK_CONFIG_DIR: configDir,
      RELEASE_DESK_WORKSPACE: folder,
    });
    // One data folder per build, each warmed by a first run.
    const envs = bins.map(() => env(mkdtempSync(path.join(temp, 'config-'))));
    const cpuFile = path.join(temp, 'cpu.txt');
    for (const [index, bin] of bins.entries()) await run(process.execPath, [bin, 'readiness', 'feature/b-7'], envs[index] as NodeJS.ProcessEnv, cpuFile);

    const times = bins.map(() => [] as { wall: number; cpu: number }[]);
    const requests = bins.map(() => [] as number[]);
    const floor: { wall: number; cpu: number }[] = [];
    for (let round = 0; round < RUNS; round++) {
      floor.push(await run(process.execPath, ['-e', '0'], process.env, cpuFile));
      for (const [index, bin] of bins.entries()) {
        const before = github.server.requests.length;
        times[index]?.push(await run(process.execPath, [bin, 'readiness', 'feature/b-7'], envs[index] as NodeJS.ProcessEnv, cpuFile));
        requests[index]?.push(github.server.requests.length - before);
      }
    }
    const ms = (runs: readonly { wall: number; cpu: number }[], of: 'wall' | 'cpu') => Math.round(median(runs.map((run) => run[of])));
    console.log(`readiness BRANCH, CLI process, warm: ${BRANCHES} branches, fake GitHub answers after ${LATENCY_MS} ms; medians of ${RUNS} alternating runs; load ${loadBefore} before, ${load()} after`);
    console.log(`  node -e 0 (floor)  wall ${ms(floor, 'wall')} ms, CPU ${ms(floor, 'cpu')} ms`);
    for (const [index, bin] of bins.entries()) {
      const runs = times[index] ?? [];
      const wall = ms(runs, 'wall');
      const sent = median(requests[index] ?? []);
      console.log(`  ${bin}  wall ${wall} ms (min ${Math.round(Math.min(...runs.map((run) => run.wall)))}), CPU ${ms(runs, 'cpu')} ms, ${sent} requests   goal ≤ 300 ms, ≤ 2 requests: ${wall <= 300 && sent <= 2 ? 'met' : 'NOT MET'}`);
    }
  } finally {
    await github.close();
    world.cleanup();
    rmSync(temp, { recursive: true, force: true });
  }
}

await main();
