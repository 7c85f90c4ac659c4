/**
 * `release-desk readiness [BRANCH]`: "is my branch ready?" from the command line, with the
 * same services as the app's Branches board. With the local CI provider it first waits for
 * the CI runs of heads not tested yet, so the answer is about the branch, not "CI pending".
 *
 * GitHub and CircleCI get one budget (--timeout, default 20 s) for the whole command: what
 * they have not answered by then is printed as unknown, with the reason on stderr. When the
 * answer is printed, everything still in flight is aborted, so the process exits at once.
 */
import type { Command } from 'commander';
import type { BoardRow, BoardSnapshot } from '../../../shared/readiness/board-schema';
import type { CircleCiDetails } from '../../../shared/ci/circleci-details';
import type { LocalTestRunsOnCommit } from '../../../shared/readiness/local-test-history';
import path from 'node:path';
import { endpointsFromEnv } from '../../services/connections/endpoints';
import { createNodeHttpFetch } from '../../services/connections/node-http-fetch';
import { startBudget } from '../../services/connections/service-budget';
import { lazyDemoTeamworkFor } from '../../services/demo/demo-teamwork-lazy';
import { ReadinessRuntime } from '../../services/readiness/readiness-runtime';
import { cachedGitUserEmail } from '../../services/rollback/cached-identity';
import { userDataDir } from '../../services/settings/settings-location';
import { createEnvTokenSource } from '../../services/vault/token-source';
import { workspaceDataDir } from '../../services/workspace/workspace-data';
import { CliError, EXIT } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { loadWorkspaceForCli } from '../load-workspace';
import { untrustedError } from '../cli-trust';
import { boardLines, branchLines, circleciLines, DEFAULT_COLUMNS, everySourceRead, sourceProblemLines } from '../readiness-text';

export const DEFAULT_SERVICE_BUDGET_SECONDS = 20;

export interface ReadinessCommandOptions {
  /** --timeout: seconds GitHub and CircleCI may take, together, for this command. */
  readonly timeout?: string;
}

export function registerReadinessCommand(program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void): void {
  program
    .command('readiness')
    .argument('[branch]', 'one branch: exit 0 when eligible for release, 1 when not')
    .description('is the branch ready? every branch (or one) with its blockers')
    .option('--timeout <seconds>', 'how long GitHub and CircleCI may take, together (default 20)')
    .action(async (branch: string | undefined, options: ReadinessCommandOptions) => {
      done(await readinessCommand(branch, { ...globals(), ...options }, io));
    });
}

export async function readinessCommand(branch: string | undefined, options: GlobalOptions & ReadinessCommandOptions, io: CliIo): Promise<number> {
  const seconds = budgetSeconds(options.timeout);
  const { folder, config, trust } = await loadWorkspaceForCli(options, io);
  // Local CI is the workspace's test command: without trust the board would only say "waiting".
  if (trust === null && config.ci.provider === 'local') throw untrustedError(folder, 'its local CI (localTests.command)');
  const tokens = createEnvTokenSource(io.env);
  const done = new AbortController();
  const dataDir = workspaceDataDir(userDataDir(io.env), folder);
  const runtime = new ReadinessRuntime({
    config,
    trust,
    dataDir,
    seedRecords: lazyDemoTeamworkFor(folder, config),
    now: () => new Date(),
    secrets: () => tokens.knownSecrets(),
    // node:http, not Node's fetch: loading undici would cost more than this run's requests.
    services: { tokens, endpoints: () => endpointsFromEnv(io.env), budget: startBudget(seconds, done.signal), host: 'cli', transport: createNodeHttpFetch() },
    githubLogin: async () => null,
    // Kept between runs while git's config files are unchanged (the same file rollback keeps): no git process for it.
    gitUserEmail: () => cachedGitUserEmail(path.resolve(folder, config.repository.path), { cacheFile: path.join(dataDir, 'identity.json'), env: io.env }),
    publishStatuses: false,
    machineName: '',
    onLocalTestOutput: () => undefined,
  });
  try {
    if (branch === undefined) {
      let board = await runtime.service.refresh({ fetch: true });
      if (runtime.usesLocalCi) {
        // Only the local CI's results changed meanwhile: re-read without fetching (no remote service is asked).
        await runtime.localCiIdle();
        board = await runtime.service.refresh({ fetch: false });
      }
      return printBoard(board, options, io);
    }
    // One branch costs one branch: its fetch, its git facts, its CI (GitHub: one query).
    let reading = await runtime.service.readBranch(branch, { fetch: true });
    if (runtime.usesLocalCi && reading.board.branches.length > 0) {
      await runtime.localCiIdle();
      reading = await runtime.service.readBranch(branch, { fetch: false });
    }
    const { board } = reading;
    const row = board.branches[0];
    if (row === undefined) {
      throw new CliError(`no branch ${branch} on ${config.repository.remote} (${reading.remoteBranches} branches besides ${board.mainBranch})`);
    }
    const circleci = config.ci.provider === 'circleci' && ciFailed(row) ? await runtime.circleciDetails(row.name, row.headSha) : null;
    const localTestRuns = options.json ? await runtime.localTestRuns(row.name) : null;
    return printBranch(row, board, circleci, options, io, localTestRuns);
  } finally {
    done.abort(); // whatever a service is still doing, nobody waits for it any more
    await runtime.stop();
  }
}

function budgetSeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SERVICE_BUDGET_SECONDS;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new CliError(`--timeout: expected seconds between 1 and 3600 (got ${JSON.stringify(value)})`);
  }
  return seconds;
}

function ciFailed(row: BoardRow): boolean {
  return row.checks.some((check) => check.state === 'failure' || check.state === 'error' || check.state === 'timed-out');
}

function columnsOf(io: CliIo): number {
  const fromEnv = Number(io.env.COLUMNS);
  return io.columns ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_COLUMNS);
}

/** Exit 0 only when every source was read; a stale or unavailable one still prints the board, exit 1. */
function printBoard(board: BoardSnapshot, options: GlobalOptions, io: CliIo): number {
  if (options.json) io.stdout(`${JSON.stringify(board, null, 2)}\n`);
  else for (const line of boardLines(board, columnsOf(io))) io.stdout(`${line}\n`);
  for (const line of sourceProblemLines(board.sources)) io.stderr(`${line}\n`);
  return everySourceRead(board.sources) ? EXIT.ok : EXIT.notSo;
}

function printBranch(
  row: BoardRow,
  board: BoardSnapshot,
  circleci: CircleCiDetails | null,
  options: GlobalOptions,
  io: CliIo,
  localTestRuns: readonly LocalTestRunsOnCommit[] | null = null,
): number {
  const eligible = row.readiness.state === 'eligible';
  if (options.json) {
    const runs = localTestRuns === null ? {} : { localTestRuns };
    io.stdout(`${JSON.stringify({ eligible, branch: row, sources: board.sources, mainBranch: board.mainBranch, ...(circleci === null ? {} : { circleci }), ...runs }, null, 2)}\n`);
  } else {
    for (const line of [...branchLines(row), ...(circleci === null ? [] : circleciLines(circleci))]) io.stdout(`${line}\n`);
  }
  for (const line of sourceProblemLines(board.sources)) io.stderr(`${line}\n`);
  return eligible ? EXIT.ok : EXIT.notSo;
}
