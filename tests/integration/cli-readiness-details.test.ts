import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVISIBLE_WARNING } from '../../shared/text/reveal-invisible';
import { createCliWorld, runCliChild, SLUG, type CliWorld } from '../fixtures/cli-world';

// `release-desk readiness` (built CLI, child process) with the CircleCI provider: a failed
// workflow's jobs and tests are named, and names that lie (bidi override, zero-width, very
// long) are shown visibly, flagged, and fitted to the terminal; --json keeps them raw.
const RTL = 'feat/rtl-\u202Egnp.exe';
const ZERO_WIDTH = 'feat/zero\u200Bwidth';
const LONG = `feature/${'very-long-name-'.repeat(12)}end`;
let w: CliWorld;

beforeAll(async () => {
  w = await createCliWorld({ provider: 'circleci', branches: 3, extraNames: [RTL, ZERO_WIDTH, LONG] });
  const failing = w.branches.find((branch) => branch.name === 'feature/b-000');
  if (failing === undefined) throw new Error('no feature/b-000');
  w.circleci?.addPipeline(SLUG, {
    branch: failing.name,
    revision: failing.sha,
    workflows: [
      { name: 'lint', status: 'success' },
      {
        name: 'build',
        status: 'failed',
        jobs: [
          { name: 'compile', status: 'success' },
          {
            name: 'unit',
            status: 'failed',
            tests: [
              { name: 'adds numbers', classname: 'math', result: 'failure', message: 'expected 2, got 3\nat math.test.ts:4', file: 'math.test.ts' },
              { name: 'subtracts', classname: 'math', result: 'success' },
            ],
          },
        ],
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  await w.cleanup();
});

const readiness = (env: NodeJS.ProcessEnv, ...args: string[]) => runCliChild(['--workspace', w.folder, ...args], env);

describe('release-desk readiness BRANCH with a failed CircleCI workflow', () => {
  it('names the failed workflow, its failed job and the failing test (text)', async () => {
    const run = await readiness(w.env, 'readiness', 'feature/b-000');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\n {2}- check "build" failed on [0-9a-f]{7}/);
    expect(run.stdout).toMatch(/\n {4}workflow build: failed \(https:\/\/app\.circleci\.com\/\S+\)\n {6}job unit: failed \(https:\/\/\S+\)\n {8}✗ math adds numbers \[math\.test\.ts\]: expected 2, got 3\n/);
    expect(run.stdout).not.toMatch(/compile|subtracts|workflow lint/);
  });

  it('puts the same details in --json', async () => {
    const run = await readiness(w.env, '--json', 'readiness', 'feature/b-000');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { circleci: { kind: string; workflows: { name: string; failedJobs: { name: string; failedTests: { name: string; message: string }[] }[] }[] } };
    expect(report.circleci.kind).toBe('found');
    const build = report.circleci.workflows.find((workflow) => workflow.name === 'build');
    expect(build?.failedJobs.map((job) => job.name)).toEqual(['unit']);
    expect(build?.failedJobs[0]?.failedTests).toMatchObject([{ name: 'adds numbers', message: 'expected 2, got 3\nat math.test.ts:4' }]);
  });
});

describe('release-desk readiness: names that lie, and the terminal width', () => {
  it('spells out invisible and direction-changing characters, flags the row, and fits 80 columns', async () => {
    const run = await readiness({ ...w.env, COLUMNS: '80' }, 'readiness');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(run.stdout).not.toMatch(/[\u200B\u202A-\u202E\u2066-\u2069]/);
    const rtl = lines.find((line) => line.includes('feat/rtl-'));
    expect(rtl).toMatch(/ feat\/rtl-\\u202Egnp\.exe +name contains invisible/);
    expect(lines.find((line) => line.includes('feat/zero'))).toContain('feat/zero\\u200Bwidth');
    const long = lines.find((line) => line.includes('very-long-name'));
    expect(long).toMatch(/feature\/very-long-name-[^ ]*… /);
    expect(lines.find((line) => line.includes('feature/b-001'))).not.toContain(INVISIBLE_WARNING);
  });

  it('shows the detail of such a branch visibly, with the warning', async () => {
    const run = await readiness(w.env, 'readiness', RTL);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^feat\/rtl-\\u202Egnp\.exe at [0-9a-f]{7}: blocked$/), `  ! ${INVISIBLE_WARNING}`]);
  });

  it('keeps raw names in --json', async () => {
    const run = await readiness(w.env, '--json', 'readiness');
    const board = JSON.parse(run.stdout) as { branches: { name: string }[] };
    expect(board.branches.map((branch) => branch.name)).toEqual(expect.arrayContaining([RTL, ZERO_WIDTH, LONG]));
  });
});
