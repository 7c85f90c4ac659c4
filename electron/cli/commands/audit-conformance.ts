/**
 * `release-desk audit conformance [--since DATE] [--json]`: does the main branch receive only
 * released branches? Walks its first-parent history (after a fetch) and classifies each commit:
 * merged by a recorded release, merged through a pull request outside Release Desk, or pushed
 * directly. Exit 0 when every commit came through a release; 1 naming each exception; 2 usage.
 * Without GitHub (no GITHUB_TOKEN, no repository.github) the exceptions are reported as
 * "cannot be told apart" rather than guessed.
 */
import type { Command } from 'commander';
import { parseSinceDate } from '../../../shared/audit/delivery-metrics';
import { describeException, type ConformanceReport } from '../../../shared/audit/conformance';
import { checkMainConformance, ConformanceGitError } from '../../services/audit/main-conformance';
import { endpointsFromEnv } from '../../services/connections/endpoints';
import { createCommitPullsSource } from '../../services/github/commit-pulls';
import { journalFileFor, openReleaseJournal } from '../../services/journal/release-journal';
import { userDataDir } from '../../services/settings/settings-location';
import { createEnvTokenSource } from '../../services/vault/token-source';
import { workspaceDataDir } from '../../services/workspace/workspace-data';
import { CliError, EXIT } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { loadWorkspaceForCli } from '../load-workspace';

export interface AuditConformanceOptions {
  readonly since?: string;
}

/** Adds `conformance` to the `audit` command (created by audit-verify.ts, or here when absent). */
export function registerAuditConformanceCommand(program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void): void {
  const audit = program.commands.find((command) => command.name() === 'audit') ?? program.command('audit').description('the audit trail');
  audit
    .command('conformance')
    .description('did every commit of the main branch come through a release? exit 0 yes, 1 naming each exception')
    .option('--since <date>', 'only commits committed since: YYYY-MM-DD (UTC) or an ISO 8601 time (default: the whole history)')
    .action(async (options: AuditConformanceOptions) => {
      done(await auditConformanceCommand(options, globals(), io));
    });
}

export async function auditConformanceCommand(options: AuditConformanceOptions, globals: GlobalOptions, io: CliIo): Promise<number> {
  const since = options.since === undefined ? undefined : parseSinceDate(options.since);
  if (since !== undefined && !since.ok) throw new CliError(since.message);
  const { folder, config } = await loadWorkspaceForCli(globals, io);
  const file = journalFileFor(workspaceDataDir(userDataDir(io.env), folder));
  const { events } = await openReleaseJournal({ file }).read();
  const tokens = createEnvTokenSource(io.env);
  const baseUrl = endpointsFromEnv(io.env).github;
  const pulls = await createCommitPullsSource({ repository: config.repository.github, baseUrl, token: () => tokens.getToken('github', baseUrl) });
  const { path: repoPath, remote, mainBranch } = config.repository;
  let checked;
  try {
    checked = await checkMainConformance({ repoPath, remote, mainBranch, events, since: since?.iso ?? null, pulls });
  } catch (error) {
    if (error instanceof ConformanceGitError) throw new CliError(error.message);
    throw error;
  }
  const { report, notes } = checked;
  for (const note of notes) io.stderr(`release-desk: warning: ${note}\n`);
  if (globals.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(describe(report));
  if (report.conformant) return EXIT.ok;
  const exceptions = report.commits.filter((commit) => commit.verdict.kind !== 'released');
  io.stderr(`release-desk: ${report.ref} is NOT conformant: ${exceptions.length} commit${exceptions.length === 1 ? '' : 's'} did not come through a release\n`);
  return EXIT.notSo;
}

function describe(report: ConformanceReport): string {
  const { counts } = report;
  const lines = [
    `Conformance of ${report.ref}${report.since === null ? '' : ` since ${report.since}`}: ${report.commits.length} first-parent commit${report.commits.length === 1 ? '' : 's'}`,
    `  merged by a release: ${counts.released}; through a pull request outside Release Desk: ${counts.pullRequest}; pushed directly: ${counts.direct}; cannot tell: ${counts.unknown}`,
  ];
  if (report.githubUnavailable !== null && counts.unknown > 0) {
    lines.push(`  GitHub was not asked (${report.githubUnavailable}): a pull request outside Release Desk and a direct push cannot be told apart`);
  }
  lines.push(report.conformant ? '  conformant: every commit came through a release' : '  exceptions:');
  for (const commit of report.commits) if (commit.verdict.kind !== 'released') lines.push(`    ${describeException(commit, report.githubUnavailable)}`);
  return `${lines.join('\n')}\n`;
}
