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
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeGitHub } from '../tests/fakes/fake-github';
import { createBranchyWorld, defaultMaster } from '../tests/fixtures/branchy-repo';
import { writeWorkspaceFile } from '../tests/fixtures/workspace-file';

const BRANCHES = 300;
const LATENCY_MS = 30;
const RUNS = Number(process.env.ONE_BRANCH_RUNS ?? 11);
const bins = (process.env.ONE_BRANCH_BINS ?? 'bin/release-desk.js').split(',').map((bin) => path.resolve(bin));

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 || code === 1 ? resolve(performance.now() - started) : reject(new Error(`${args.join(' ')} exited ${String(code)}: ${stderr}`))));
  });
}

async function main(): Promise<void> {
  const loadBefore = load();
  const world = createBranchyWorld(
    defaultMaster(200, 150),
    Array.from({ length: BRANCHES }, (_, i) => ({
      name: `feature/b-${i}`,
      forkAt: (i * 7) % 200,
      files: { [`branch-${i}.txt`]: `${i}\n`, ...(i % 5 === 0 ? { 'shared.txt': `branch ${i}\n` } : { [`more-${i}.txt`]: 'x\n' }) },
    })),
  );
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
    for (const [index, bin] of bins.entries()) await run(process.execPath, [bin, 'readiness', 'feature/b-7'], envs[index] as NodeJS.ProcessEnv);

    const times = bins.map(() => [] as number[]);
    const requests = bins.map(() => [] as number[]);
    const floor: number[] = [];
    for (let round = 0; round < RUNS; round++) {
      floor.push(await run(process.execPath, ['-e', '0'], process.env));
      for (const [index, bin] of bins.entries()) {
        const before = github.server.requests.length;
        times[index]?.push(await run(process.execPath, [bin, 'readiness', 'feature/b-7'], envs[index] as NodeJS.ProcessEnv));
        requests[index]?.push(github.server.requests.length - before);
      }
    }
    console.log(`readiness BRANCH, CLI process, warm: ${BRANCHES} branches, fake GitHub answers after ${LATENCY_MS} ms; medians of ${RUNS} alternating runs; load ${loadBefore} before, ${load()} after`);
    console.log(`  node -e 0 (floor)  ${Math.round(median(floor))} ms`);
    for (const [index, bin] of bins.entries()) {
      const ms = median(times[index] ?? []);
      console.log(`  ${bin}  ${Math.round(ms)} ms (min ${Math.round(Math.min(...(times[index] ?? [])))}), ${median(requests[index] ?? [])} requests   goal ≤ 300 ms, ≤ 2 requests: ${ms <= 300 && median(requests[index] ?? []) <= 2 ? 'met' : 'NOT MET'}`);
    }
  } finally {
    await github.close();
    world.cleanup();
    rmSync(temp, { recursive: true, force: true });
  }
}

await main();
