/**
 * CircleCI in the branch detail, in Chromium through the browser bridge: a real git
 * workspace whose release-desk.yml says `ci.provider: circleci`, and a fake CircleCI API v2
 * (in this process, on 127.0.0.1) with a failed pipeline on the failing branch's exact head.
 * The user connects CircleCI in Settings, finds the branch blocked by the failed workflow,
 * opens it and reads the failed job and its failing tests — whose messages carry HTML from
 * the tested code, which must show as text and never run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ENDPOINT_ENV_VARS } from '../../electron/services/connections/endpoints';
import { startFakeCircleCi, type FakeCircleCi } from '../fakes/fake-circleci';
import { writeWorkspaceFile } from '../fixtures/workspace-file';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { expect, test as deskTest } from './harness';
import { shortSha } from '../../shared/text/short-sha';

const PROJECT = 'gh/welkin/web';
const TOKEN = 'circleci-e2e-token-0123456789abcdef';
const FAILING = 'feat/chart-fix';
const GREEN = 'feat/green';
/** Failed, then passed when re-run ("Rerun workflow from failed"): flaky on its head. */
const RERUN = 'feat/rerun';
const WORKFLOW = 'build-and-test';
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_NAME = '<b onmouseover="window.__pwned=2">renders the chart</b>';

interface CircleWorld {
  readonly repo: TestRepo;
  readonly workspace: string;
  readonly circleci: FakeCircleCi;
  readonly failingSha: string;
  readonly rerunSha: string;
  readonly pipelineNumber: number;
  readonly failedJobNumber: number;
}

