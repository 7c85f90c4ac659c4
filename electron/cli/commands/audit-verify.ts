/**
 * `release-desk audit verify [--env NAME] [--json]`: recomputes the release journal's chain.
 * Exit 0 when intact (a torn last line — an interrupted append — is a warning on stderr, not
 * tampering); 1 naming the first bad entry (seq and line) and what is wrong; 2 usage or
 * configuration. `--env` reports that environment's entries and problems; the whole chain is
 * verified all the same (a chain cannot be checked in parts).
 *
 * `--against-github` also reads the heads published in the repository's Deployment statuses
 * (GITHUB_TOKEN) and reports each: matching, truncated (published seq beyond the journal's
 * end) or replaced (another hash at that seq) — the last two are exit 1 like any tampering.
 * `--against-slack` does the same with the heads in the release threads of slack.channel
 * (SLACK_TOKEN); both can be given.
 */
import type { Command } from 'commander';
import { isTampering, type HeadCheck, type JournalProblem } from '../../../shared/audit/verify-journal';
import { readPublishedHeads, type PublishedHead } from '../../services/audit/published-heads';
import { readSlackPublishedHeads, type SlackPublishedHead } from '../../services/audit/slack-published-heads';
import { verifyJournalFile, type JournalFileVerification } from '../../services/audit/verify-journal-file';
import { endpointsFromEnv } from '../../services/connections/endpoints';
import { parseGitHubSlug } from '../../services/github/commit-status-publisher';
import { createEnvTokenSource } from '../../services/vault/token-source';
import { journalFileFor } from '../../services/journal/release-journal';
import { userDataDir } from '../../services/settings/settings-location';
import { workspaceDataDir } from '../../services/workspace/workspace-data';
import { CliError, EXIT } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { loadWorkspaceForCli } from '../load-workspace';

export interface AuditVerifyOptions {
  readonly env?: string;
  readonly againstGithub?: boolean;
  readonly againstSlack?: boolean;
}

interface PublishedOnSlack {
  readonly channel: string;
  readonly threads: number;
  readonly heads: readonly SlackPublishedHead[];
}

interface Published {
  readonly repository: string;
  readonly deployments: number;
  readonly heads: readonly PublishedHead[];
}

export function registerAuditCommands(program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void): void {
  const audit = program.command('audit').description('the audit trail: verify the release journal');
  audit
    .command('verify')
    .description('recompute the release journal\'s hash chain: exit 0 intact, 1 naming the first bad entry')
    .option('--env <name>', 'report only this environment\'s entries and problems (the whole chain is verified)')
    .option('--against-github', 'also compare the journal with the heads published in the repository\'s GitHub Deployment statuses (GITHUB_TOKEN)')
    .option('--against-slack', 'also compare the journal with the heads published in the release threads of slack.channel (SLACK_TOKEN)')
    .action(async (options: AuditVerifyOptions) => {
      done(await auditVerifyCommand(options, globals(), io));
    });
}

export async function auditVerifyCommand(options: AuditVerifyOptions, globals: GlobalOptions, io: CliIo): Promise<number> {
  const { folder, config } = await loadWorkspaceForCli(globals, io);
  const environment = options.env;
  if (environment !== undefined && !Object.hasOwn(config.environments, environment)) {
    throw new CliError(`--env ${JSON.stringify(environment)} is not an environment of ${folder}/release-desk.yml (it has: ${Object.keys(config.environments).join(', ')})`);
  }
  const file = journalFileFor(workspaceDataDir(userDataDir(io.env), folder));
  const published = options.againstGithub === true ? await publishedOnGitHub(folder, config.repository.github, io) : null;
  const onSlack = options.againstSlack === true ? await publishedOnSlack(folder, config.slack?.channel, io) : null;
  const expectedHeads = [...(published?.heads ?? []), ...(onSlack?.heads ?? [])];
  const result = await verifyJournalFile(file, published === null && onSlack === null ? {} : { expectedHeads });
  const problems = environment === undefined ? result.problems : result.problems.filter((problem) => problem.environment === null || problem.environment === environment);
  const entries = environment === undefined ? result.entries : (result.environments.get(environment) ?? 0);
  // The chain is one: a break in another environment's entry breaks this one's too.
  const ok = result.ok;

  if (globals.json) {
    const report = { ok, file, entries, head: result.head?.hash ?? null, problems: problems.map(jsonOf), quarantineFiles: result.quarantineFiles.length };
    const withGitHub = published === null ? report : { ...report, published: publishedJson(published, result.headChecks) };
    io.stdout(`${JSON.stringify(onSlack === null ? withGitHub : { ...withGitHub, publishedOnSlack: slackJson(onSlack, result.headChecks) }, null, 2)}\n`);
  } else {
    io.stdout(describe(result, entries, environment));
    if (published !== null) io.stdout(describePublished(published, result.headChecks));
    if (onSlack !== null) io.stdout(describeOnSlack(onSlack, result.headChecks));
  }
  for (const problem of problems.filter((problem) => !isTampering(problem))) io.stderr(`release-desk: warning: ${problem.message}\n`);
  if (result.quarantineFiles.length > 0) {
    io.stderr(`release-desk: ${result.quarantineFiles.length} quarantine file(s) next to the journal hold torn lines moved aside earlier (kept for the audit)\n`);
  }
  const first = result.problems.find(isTampering);
  if (first !== undefined) {
    io.stderr(`release-desk: the journal is NOT intact: first bad entry ${first.seq === null ? '' : `seq ${first.seq}, `}line ${first.line}: ${first.message}\n`);
    return EXIT.notSo;
  }
  return EXIT.ok;
}

