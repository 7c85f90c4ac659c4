/**
 * `release-desk audit metrics [--since DATE] [--until DATE] [--env NAME] [--json]`: the DORA
 * delivery metrics (shared/audit/delivery-metrics.ts) from the workspace's release journal, up
 * to DATE or now, whichever is earlier. Exit 0 with the figures; 2 for a bad DATE, an --until
 * before --since, an unknown environment or an unusable workspace.
 */
import type { Command } from 'commander';
import { deliveryMetrics, parseSinceDate, parseUntilDate } from '../../../shared/audit/delivery-metrics';
import { metricsLines } from '../../../shared/audit/metrics-text';
import { journalFileFor, openReleaseJournal } from '../../services/journal/release-journal';
import { userDataDir } from '../../services/settings/settings-location';
import { workspaceDataDir } from '../../services/workspace/workspace-data';
import { CliError, EXIT } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { loadWorkspaceForCli } from '../load-workspace';

export interface AuditMetricsOptions {
  readonly since?: string;
  readonly until?: string;
  readonly env?: string;
}

/** Adds `metrics` to the `audit` command (created by audit-verify.ts, or here when absent). */
export function registerAuditMetricsCommand(program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void): void {
  const audit = program.commands.find((command) => command.name() === 'audit') ?? program.command('audit').description('the audit trail');
  audit
    .command('metrics')
    .description('DORA delivery metrics from the release journal: deployment frequency, lead time, change failure rate, time to restore')
    .option('--since <date>', 'start of the period: YYYY-MM-DD (UTC) or an ISO 8601 time (default: the journal\'s first event)')
    .option('--until <date>', 'end of the period: YYYY-MM-DD (through that day, UTC) or an ISO 8601 time (default: now)')
    .option('--env <name>', 'one environment (default: every environment)')
    .action(async (options: AuditMetricsOptions) => {
      done(await auditMetricsCommand(options, globals(), io));
    });
}

export async function auditMetricsCommand(options: AuditMetricsOptions, globals: GlobalOptions, io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  // The dates first: a typo is answered before anything is read.
  const since = options.since === undefined ? undefined : parseSinceDate(options.since);
  if (since !== undefined && !since.ok) throw new CliError(since.message);
  const until = options.until === undefined ? undefined : parseUntilDate(options.until);
  if (until !== undefined && !until.ok) throw new CliError(until.message);
  if (since?.ok === true && until?.ok === true && Date.parse(until.iso) < Date.parse(since.iso)) {
    throw new CliError(`--until ${JSON.stringify(options.until)} (${until.iso}) is before --since ${JSON.stringify(options.since)} (${since.iso}): the period would be empty`);
  }
  // A period cannot end in the future: what has not happened yet would only dilute the rates.
  const end = until === undefined || Date.parse(until.iso) > now().getTime() ? now().toISOString() : until.iso;
  const { folder, config } = await loadWorkspaceForCli(globals, io);
  const environment = options.env;
  if (environment !== undefined && !Object.hasOwn(config.environments, environment)) {
    throw new CliError(`--env ${JSON.stringify(environment)} is not an environment of ${folder}/release-desk.yml (it has: ${Object.keys(config.environments).join(', ')})`);
  }
  const file = journalFileFor(workspaceDataDir(userDataDir(io.env), folder));
  const { events } = await openReleaseJournal({ file }).read();
  const metrics = deliveryMetrics(events, {
    until: end,
    ...(since === undefined ? {} : { since: since.iso }),
    ...(environment === undefined ? {} : { environment }),
  });
  if (globals.json) io.stdout(`${JSON.stringify({ file, ...metrics }, null, 2)}\n`);
  else io.stdout(`${metricsLines(metrics).map((line, index) => (index === 0 ? line : `  ${line}`)).join('\n')}\n`);
  return EXIT.ok;
}
