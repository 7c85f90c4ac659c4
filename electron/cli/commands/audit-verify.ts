/**
 * `release-desk audit verify [--env NAME] [--json]`: recomputes the release journal's chain.
 * Exit 0 when intact (a torn last line — an interrupted append — is a warning on stderr, not
 * tampering); 1 naming the first bad entry (seq and line) and what is wrong; 2 usage or
 * configuration. `--env` reports that environment's entries and problems; the whole chain is
 * verified all the same (a chain cannot be checked in parts).
 */
import type { Command } from 'commander';
import { isTampering, type JournalProblem } from '../../../shared/audit/verify-journal';
import { verifyJournalFile, type JournalFileVerification } from '../../services/audit/verify-journal-file';
import { journalFileFor } from '../../services/journal/release-journal';
import { userDataDir } from '../../services/settings/settings-location';
import { workspaceDataDir } from '../../services/workspace/workspace-data';
import { CliError, EXIT } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { loadWorkspaceForCli } from '../load-workspace';

export interface AuditVerifyOptions {
  readonly env?: string;
}

export function registerAuditCommands(program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void): void {
  const audit = program.command('audit').description('the audit trail: verify the release journal');
  audit
    .command('verify')
    .description('recompute the release journal\'s hash chain: exit 0 intact, 1 naming the first bad entry')
    .option('--env <name>', 'report only this environment\'s entries and problems (the whole chain is verified)')
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
  const result = await verifyJournalFile(file);
  const problems = environment === undefined ? result.problems : result.problems.filter((problem) => problem.environment === null || problem.environment === environment);
  const entries = environment === undefined ? result.entries : (result.environments.get(environment) ?? 0);
  // The chain is one: a break in another environment's entry breaks this one's too.
  const ok = result.ok;

  if (globals.json) {
    io.stdout(`${JSON.stringify({ ok, file, entries, head: result.head?.hash ?? null, problems: problems.map(jsonOf), quarantineFiles: result.quarantineFiles.length }, null, 2)}\n`);
  } else {
    io.stdout(describe(result, entries, environment));
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