async function publishedOnGitHub(folder: string, slug: string | undefined, io: CliIo): Promise<Published> {
  const repository = parseGitHubSlug(slug);
  if (repository === null) throw new CliError(`--against-github needs repository.github ("owner/name") in ${folder}/release-desk.yml`);
  const baseUrl = endpointsFromEnv(io.env).github;
  const token = await createEnvTokenSource(io.env).getToken('github', baseUrl);
  if (token === null) throw new CliError('--against-github needs GITHUB_TOKEN: a token that can read the repository\'s deployments');
  const read = await readPublishedHeads({ repository, baseUrl, token });
  const name = `${repository.owner}/${repository.repo}`;
  if (read.kind === 'unavailable') throw new CliError(`the heads published on GitHub (${name}) could not be read: ${read.reason}`);
  return { repository: name, deployments: read.deployments, heads: read.heads };
}

async function publishedOnSlack(folder: string, channel: string | undefined, io: CliIo): Promise<PublishedOnSlack> {
  if (channel === undefined) throw new CliError(`--against-slack needs slack.channel in ${folder}/release-desk.yml`);
  const apiUrl = endpointsFromEnv(io.env).slack;
  const token = await createEnvTokenSource(io.env).getToken('slack', apiUrl);
  if (token === null) throw new CliError('--against-slack needs SLACK_TOKEN: a token that can read the channel\'s history (channels:history)');
  const read = await readSlackPublishedHeads({ channel, apiUrl, token });
  if (read.kind === 'unavailable') throw new CliError(`the heads published on Slack (${channel}) could not be read: ${read.reason}`);
  return { channel, threads: read.threads, heads: read.heads };
}

function slackJson(onSlack: PublishedOnSlack, checks: readonly HeadCheck[]) {
  return { channel: onSlack.channel, threads: onSlack.threads, heads: onSlack.heads.map((head) => ({ seq: head.seq, hash: head.hash, verdict: verdictOf(checks, head), ...head.from })) };
}

function describeOnSlack(onSlack: PublishedOnSlack, checks: readonly HeadCheck[]): string {
  const verdicts = onSlack.heads.map((head) => verdictOf(checks, head));
  const count = (verdict: HeadCheck['verdict']) => verdicts.filter((each) => each === verdict).length;
  const where = `Slack ${onSlack.channel} (in ${onSlack.threads} release thread(s))`;
  if (onSlack.heads.length === 0) return `  heads published on Slack: none on ${where}\n`;
  return `  heads published on Slack: ${onSlack.heads.length} on ${where}: ${count('matching')} matching, ${count('truncated')} truncated, ${count('replaced')} replaced\n`;
}

const verdictOf = (checks: readonly HeadCheck[], head: { seq: number; hash: string }) =>
  checks.find((check) => check.seq === head.seq && check.hash === head.hash)?.verdict ?? 'matching';

function publishedJson(published: Published, checks: readonly HeadCheck[]) {
  return {
    repository: published.repository,
    deployments: published.deployments,
    heads: published.heads.map((head) => ({ seq: head.seq, hash: head.hash, verdict: verdictOf(checks, head), ...head.from })),
  };
}

function describePublished(published: Published, checks: readonly HeadCheck[]): string {
  const count = (verdict: HeadCheck['verdict']) => checks.filter((check) => check.verdict === verdict).length;
  const where = `GitHub ${published.repository} (${published.heads.length} in the statuses of ${published.deployments} deployment(s))`;
  if (checks.length === 0) return `  published heads: none on ${where}\n`;
  return `  published heads: ${checks.length} on ${where}: ${count('matching')} matching, ${count('truncated')} truncated, ${count('replaced')} replaced\n`;
}

function jsonOf(problem: JournalProblem) {
  return { kind: problem.kind, line: problem.line, seq: problem.seq, environment: problem.environment, message: problem.message, tampering: isTampering(problem) };
}

function describe(result: JournalFileVerification, entries: number, environment: string | undefined): string {
  const scope = environment === undefined ? '' : ` (${entries} in ${environment})`;
  const lines = [`Journal ${result.file}`, `  entries: ${result.entries}${scope}`, `  head: ${result.head === null ? 'none (empty journal)' : `seq ${result.head.seq}, ${result.head.hash}`}`];
  lines.push(result.ok ? '  chain: intact' : `  chain: BROKEN (${result.problems.filter(isTampering).length} problem(s))`);
  for (const problem of result.problems.filter(isTampering)) {
    if (environment !== undefined && problem.environment !== null && problem.environment !== environment) continue;
    lines.push(`  line ${problem.line}${problem.seq === null ? '' : `, seq ${problem.seq}`}: ${problem.kind}: ${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
}
