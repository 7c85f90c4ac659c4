/**
 * CircleCI for the board (issue 11, "CircleCI at the cost of a few pages"): 300 branches
 * whose heads were pushed in the last week, read by the board's CircleCI source from the
 * fake CircleCI API v2 (127.0.0.1, LATENCY_MS per answer), in the same run:
 *  - by project pages (the default) and per branch (`?branch=`, the earlier way);
 *  - cold (a new source, empty data folder), unchanged (the same source again, nothing
 *    pushed, every workflow finished), and a new process with the data folder kept (the next
 *    CLI run, or the app after a restart);
 *  - a realistic board: 10 % of heads still running, and the unchanged read after that.
 * Requests are counted by the fake, per route. Medians of RUNS runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { CircleCiCiSource } from '../electron/services/ci/circleci-ci-source';
import type { BranchHead, CiRead } from '../electron/services/readiness/readiness-service';
import { startFakeCircleCi, type FakeCircleCi } from '../tests/fakes/fake-circleci';

const BRANCHES = 300;
const RUNS = 5;
const LATENCY_MS = 30;
const SLUG = 'gh/welkin/web';
const TOKEN = 'bench-cci';
const DAY = 24 * 60 * 60 * 1000;

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');
const sha = (i: number, salt: string) => `${salt}${i.toString(16).padStart(39, '0')}`.slice(0, 40);

interface Cost {
  readonly ms: number;
  readonly pipelines: number;
  readonly workflows: number;
}

/** 300 branches pushed over the last week, a third of them twice; main built 20 times. */
function world(fake: FakeCircleCi, runningEvery: number | null): BranchHead[] {
  fake.addProject(SLUG);
  fake.setClock(new Date(Date.now() - 6 * DAY));
  const heads: BranchHead[] = [];
  for (let i = 0; i < BRANCHES; i++) {
    const branch = `feature/b-${i}`;
    if (i % 3 === 0) fake.addPipeline(SLUG, { branch, revision: sha(i, 'c'), workflows: [{ name: 'build', status: 'failed' }] });
    if (i % 15 === 0) fake.addPipeline(SLUG, { branch: 'master', revision: sha(i, 'd'), workflows: [{ name: 'build', status: 'success' }] });
    const running = runningEvery !== null && i % runningEvery === 0;
    fake.addPipeline(SLUG, {
      branch,
      revision: sha(i, 'a'),
      workflows: [
        { name: 'build', status: running ? 'running' : i % 9 === 0 ? 'failed' : 'success' },
        { name: 'lint', status: 'success' },
      ],
    });
    heads.push({ name: branch, headSha: sha(i, 'a') });
  }
  return heads;
}

async function measure(fake: FakeCircleCi, read: () => Promise<CiRead>): Promise<Cost> {
  fake.resetCounts();
  const started = performance.now();
  const result = await read();
  const ms = performance.now() - started;
  if (result.kind !== 'ok' || result.incomplete !== undefined) throw new Error(`the read failed: ${JSON.stringify(result).slice(0, 300)}`);
  return { ms, pipelines: fake.requestCount('pipelines'), workflows: fake.requestCount('workflows') };
}

async function scenario(runningEvery: number | null): Promise<Map<string, Cost[]>> {
  const fake = await startFakeCircleCi();
  const temp = mkdtempSync(path.join(tmpdir(), 'bench-circleci-pages-'));
  const rows = new Map<string, Cost[]>();
  const add = (label: string, cost: Cost) => rows.set(label, [...(rows.get(label) ?? []), cost]);
  try {
    fake.addToken(TOKEN, { id: 'u1', login: 'bench', name: 'Bench' });
    const heads = world(fake, runningEvery);
    fake.setLatency(LATENCY_MS);
    const source = (locate: 'project-pages' | 'per-branch', dataDir?: string) =>
      new CircleCiCiSource({ projectSlug: SLUG, token: async () => TOKEN, baseUrl: fake.url, locate, ...(dataDir === undefined ? {} : { dataDir }) });
    for (let run = 0; run < RUNS; run++) {
      const perBranch = source('per-branch');
      add('per branch, cold', await measure(fake, () => perBranch.read(heads)));
      add('per branch, unchanged', await measure(fake, () => perBranch.read(heads)));
      const dataDir = path.join(temp, `run-${run}`);
      const pages = source('project-pages', dataDir);
      add('project pages, cold', await measure(fake, () => pages.read(heads)));
      add('project pages, unchanged', await measure(fake, () => pages.read(heads)));
      add('project pages, new process, data kept', await measure(fake, () => source('project-pages', dataDir).read(heads)));
    }
  } finally {
    await fake.close();
    rmSync(temp, { recursive: true, force: true });
  }
  return rows;
}

function print(title: string, rows: Map<string, Cost[]>): void {
  console.log(title);
  console.log(`  ${'row'.padEnd(40)}${'wall'.padStart(9)}${'req'.padStart(6)}${'pipelines'.padStart(11)}${'workflows'.padStart(11)}`);
  for (const [label, runs] of rows) {
    const pipelines = median(runs.map((c) => c.pipelines));
    const workflows = median(runs.map((c) => c.workflows));
    console.log(`  ${label.padEnd(40)}${`${Math.round(median(runs.map((c) => c.ms)))} ms`.padStart(9)}${String(pipelines + workflows).padStart(6)}${String(pipelines).padStart(11)}${String(workflows).padStart(11)}`);
  }
}

async function main(): Promise<void> {
  const before = load();
  const finished = await scenario(null);
  const busy = await scenario(10);
  console.log(`CircleCI for the board: ${BRANCHES} branches pushed in the last week (${BRANCHES / 3} of them twice), fake CircleCI answers after ${LATENCY_MS} ms, at most 4 requests in flight; medians of ${RUNS} runs; load ${before} before, ${load()} after`);
  print('every workflow finished:', finished);
  print('every 10th head still running:', busy);
  console.log('  req = pipelines (project pages, or ?branch= per branch) + workflows (one list per pipeline on a head); "unchanged" reads again with the same source, nothing pushed');
  console.log('  goal: ≤ 30 requests cold; 0 for heads whose workflows had finished when nothing was pushed');
}

await main();