async function createCircleWorld(): Promise<CircleWorld> {
  const repo = await createTestRepo();
  await repo.commit('master', { 'app.txt': 'app\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await repo.git('checkout', '--quiet', '-b', FAILING);
  const olderSha = await repo.commit('first try', { 'chart.txt': 'chart v1\n' });
  const failingSha = await repo.commit('fix the chart', { 'chart.txt': 'chart v2\n' });
  await repo.git('push', '--quiet', 'origin', FAILING);
  await repo.git('checkout', '--quiet', '-b', GREEN, 'master');
  const greenSha = await repo.commit('green work', { 'green.txt': 'green\n' });
  await repo.git('push', '--quiet', 'origin', GREEN);
  await repo.git('checkout', '--quiet', '-b', RERUN, 'master');
  const rerunSha = await repo.commit('timing-sensitive work', { 'rerun.txt': 'rerun\n' });
  await repo.git('push', '--quiet', 'origin', RERUN);

  const workspace = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-circleci-'));
  await writeWorkspaceFile(workspace, {
    name: 'Welkin web',
    repoPath: repo.clone,
    ci: { provider: 'circleci', projectSlug: PROJECT },
    checklist: ['Open the chart'],
  });

  const circleci = await startFakeCircleCi();
  circleci.addToken(TOKEN, { id: 'u-1', login: 'octocat', name: 'The Octocat' });
  circleci.addProject(PROJECT);
  // An older push that passed: the newest pipeline (on the head) is the one that counts.
  circleci.addPipeline(PROJECT, { branch: FAILING, revision: olderSha, workflows: [{ name: WORKFLOW, status: 'success', jobs: [{ name: 'unit-tests', status: 'success' }] }] });
  const failed = circleci.addPipeline(PROJECT, {
    branch: FAILING,
    revision: failingSha,
    workflows: [
      {
        name: WORKFLOW,
        status: 'failed',
        jobs: [
          { name: 'lint', status: 'success' },
          {
            name: 'unit-tests',
            status: 'failed',
            tests: [
              { name: HOSTILE_NAME, classname: 'chart.spec', result: 'failure', message: `Expected the legend, got ${HOSTILE}`, file: 'src/chart.spec.ts' },
              { name: 'draws the axis', classname: 'chart.spec', result: 'failure', message: 'AssertionError: expected 3 to equal 4' },
              { name: 'loads the data', classname: 'chart.spec', result: 'success' },
            ],
          },
        ],
      },
    ],
  });
  circleci.addPipeline(PROJECT, { branch: GREEN, revision: greenSha, workflows: [{ name: WORKFLOW, status: 'success', jobs: [{ name: 'unit-tests', status: 'success' }] }] });
  circleci.addPipeline(PROJECT, { branch: RERUN, revision: rerunSha, workflows: [{ name: WORKFLOW, status: 'failed' }, { name: WORKFLOW, status: 'success' }] });
  const failedJobNumber = failed.jobNumbers[0]?.[1];
  if (failedJobNumber === undefined || failedJobNumber === null) throw new Error('the failed job has no number');
  return { repo, workspace, circleci, failingSha, rerunSha, pipelineNumber: failed.number, failedJobNumber };
}

const test = deskTest.extend<object, { circleWorld: CircleWorld }>({
  circleWorld: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
    async ({}, use) => {
      const world = await createCircleWorld();
      await use(world);
      await world.circleci.close();
      await world.repo.cleanup();
      await rm(world.workspace, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  deskWorkspace: async ({ circleWorld }, use) => {
    await use(circleWorld.workspace);
  },
  deskEnv: async ({ circleWorld }, use) => {
    await use({
      [ENDPOINT_ENV_VARS.circleci]: circleWorld.circleci.url,
      // Closed ports: this test talks to CircleCI only, and nothing leaves the machine.
      [ENDPOINT_ENV_VARS.github]: 'http://127.0.0.1:9',
      [ENDPOINT_ENV_VARS.slack]: 'http://127.0.0.1:9/api/',
    });
  },
});

const rowOf = (page: Page, branch: string) =>
  page.getByRole('table', { name: 'Branches' }).getByRole('row').filter({ has: page.getByRole('button', { name: branch, exact: true }) });

test('a failed CircleCI pipeline on the head shows on the board and in the branch detail, its HTML as text', async ({
  deskPage,
  problems,
  circleWorld,
}) => {
  const { circleci, failingSha, pipelineNumber, failedJobNumber } = circleWorld;

  await deskPage.getByRole('link', { name: 'Settings' }).click();
  const connection = deskPage.getByRole('region', { name: 'CircleCI' });
  await expect(connection).toContainText('Not connected');
  await connection.getByLabel('CircleCI token').fill(TOKEN);
  await connection.getByRole('button', { name: 'Connect CircleCI' }).click();
  await expect(connection.getByRole('status', { name: 'CircleCI connection result' })).toHaveText('Connected as @octocat');

  await deskPage.getByRole('link', { name: 'Branches' }).click();
  const failing = rowOf(deskPage, FAILING);
  await expect(failing).toHaveCount(1);
  // Connecting CircleCI re-reads the board by itself: nobody presses Refresh.
  await expect(failing.getByRole('list', { name: `Blockers of ${FAILING}` })).toContainText(`CI failed: ${WORKFLOW}`);
  await expect(failing).toContainText('Blocked');
  const green = rowOf(deskPage, GREEN);
  await expect(green.getByRole('list', { name: `Blockers of ${GREEN}` })).not.toContainText('CI');
  // A workflow that failed and passed when re-run on one commit: flaky, with its history; the re-run counts (warn).
  const rerun = rowOf(deskPage, RERUN);
  const flakyText = `Flaky: ${WORKFLOW} · failed 1 of 2 runs on ${shortSha(circleWorld.rerunSha)}`;
  await expect(rerun.getByRole('list', { name: `Flaky results of ${RERUN}` })).toHaveText(flakyText);
  await expect(rerun.getByRole('list', { name: `Blockers of ${RERUN}` })).not.toContainText('CI');
  await expect(green.getByRole('list', { name: `Flaky results of ${GREEN}` })).toHaveCount(0);
  await rerun.getByRole('button', { name: RERUN, exact: true }).click();
  await expect(deskPage.getByRole('region', { name: RERUN }).getByRole('list', { name: `Flaky results of ${RERUN}` })).toHaveText(flakyText);

  await failing.getByRole('button', { name: FAILING, exact: true }).click();
  const detail = deskPage.getByRole('region', { name: FAILING });
  await expect(detail).toBeVisible();
  const section = detail.getByRole('region', { name: 'CircleCI' });
  await expect(section.getByRole('button', { name: `Open pipeline ${pipelineNumber} in CircleCI` })).toHaveText(`Pipeline ${pipelineNumber}`);
  await expect(section).toContainText(`on ${shortSha(failingSha)}`);
  await expect(section.getByRole('note')).toHaveCount(0);
  await expect(section.getByRole('listitem', { name: `Workflow ${WORKFLOW}: failed` })).toBeVisible();
  const job = section.getByRole('listitem', { name: `Failed job unit-tests (#${failedJobNumber}): failed` });
  await expect(job).toBeVisible();
  // Only the failed job is listed, not the one that passed.
  await expect(section.getByRole('list', { name: `Failed jobs in ${WORKFLOW}` }).getByRole('listitem').filter({ hasText: 'lint' })).toHaveCount(0);

  const tests = job.getByRole('list', { name: `Failing tests in unit-tests (#${failedJobNumber})` });
  await expect(tests.getByRole('listitem')).toHaveCount(2);
  const hostile = tests.getByRole('listitem').filter({ hasText: 'renders the chart' });
  // The markup is shown as the literal characters the tested code wrote, not as elements.
  await expect(hostile.locator('strong')).toHaveText(HOSTILE_NAME);
  await expect(hostile.locator('pre')).toHaveText(`Expected the legend, got ${HOSTILE}`);
  await expect(tests.getByRole('listitem').filter({ hasText: 'draws the axis' }).locator('pre')).toHaveText('AssertionError: expected 3 to equal 4');
  await expect(tests).not.toContainText('loads the data');
  expect(await detail.locator('img, b').count()).toBe(0);
  await hostile.locator('strong').hover();

  expect(await deskPage.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  // The details came from the fake over its API, with the token the user connected.
  expect(circleci.requestCount('tests')).toBeGreaterThan(0);
  const apiTokens = new Set(circleci.server.requests.filter((request) => request.path !== '/api/v2/me').map((request) => request.headers['circle-token']));
  expect([...apiTokens]).toEqual([TOKEN]);
  // And the token never reached the page.
  expect(await deskPage.content()).not.toContain(TOKEN);
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});
