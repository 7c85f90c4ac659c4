/**
 * `release-desk readiness [BRANCH]`: "is my branch ready?" from the command line, with the
 * same services as the app's Branches board. With the local CI provider it first waits for
 * the CI runs of heads not tested yet, so the answer is about the branch, not "CI pending".
 */
import type { BoardRow, BoardSnapshot } from '../../../shared/readiness/board-schema';
import { endpointsFromEnv } from '../../services/connections/endpoints';
import { demoTeamworkFor } from '../../services/demo';
import { ReadinessRuntime } from '../../services/readiness/readiness-runtime';
import { userDataDir } from '../../services/settings/settings-location';
import { createEnvTokenSource } from '../../services/vault/token-source';
import { workspaceDataDir } from '../../services/workspace/workspace-data';
import { CliError, EXIT } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { loadWorkspaceForCli } from '../load-workspace';

export async function readinessCommand(branch: string | undefined, options: GlobalOptions, io: CliIo): Promise<number> {
  const { folder, config } = await loadWorkspaceForCli(options, io);
  const tokens = createEnvTokenSource(io.env);
  const runtime = new ReadinessRuntime({
    config,
    dataDir: workspaceDataDir(userDataDir(io.env), folder),
    seedRecords: demoTeamworkFor(folder, config),
    now: () => new Date(),
    secrets: () => tokens.knownSecrets(),
    services: { tokens, endpoints: () => endpointsFromEnv(io.env) },
    githubLogin: async () => null,
    publishStatuses: false,
    machineName: '',
    onBoardChanged: () => undefined,
    onLocalTestOutput: () => undefined,
  });
  try {
    await runtime.service.refresh({ fetch: true });
    await runtime.localCiIdle();
    const board = await runtime.service.refresh({ fetch: false });
    if (branch === undefined) return printBoard(board, options, io);
    const row = board.branches.find((candidate) => candidate.name === branch);
    if (row === undefined) {
      throw new CliError(`no branch ${branch} on ${config.repository.remote} (${board.branches.length} branches besides ${board.mainBranch})`);
    }
    return printBranch(row, board, options, io);
  } finally {
    await runtime.stop();
  }
}

function printBoard(board: BoardSnapshot, options: GlobalOptions, io: CliIo): number {
  if (options.json) {
    io.stdout(`${JSON.stringify(board, null, 2)}\n`);
  } else {
    const width = Math.max(6, ...board.branches.map((row) => row.name.length));
    for (const row of board.branches) {
      io.stdout(`${row.readiness.state.padEnd(8)} ${row.name.padEnd(width)}  ${row.summary}\n`);
    }
    printStaleness(board, io);
  }
  return EXIT.ok;
}

function printBranch(row: BoardRow, board: BoardSnapshot, options: GlobalOptions, io: CliIo): number {
  const eligible = row.readiness.state === 'eligible';
  if (options.json) {
    io.stdout(`${JSON.stringify({ eligible, branch: row, sources: board.sources, mainBranch: board.mainBranch }, null, 2)}\n`);
  } else {
    io.stdout(`${row.name} at ${row.headSha.slice(0, 8)}: ${eligible ? 'eligible for release' : row.readiness.state}\n`);
    if (row.readiness.state === 'blocked') {
      for (const blocker of row.readiness.blockers) {
        io.stdout(`  - ${blocker.reason}${blocker.link === undefined ? '' : ` (${blocker.link})`}\n`);
      }
    }
    if (row.readiness.state !== 'eligible') {
      for (const unknown of row.readiness.unknowns) io.stdout(`  ? ${unknown.reason}\n`);
    }
    printStaleness(board, io);
  }
  return eligible ? EXIT.ok : EXIT.notSo;
}

function printStaleness(board: BoardSnapshot, io: CliIo): void {
  for (const [source, status] of Object.entries(board.sources)) {
    if (status.state === 'stale') io.stderr(`release-desk: ${source} data is stale: ${status.reason}\n`);
  }
}
