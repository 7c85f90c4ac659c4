import { afterEach, describe, expect, it } from 'vitest';
import { badRequest, failAlways, hang, rateLimitOnce, refusingUrl } from '../fakes/fake-faults';
import type { FakeHttpServer } from '../fakes/fake-http-server';
import { createCliWorld, runCliChild, type ChildRun, type CliWorld } from '../fixtures/cli-world';

// `release-desk readiness` (the built CLI, a child process) against the fake GitHub and
// CircleCI in fault modes: it answers within its budget with the git-side facts, says what
// it could not read in the CLI's words, exits as soon as it has printed, and sends nothing
// after that.
const BRANCHES = 30;
let current: CliWorld | null = null;

afterEach(async () => {
  await current?.cleanup();
  current = null;
});

async function world(provider: 'github-checks' | 'circleci', extraNames: readonly string[] = []): Promise<CliWorld> {
  current = await createCliWorld({ provider, branches: BRANCHES, extraNames });
  return current;
}

const readiness = (w: CliWorld, ...args: string[]) => runCliChild(['--workspace', w.folder, 'readiness', ...args], w.env);

/** Every branch has its line, CI unknown. */
function expectGitSideBoard(run: ChildRun, w: CliWorld): void {
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(w.branches.length);
  for (const line of lines) expect(line).toMatch(/^(unknown|blocked) +feature\/b-\d{3} /);
}

/** Nothing reached the fake after the CLI printed its answer: everything in flight was aborted. */
function expectNothingSentAfterOutput(run: ChildRun, server: FakeHttpServer): void {
  expect(run.printedAt).not.toBeNull();
  expect(server.requests.filter((request) => request.receivedAt > (run.printedAt ?? 0))).toEqual([]);
}

describe('release-desk readiness under GitHub faults', () => {
  it('reads GitHub once per run (one refresh, not two)', async () => {
    const w = await world('github-checks');
    const run = await readiness(w);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const github = w.github?.server.requests ?? [];
    // One read: the refs query (1 page for 30 branches) and the two REST probes, each once.
    expect(github.filter((request) => request.path === '/graphql')).toHaveLength(1);
    expect(github.filter((request) => request.path.endsWith('/branches'))).toHaveLength(1);
    expect(github.filter((request) => request.path.endsWith('/pulls'))).toHaveLength(1);
  });

  it('a GitHub that never answers: the git-side board within the budget, CI unknown, exit 1', async () => {
    const w = await world('github-checks');
    hang(w.github!.server);
    const run = await readiness(w, '--timeout', '3');
    expect(run.code).toBe(1);
    expectGitSideBoard(run, w);
    expect(run.stderr).toBe("release-desk: ci data is unavailable: GitHub did not answer within this command's 3 s budget\n");
    expect(run.exitedAt - run.startedAt).toBeLessThan(3_000 + 10_000); // the budget, plus start-up on a loaded machine
    expectNothingSentAfterOutput(run, w.github!.server);
  });

  it('a GitHub address that refuses connections: stops after 3 failures in a row, well within the budget', async () => {
    const w = await world('github-checks');
    const run = await readiness(w, '--timeout', '20');
    expect(run.code).toBe(0);
    const refused = await runCliChild(['--workspace', w.folder, 'readiness'], { ...w.env, RELEASE_DESK_GITHUB_API_URL: await refusingUrl() });
    expect(refused.code).toBe(1);
    expectGitSideBoard(refused, w);
    expect(refused.stderr).toMatch(/^release-desk: ci data is unavailable: GitHub could not be reached: .*\n$/);
    expect(refused.exitedAt - refused.startedAt).toBeLessThan(20_000);
  });

  it('HTTP 500 on every request: a few requests, not hundreds; exits as soon as it printed, nothing sent after', async () => {
    const w = await world('github-checks');
    failAlways(w.github!.server, 500);
    const run = await readiness(w);
    expect(run.code).toBe(1);
    expectGitSideBoard(run, w);
    expect(run.stderr).toMatch(/^release-desk: ci data is unavailable: GitHub/);
    expect(w.github!.server.requests.length).toBeLessThanOrEqual(5);
    expectNothingSentAfterOutput(run, w.github!.server);
    expect(run.exitedAt - (run.printedAt ?? 0)).toBeLessThan(5_000);
  });

  it('a refused token is worded for the CLI: GITHUB_TOKEN, no Settings; --json still reports it on stderr', async () => {
    const w = await world('github-checks');
    const run = await runCliChild(['--workspace', w.folder, '--json', 'readiness'], { ...w.env, GITHUB_TOKEN: 'revoked' });
    expect(run.code).toBe(1);
    const board = JSON.parse(run.stdout) as { sources: { ci: { state: string; reason: string; lastGoodAt: string | null } } };
    expect(board.sources.ci).toMatchObject({ state: 'stale', reason: 'GITHUB_TOKEN was refused by GitHub', lastGoodAt: null });
    expect(run.stderr).toBe('release-desk: ci data is unavailable: GITHUB_TOKEN was refused by GitHub\n');
    expect(run.stderr).not.toMatch(/Settings|reconnect|refreshes at/);
  });

  it.each([400, 422] as const)('HTTP %i: says GitHub refused the request (it was reached), asks once, exit 1', async (status) => {
    const w = await world('github-checks');
    badRequest(w.github!.server, status, 'Problems parsing JSON');
    const run = await readiness(w);
    expect(run.code).toBe(1);
    expectGitSideBoard(run, w);
    expect(run.stderr).toMatch(new RegExp(`^release-desk: ci data is unavailable: GitHub refused the request \\(HTTP ${status}\\): Problems parsing JSON.*\\n$`));
    expect(w.github!.server.requests.length).toBeLessThanOrEqual(3); // the first read's 3 requests, none retried
  });

  it('a secondary rate limit holds every request back until its retry-after has passed, not only the refused one', async () => {
    // 150 branches: the refs query takes 2 GraphQL pages, the second asked after the first
    // answered — after the 429 on the branch-list probe below.
    current = await createCliWorld({ provider: 'github-checks', branches: 150 });
    const w = current;
    // With some latency the first read's parallel requests have all arrived before the 429 is
    // answered, so any request that arrives after it was sent after the client saw it.
    w.github!.server.setLatency(300);
    const limit = rateLimitOnce(w.github!.server, { nth: 1, retryAfterSeconds: 2, secondary: true, when: (request) => request.path.endsWith('/branches') });
    const run = await readiness(w);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(w.github!.server.requests.filter((request) => request.path === '/graphql')).toHaveLength(2);
    const after = w.github!.server.requests.filter((request) => request.receivedAt > limit.sentAt());
    expect(after.length).toBeGreaterThan(0);
    expect(Math.min(...after.map((request) => request.receivedAt)) - limit.sentAt()).toBeGreaterThanOrEqual(2_000);
  });

  it('a secondary rate limit longer than the budget: says so and exits instead of waiting', async () => {
    const w = await world('github-checks');
    w.github!.server.setLatency(300);
    const limit = rateLimitOnce(w.github!.server, { nth: 1, retryAfterSeconds: 60, secondary: true });
    const run = await readiness(w, '--timeout', '5');
    expect(run.code).toBe(1);
    expectGitSideBoard(run, w);
    expect(run.stderr).toMatch(/^release-desk: ci data is unavailable: GitHub's secondary rate limit asks to wait until \d\d:\d\d:\d\d UTC, past this command's 5 s budget; not waiting\n$/);
    expect(w.github!.server.requests.filter((request) => request.receivedAt > limit.sentAt())).toEqual([]);
    expect(run.exitedAt - run.startedAt).toBeLessThan(5_000 + 10_000);
  });
});

