/**
 * CircleCI for branch readiness, against a fake CircleCI API v2 on 127.0.0.1: the details
 * of one branch (pipeline, workflows, failed jobs, failing tests), the board's CI source
 * (statuses as checks, caching of finished results, bounded concurrency), and every fault
 * said in the exact words the user sees.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CircleCiCiSource, CIRCLECI_NOT_CONNECTED } from '../../electron/services/ci/circleci-ci-source';
import { startBudget } from '../../electron/services/connections/service-budget';
import { CircleCiClient } from '../../electron/services/ci/circleci-client';
import { readCircleCiDetails } from '../../electron/services/ci/circleci-details';
import type { CiRead } from '../../electron/services/readiness/readiness-service';
import { CircleCiDetailsSchema, type CircleCiDetails } from '../../shared/ci/circleci-details';
import { startFakeCircleCi, type FakeCircleCi } from '../fakes/fake-circleci';

const SLUG = 'gh/acme/shop';
const TOKEN = 'circle-token-good';
const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
const WEB = 'https://app.circleci.com/pipelines/github/acme/shop';

let fake: FakeCircleCi;

beforeEach(async () => {
  fake = await startFakeCircleCi();
  fake.addToken(TOKEN, { id: 'u1', login: 'octocat', name: 'Octo Cat' });
  fake.addProject(SLUG);
});

afterEach(async () => {
  await fake.close();
});

const client = (options: { token?: string; timeoutMs?: number; now?: () => number; baseUrl?: string } = {}) =>
  new CircleCiClient({ token: options.token ?? TOKEN, baseUrl: options.baseUrl ?? fake.url, timeoutMs: options.timeoutMs ?? 5_000, now: options.now });

function found(details: CircleCiDetails) {
  if (details.kind !== 'found') throw new Error(`expected a pipeline, got ${JSON.stringify(details)}`);
  return details;
}

function ok(read: CiRead) {
  if (read.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(read)}`);
  return read.branches;
}

describe('readCircleCiDetails', () => {
  it('lists the failed jobs of a failing branch with their failing tests, as text, with links', async () => {
    const ids = fake.addPipeline(SLUG, {
      branch: 'feat/login',
      revision: HEAD,
      workflows: [
        {
          name: 'build-and-test',
          status: 'failed',
          jobs: [
            { name: 'lint', status: 'success' },
            {
              name: 'unit',
              status: 'failed',
              tests: [
                { name: 'logs in', classname: 'LoginTest', result: 'success' },
                { name: 'rejects a bad password', classname: 'LoginTest', result: 'failure', message: 'expected 401, got 200', file: 'test/login.test.ts' },
                { name: 'escapes <b>', classname: 'XssTest', result: 'failure', message: '<script>alert(1)</script>' },
                { name: 'flaky thing', classname: 'Other', result: 'skipped' },
              ],
            },
            { name: 'e2e', status: 'infrastructure_fail' },
            { name: 'hold', status: 'on_hold', type: 'approval', numbered: false },
          ],
        },
        { name: 'deploy', status: 'on_hold', jobs: [{ name: 'approve', status: 'on_hold', type: 'approval', numbered: false }] },
        { name: 'nightly', status: 'success' },
      ],
    });

    const details = found(await readCircleCiDetails({ client: client(), projectSlug: SLUG, branch: 'feat/login', headSha: HEAD }));

    expect(CircleCiDetailsSchema.parse(details)).toEqual(details);
    expect(details.onHead).toBe(true);
    expect(details.pipeline).toMatchObject({ number: ids.number, state: 'created', sha: HEAD, url: `${WEB}/${ids.number}` });
    expect(details.workflows.map((w) => [w.name, w.status, w.url])).toEqual([
      ['build-and-test', 'failed', `${WEB}/${ids.number}/workflows/${ids.workflowIds[0]}`],
      ['deploy', 'on_hold', `${WEB}/${ids.number}/workflows/${ids.workflowIds[1]}`],
      ['nightly', 'success', `${WEB}/${ids.number}/workflows/${ids.workflowIds[2]}`],
    ]);
    const [unitNumber, e2eNumber] = [ids.jobNumbers[0]?.[1], ids.jobNumbers[0]?.[2]];
    expect(details.workflows[0]?.failedJobs).toEqual([
      {
        name: 'unit',
        number: unitNumber,
        status: 'failed',
        url: `${WEB}/${ids.number}/workflows/${ids.workflowIds[0]}/jobs/${unitNumber}`,
        failedTests: [
          { name: 'rejects a bad password', classname: 'LoginTest', file: 'test/login.test.ts', message: 'expected 401, got 200' },
          { name: 'escapes <b>', classname: 'XssTest', file: null, message: '<script>alert(1)</script>' },
        ],
        moreFailedTests: 0,
        testsTruncated: false,
        testsError: null,
      },
      {
        name: 'e2e',
        number: e2eNumber,
        status: 'infrastructure_fail',
        url: `${WEB}/${ids.number}/workflows/${ids.workflowIds[0]}/jobs/${e2eNumber}`,
        failedTests: [],
        moreFailedTests: 0,
        testsTruncated: false,
        testsError: null,
      },
    ]);
    expect(details.workflows[1]?.failedJobs).toEqual([]);
    // Jobs are asked only of the failed workflow; tests only of its failed jobs.
    expect([fake.requestCount('pipelines'), fake.requestCount('workflows'), fake.requestCount('jobs'), fake.requestCount('tests')]).toEqual([1, 1, 1, 2]);
    const sent = fake.server.requests.filter((request) => request.path.startsWith('/api/v2/') && request.path !== '/api/v2/me');
    expect(sent.every((request) => request.headers['circle-token'] === TOKEN)).toBe(true);
  });

  it('pages through workflows and tests, caps the failing tests listed and counts the rest', async () => {
    fake.setPageSize(2);
    const failing = Array.from({ length: 7 }, (_, i) => ({ name: `case ${i}`, classname: 'Suite', result: 'failure' as const, message: `boom ${i}` }));
    fake.addPipeline(SLUG, {
      branch: 'feat/big',
      revision: HEAD,
      workflows: [
        { name: 'a', status: 'success' },
        { name: 'b', status: 'success' },
        { name: 'c', status: 'failing', jobs: [{ name: 'tests', status: 'failed', tests: failing }] },
      ],
    });

    const details = found(await readCircleCiDetails({ client: client(), projectSlug: SLUG, branch: 'feat/big', headSha: HEAD, maxFailedTestsPerJob: 3 }));

    expect(details.workflows.map((w) => w.name)).toEqual(['a', 'b', 'c']);
    const job = details.workflows[2]?.failedJobs[0];
    expect(job?.failedTests.map((t) => t.name)).toEqual(['case 0', 'case 1', 'case 2']);
    expect(job?.moreFailedTests).toBe(4);
    expect(job?.testsTruncated).toBe(false);
    expect(fake.requestCount('workflows')).toBe(2);
    expect(fake.requestCount('tests')).toBe(4);
  });

  it('shows only the re-run workflow when a workflow was re-run in the same pipeline', async () => {
    fake.addPipeline(SLUG, {
      branch: 'feat/rerun',
      revision: HEAD,
      workflows: [
        { name: 'build', status: 'failed', jobs: [{ name: 'unit', status: 'failed' }] },
        { name: 'build', status: 'success' },
      ],
    });
    const details = found(await readCircleCiDetails({ client: client(), projectSlug: SLUG, branch: 'feat/rerun', headSha: HEAD }));
    expect(details.workflows.map((w) => [w.name, w.status])).toEqual([['build', 'success']]);
    expect(fake.requestCount('jobs')).toBe(0);
  });

  it('flags a latest pipeline that ran on an older commit as not on the head', async () => {
    fake.addPipeline(SLUG, { branch: 'feat/old', revision: OLD, workflows: [{ name: 'build', status: 'success' }] });
    const details = found(await readCircleCiDetails({ client: client(), projectSlug: SLUG, branch: 'feat/old', headSha: HEAD }));
    expect(details.onHead).toBe(false);
    expect(details.pipeline.sha).toBe(OLD);
    expect(details.headSha).toBe(HEAD);
  });

  it('takes the newest pipeline of the branch, not of another branch', async () => {
    fake.addPipeline(SLUG, { branch: 'feat/x', revision: OLD, workflows: [{ name: 'build', status: 'failed' }] });
    const newest = fake.addPipeline(SLUG, { branch: 'feat/x', revision: HEAD, workflows: [{ name: 'build', status: 'success' }] });
    fake.addPipeline(SLUG, { branch: 'main', revision: OLD, workflows: [{ name: 'build', status: 'failed' }] });
    const details = found(await readCircleCiDetails({ client: client(), projectSlug: SLUG, branch: 'feat/x', headSha: HEAD }));
    expect(details.pipeline.number).toBe(newest.number);
    expect(details.onHead).toBe(true);
  });

  it('says so when the branch has no pipeline', async () => {
    expect(await readCircleCiDetails({ client: client(), projectSlug: SLUG, branch: 'feat/none', headSha: HEAD })).toEqual({
      kind: 'no-pipeline',
      branch: 'feat/none',
      reason: 'CircleCI has no pipeline for feat/none in gh/acme/shop',
    });
  });

  it('sends branch names with slashes, unicode and shell metacharacters as data', async () => {
    const branch = 'feat/$(touch x)/ünï & co?#';
    fake.addPipeline(SLUG, { branch, revision: HEAD, workflows: [{ name: 'build', status: 'success' }] });
    const details = found(await readCircleCiDetails({ client: client(), projectSlug: SLUG, branch, headSha: HEAD }));
    expect(details.workflows).toHaveLength(1);
    const asked = fake.server.requests.find((request) => request.path.endsWith('/pipeline'));
    expect(asked?.query.get('branch')).toBe(branch);
  });

  it.each([
    ['a revoked token (401)', { token: 'revoked' }, 'CircleCI rejected the token: reconnect CircleCI'],
    ['an unknown project (404)', { slug: 'gh/acme/nope' }, 'no CircleCI project gh/acme/nope (check ci.circleci.projectSlug)'],
    ['an outage (500)', { fault: 500 as const }, 'CircleCI is unavailable (HTTP 500)'],
    ['a refused access (403)', { fault: 403 as const }, 'CircleCI refused access with this token: reconnect CircleCI with a token that can read the project'],
  ])('says what to do about %s', async (_, setup: { token?: string; slug?: string; fault?: 500 | 403 }, reason) => {
    fake.addPipeline(SLUG, { branch: 'feat/a', revision: HEAD, workflows: [{ name: 'build', status: 'success' }] });
    if (setup.fault !== undefined) fake.setFault({ status: setup.fault });
    const details = await readCircleCiDetails({ client: client({ token: setup.token }), projectSlug: setup.slug ?? SLUG, branch: 'feat/a', headSha: HEAD });
    expect(details).toEqual({ kind: 'failed', branch: 'feat/a', reason, retryAt: null });
  });

  it('says when a rate limit (429) lifts, from retry-after', async () => {
    const now = Date.parse('2026-11-20T10:00:00Z');
    fake.setFault({ status: 429, retryAfter: 90 });
    const details = await readCircleCiDetails({ client: client({ now: () => now }), projectSlug: SLUG, branch: 'feat/a', headSha: HEAD });
    expect(details).toEqual({
      kind: 'failed',
      branch: 'feat/a',
      reason: 'CircleCI rate limit reached; data refreshes at 10:01:30 UTC',
      retryAt: '2026-11-20T10:01:30.000Z',
    });
  });

  it('gives up on a request after its timeout, and on a host that does not answer', async () => {
    fake.setLatency(1_000);
    const slow = await readCircleCiDetails({ client: client({ timeoutMs: 100 }), projectSlug: SLUG, branch: 'feat/a', headSha: HEAD });
    expect(slow).toEqual({ kind: 'failed', branch: 'feat/a', reason: 'CircleCI could not be reached: no answer within 100 ms', retryAt: null });

    const closed = await startFakeCircleCi();
    await closed.close();
    const down = await readCircleCiDetails({ client: client({ baseUrl: closed.url }), projectSlug: SLUG, branch: 'feat/a', headSha: HEAD });
    expect(down).toEqual({ kind: 'failed', branch: 'feat/a', reason: 'CircleCI could not be reached: connection refused', retryAt: null });
  });

  it('keeps the other jobs when one job’s tests cannot be read', async () => {
    fake.addPipeline(SLUG, { branch: 'feat/t', revision: HEAD, workflows: [{ name: 'build', status: 'failed', jobs: [{ name: 'unit', status: 'failed' }] }] });
    // A job number CircleCI does not know: its tests answer 404.
    fake.server.route((request) => (request.path.endsWith('/tests') ? { status: 404, body: { message: 'Job not found' } } : undefined));
    const details = found(await readCircleCiDetails({ client: client(), projectSlug: SLUG, branch: 'feat/t', headSha: HEAD }));
    expect(details.workflows[0]?.failedJobs[0]?.testsError).toMatch(/^its test results could not be read: CircleCI has no job \d+ in gh\/acme\/shop$/);
    expect(details.workflows[0]?.failedJobs[0]?.name).toBe('unit');
  });
});

describe('CircleCiCiSource', () => {
  // The per-branch way (`?branch=` per branch): its caching and faults. The project-pages
  // way (the default) is tested in circleci-pages.test.ts.

  const source = (token: string | null = TOKEN, now?: () => number) =>
    new CircleCiCiSource({ projectSlug: SLUG, locate: 'per-branch', token: async () => token, baseUrl: fake.url, timeoutMs: 5_000, now });

  it('maps workflow statuses to checks on the pipeline’s commit, and caches only finished results', async () => {
    fake.addPipeline(SLUG, { branch: 'green', revision: HEAD, workflows: [{ name: 'build', status: 'success' }, { name: 'deploy', status: 'canceled' }] });
    fake.addPipeline(SLUG, { branch: 'red', revision: HEAD, workflows: [{ name: 'build', status: 'failed' }, { name: 'lint', status: 'error' }, { name: 'auth', status: 'unauthorized' }] });
    const running = fake.addPipeline(SLUG, {
      branch: 'busy',
      revision: HEAD,
      workflows: [{ name: 'build', status: 'running' }, { name: 'deploy', status: 'on_hold' }, { name: 'e2e', status: 'not_run' }, { name: 'unit', status: 'failing' }],
    });
    fake.addPipeline(SLUG, { branch: 'behind-ci', revision: OLD, workflows: [{ name: 'build', status: 'success' }] });
    const heads = ['green', 'red', 'busy', 'behind-ci', 'no-ci'].map((name) => ({ name, headSha: HEAD }));
    const ci = source();

    const first = ok(await ci.read(heads));
    const states = (name: string) => {
      const facts = first.get(name)?.ci;
      return facts?.kind === 'reported' ? [facts.sha, facts.checks.map((check) => `${check.name}:${check.state}`)] : facts;
    };
    expect(states('green')).toEqual([HEAD, ['build:success', 'deploy:cancelled']]);
    expect(states('red')).toEqual([HEAD, ['build:failure', 'lint:failure', 'auth:failure']]);
    expect(states('busy')).toEqual([HEAD, ['build:pending', 'deploy:pending', 'e2e:pending', 'unit:failure']]);
    expect(states('behind-ci')).toEqual([OLD, ['build:success']]);
    expect(states('no-ci')).toEqual([HEAD, []]);
    const busyBuild = first.get('busy')?.ci;
    expect(busyBuild?.kind === 'reported' ? busyBuild.checks[0]?.url : null).toBe(`${WEB}/${running.number}/workflows/${running.workflowIds[0]}`);
    expect([fake.requestCount('pipelines'), fake.requestCount('workflows')]).toEqual([5, 4]);

    // green and red are final; busy (running), behind-ci (old commit) and no-ci are asked again.
    fake.resetCounts();
    const second = ok(await ci.read(heads));
    expect([fake.requestCount('pipelines'), fake.requestCount('workflows')]).toEqual([3, 2]);
    expect(second.get('green')).toEqual(first.get('green'));

    // busy finishes: read once more, then cached too.
    running.workflowIds.forEach((id) => fake.setWorkflowStatus(id, 'success'));
    fake.resetCounts();
    const third = ok(await ci.read(heads));
    const busy = third.get('busy')?.ci;
    expect(busy?.kind === 'reported' ? busy.checks.map((check) => check.state) : busy).toEqual(['success', 'success', 'success', 'success']);
    expect([fake.requestCount('pipelines'), fake.requestCount('workflows')]).toEqual([3, 2]);
    fake.resetCounts();
    ok(await ci.read(heads));
    expect([fake.requestCount('pipelines'), fake.requestCount('workflows')]).toEqual([2, 1]);

    // A new push to green is a new key: asked again, and nothing CircleCI said about the old head counts.
    fake.resetCounts();
    const pushed = ok(await ci.read(heads.map((head) => (head.name === 'green' ? { name: 'green', headSha: 'c'.repeat(40) } : head))));
    const green = pushed.get('green')?.ci;
    expect(green?.kind === 'reported' ? green.sha : green).toBe(HEAD);
    expect(fake.requestCount('pipelines')).toBe(3);
  });

  it('asks at most 4 branches at once', async () => {
    const heads = Array.from({ length: 12 }, (_, i) => ({ name: `feat/b${i}`, headSha: HEAD }));
    for (const head of heads) fake.addPipeline(SLUG, { branch: head.name, revision: HEAD, workflows: [{ name: 'build', status: 'success' }] });
    fake.setLatency(30);
    const branches = ok(await source().read(heads));
    expect(branches.size).toBe(12);
    expect(fake.maxInFlight()).toBe(4);
    expect(fake.requestCount()).toBe(24);
  });

  it('fails the read when not connected, without asking CircleCI', async () => {
    expect(await source(null).read([{ name: 'feat/a', headSha: HEAD }])).toEqual({ kind: 'failed', reason: CIRCLECI_NOT_CONNECTED, retryAt: null });
    expect(CIRCLECI_NOT_CONNECTED).toBe('CircleCI is not connected: connect it in Settings (the CLI reads CIRCLECI_TOKEN)');
    expect(fake.requestCount()).toBe(0);
  });

  it.each([
    ['a revoked token', 'revoked', null, 'CircleCI rejected the token: reconnect CircleCI', 1],
    ['an outage', TOKEN, 500 as const, 'CircleCI is unavailable (HTTP 500), 3 times in a row', 3],
  ])('fails the whole read on %s, and stops asking soon', async (_, token, fault, reason, asked) => {
    const heads = Array.from({ length: 10 }, (_, i) => ({ name: `feat/b${i}`, headSha: HEAD }));
    if (fault !== null) fake.setFault({ status: fault });
    const read = await new CircleCiCiSource({ projectSlug: SLUG, locate: 'per-branch', token: async () => token, baseUrl: fake.url, concurrency: 1 }).read(heads);
    expect(read).toEqual({ kind: 'failed', reason, retryAt: null });
    // A revoked token stops the read at once; an outage after 3 server errors in a row (the
    // circuit breaker), not after asking about every branch.
    expect(fake.requestCount('pipelines')).toBe(asked);
  });

  it('keeps what it read when CircleCI starts failing, stops after 3 failures in a row, and says the read was incomplete', async () => {
    const heads = Array.from({ length: 20 }, (_, i) => ({ name: `feat/b${i}`, headSha: HEAD }));
    for (const head of heads) fake.addPipeline(SLUG, { branch: head.name, revision: HEAD, workflows: [{ name: 'build', status: 'success' }] });
    let served = 0;
    fake.server.route((request) => (request.path.endsWith('/pipeline') && ++served > 5 ? { status: 500, body: { message: 'Internal server error.' } } : undefined));
    const read = await new CircleCiCiSource({ projectSlug: SLUG, locate: 'per-branch', token: async () => TOKEN, baseUrl: fake.url, concurrency: 1 }).read(heads);
    if (read.kind !== 'ok') throw new Error(`expected ok, got ${read.reason}`);
    expect(read.incomplete).toEqual({ reason: 'CircleCI is unavailable (HTTP 500), 3 times in a row; 12 of 20 branches not read', retryAt: null });
    expect([...read.branches.values()].filter((facts) => facts.ci.kind === 'reported')).toHaveLength(5);
    expect(fake.requestCount('pipelines')).toBe(8);
  });

  it('keeps the answers read before a 429 and, within a budget, reads the rest after retry-after', async () => {
    const heads = Array.from({ length: 12 }, (_, i) => ({ name: `feat/b${i}`, headSha: HEAD }));
    for (const head of heads) fake.addPipeline(SLUG, { branch: head.name, revision: HEAD, workflows: [{ name: 'build', status: 'success' }] });
    let served = 0;
    let limitedAt = 0;
    const after429: number[] = [];
    fake.server.route((request) => {
      if (!request.path.endsWith('/pipeline')) return undefined;
      if (limitedAt > 0) after429.push(Date.now());
      if (++served !== 6) return undefined;
      limitedAt = Date.now();
      return { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Rate limit exceeded' } };
    });
    const done = new AbortController();
    const read = await new CircleCiCiSource({ projectSlug: SLUG, locate: 'per-branch', token: async () => TOKEN, baseUrl: fake.url, concurrency: 1, budget: startBudget(20, done.signal) }).read(heads);
    done.abort();
    if (read.kind !== 'ok') throw new Error(`expected ok, got ${read.reason}`);
    expect(read.incomplete).toBeUndefined();
    expect([...read.branches.values()].every((facts) => facts.ci.kind === 'reported')).toBe(true);
    // 5 read before the 429 were kept (asked once each); nothing was sent before retry-after passed.
    expect(fake.requestCount('pipelines')).toBe(13);
    expect(after429.length).toBe(7);
    expect(Math.min(...after429) - limitedAt).toBeGreaterThanOrEqual(1000);
  });

  it('without time to wait out a 429, keeps the answers read and marks the read incomplete until retry-after', async () => {
    const heads = Array.from({ length: 8 }, (_, i) => ({ name: `feat/b${i}`, headSha: HEAD }));
    for (const head of heads) fake.addPipeline(SLUG, { branch: head.name, revision: HEAD, workflows: [{ name: 'build', status: 'success' }] });
    let served = 0;
    fake.server.route((request) => (request.path.endsWith('/pipeline') && ++served === 4 ? { status: 429, headers: { 'retry-after': '120' }, body: { message: 'Rate limit exceeded' } } : undefined));
    const read = await new CircleCiCiSource({ projectSlug: SLUG, locate: 'per-branch', token: async () => TOKEN, baseUrl: fake.url, concurrency: 1 }).read(heads);
    if (read.kind !== 'ok') throw new Error(`expected ok, got ${read.reason}`);
    expect(read.incomplete?.reason).toMatch(/^CircleCI rate limit reached; data refreshes at \d\d:\d\d:\d\d UTC; 5 of 8 branches not read$/);
    expect(read.incomplete?.retryAt).not.toBeNull();
    expect([...read.branches.values()].filter((facts) => facts.ci.kind === 'reported')).toHaveLength(3);
  });

  it('keeps the last known result of a branch that fails alone, and marks a never-read one unavailable', async () => {
    fake.addPipeline(SLUG, { branch: 'flaky', revision: HEAD, workflows: [{ name: 'build', status: 'running' }] });
    fake.addPipeline(SLUG, { branch: 'steady', revision: HEAD, workflows: [{ name: 'build', status: 'running' }] });
    const ci = source();
    const first = ok(await ci.read([{ name: 'flaky', headSha: HEAD }, { name: 'steady', headSha: HEAD }]));

    // From now on CircleCI fails every request about `flaky` and `new` (routes added later answer first).
    fake.server.route((request) =>
      ['flaky', 'new'].includes(request.query.get('branch') ?? '') ? { status: 502, body: { message: 'Bad gateway' } } : undefined,
    );
    const heads = ['flaky', 'steady', 'new'].map((name) => ({ name, headSha: HEAD }));
    const second = ok(await ci.read(heads));
    expect(second.get('flaky')).toEqual(first.get('flaky'));
    expect(second.get('steady')?.ci.kind).toBe('reported');
    expect(second.get('new')).toEqual({ pullRequest: null, ci: { kind: 'unavailable', reason: 'CircleCI is unavailable (HTTP 502)' } });
  });

  it('fails on an unknown project with the slug to check', async () => {
    const read = await new CircleCiCiSource({ projectSlug: 'gh/acme/nope', locate: 'per-branch', token: async () => TOKEN, baseUrl: fake.url }).read([{ name: 'main', headSha: HEAD }]);
    expect(read).toEqual({ kind: 'failed', reason: 'no CircleCI project gh/acme/nope (check ci.circleci.projectSlug)', retryAt: null });
  });

  it('waits out a rate limit: no request until retry-after has passed', async () => {
    let now = Date.parse('2026-11-20T10:00:00Z');
    fake.addPipeline(SLUG, { branch: 'feat/a', revision: HEAD, workflows: [{ name: 'build', status: 'success' }] });
    fake.setFault({ status: 429, retryAfter: 60 });
    const ci = source(TOKEN, () => now);
    const heads = [{ name: 'feat/a', headSha: HEAD }];
    const limited = { kind: 'failed', reason: 'CircleCI rate limit reached; data refreshes at 10:01:00 UTC', retryAt: '2026-11-20T10:01:00.000Z' };
    expect(await ci.read(heads)).toEqual(limited);
    expect(fake.requestCount()).toBe(1);

    fake.setFault(null);
    now += 30_000;
    expect(await ci.read(heads)).toEqual(limited);
    expect(fake.requestCount()).toBe(1);

    now += 31_000;
    expect((await ci.read(heads)).kind).toBe('ok');
    expect(fake.requestCount()).toBe(3);
  });
});
