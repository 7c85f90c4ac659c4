/**
 * `release-desk readiness` on 300 branches against fakes in fault modes (issue 7): how long
 * until the board is printed, until the process exits, and how many requests the faulty
 * service received. Runs the built CLI (bin/release-desk.js, or RELEASE_DESK_CLI_BIN to
 * measure another build, e.g. an older commit) as a child process, killed after
 * CLI_FAULTS_CAP_S seconds (default 150). Talks only to 127.0.0.1.
 */
import path from 'node:path';
import { failAlways, hang, rateLimitOnce, refusingUrl } from '../tests/fakes/fake-faults';
import type { FakeHttpServer } from '../tests/fakes/fake-http-server';
import { createCliWorld, runCliChild, type CliWorld } from '../tests/fixtures/cli-world';

const BRANCHES = 300;
const bin = process.env.RELEASE_DESK_CLI_BIN ?? path.resolve('bin/release-desk.js');
const capMs = Number(process.env.CLI_FAULTS_CAP_S ?? 150) * 1000;

interface Scenario {
  readonly name: string;
  readonly provider: 'github-checks' | 'circleci';
  /** Switches the fault on; returns the server to count requests on, and env overrides. */
  readonly fault: (world: CliWorld) => Promise<{ server: FakeHttpServer | null; env?: NodeJS.ProcessEnv }>;
}

const gh = (w: CliWorld) => w.github?.server as FakeHttpServer;
const cci = (w: CliWorld) => w.circleci?.server as FakeHttpServer;

const scenarios: readonly Scenario[] = [
  { name: 'GitHub healthy', provider: 'github-checks', fault: async (w) => ({ server: gh(w) }) },
  { name: 'GitHub hangs', provider: 'github-checks', fault: async (w) => (hang(gh(w)), { server: gh(w) }) },
  { name: 'GitHub refuses connections', provider: 'github-checks', fault: async () => ({ server: null, env: { RELEASE_DESK_GITHUB_API_URL: await refusingUrl() } }) },
  { name: 'GitHub HTTP 500 always', provider: 'github-checks', fault: async (w) => (failAlways(gh(w), 500), { server: gh(w) }) },
  { name: 'GitHub 429, retry-after 3 s, once', provider: 'github-checks', fault: async (w) => (rateLimitOnce(gh(w), { nth: 1, retryAfterSeconds: 3 }), { server: gh(w) }) },
  { name: 'GitHub secondary limit, retry-after 60 s', provider: 'github-checks', fault: async (w) => (rateLimitOnce(gh(w), { nth: 1, retryAfterSeconds: 60, secondary: true }), { server: gh(w) }) },
  { name: 'CircleCI healthy', provider: 'circleci', fault: async (w) => ({ server: cci(w) }) },
  { name: 'CircleCI hangs', provider: 'circleci', fault: async (w) => (hang(cci(w)), { server: cci(w) }) },
  { name: 'CircleCI HTTP 500 always', provider: 'circleci', fault: async (w) => (failAlways(cci(w), 500), { server: cci(w) }) },
  {
    name: 'CircleCI 429 at request 100, retry-after 2 s',
    provider: 'circleci',
    fault: async (w) => (rateLimitOnce(cci(w), { nth: 100, retryAfterSeconds: 2 }), { server: cci(w) }),
  },
];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const only = process.env.CLI_FAULTS_ONLY;
console.log(`bin: ${bin}; ${BRANCHES} branches; killed after ${seconds(capMs)}`);
console.log('| scenario | board printed | process exited | exit code | requests to the service | stderr |');
console.log('|---|---|---|---|---|---|');
for (const scenario of scenarios) {
  if (only !== undefined && !scenario.name.includes(only)) continue;
  const world = await createCliWorld({ provider: scenario.provider, branches: BRANCHES });
  try {
    const { server, env } = await scenario.fault(world);
    const run = await runCliChild(['--workspace', world.folder, 'readiness'], { ...world.env, ...env }, capMs, bin);
    const printed = run.printedAt === null ? 'never' : seconds(run.printedAt - run.startedAt);
    const exited = run.code === null ? `killed at ${seconds(capMs)}` : seconds(run.exitedAt - run.startedAt);
    const requests = server === null ? 'n/a' : String(server.requests.length);
    console.log(`| ${scenario.name} | ${printed} | ${exited} | ${run.code ?? '-'} | ${requests} | ${run.stderr.trim().split('\n')[0]?.slice(0, 140) ?? ''} |`);
  } finally {
    await world.cleanup();
  }
}