describe('release-desk readiness under CircleCI faults', () => {
  it('a pipeline endpoint that never answers costs the budget, not 10 s per branch', async () => {
    const w = await world('circleci');
    hang(w.circleci!.server);
    const run = await readiness(w, '--timeout', '3');
    expect(run.code).toBe(1);
    expectGitSideBoard(run, w);
    expect(run.stderr).toBe("release-desk: ci data is unavailable: CircleCI did not answer within this command's 3 s budget\n");
    expect(run.exitedAt - run.startedAt).toBeLessThan(3_000 + 10_000);
    expect(w.circleci!.server.requests.length).toBeLessThanOrEqual(4); // the first 4 in flight, then nothing
    expectNothingSentAfterOutput(run, w.circleci!.server);
  });

  it('HTTP 500 on every request: the circuit breaker stops after 3 in a row', async () => {
    const w = await world('circleci');
    failAlways(w.circleci!.server, 500);
    const run = await readiness(w);
    expect(run.code).toBe(1);
    expectGitSideBoard(run, w);
    expect(run.stderr).toBe('release-desk: ci data is unavailable: CircleCI is unavailable (HTTP 500), 3 times in a row\n');
    expect(w.circleci!.server.requests.length).toBeLessThanOrEqual(6);
    expectNothingSentAfterOutput(run, w.circleci!.server);
  });

  it('a 429 halfway keeps the answers read and reads the rest after Retry-After, within the budget: exit 0', async () => {
    const w = await world('circleci');
    // The pipelines come from the project's pages; each head's workflows are asked on their own.
    rateLimitOnce(w.circleci!.server, { nth: 20, retryAfterSeconds: 1, when: (request) => request.path.endsWith('/workflow') });
    const run = await readiness(w);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Every head's workflows asked once, the refused one twice: nothing already read was asked again.
    expect(w.circleci!.requestCount('workflows')).toBe(BRANCHES + 1);
    expect(w.circleci!.requestCount('pipelines')).toBeLessThanOrEqual(2);
  });
});
