/**
 * `release-desk audit export RELEASE_ID --format html|json --out FILE [--env NAME] [--conformance]`: one
 * release's evidence report from the journal, written to FILE (`-` for stdout). Exit 0 when
 * written and the journal verifies; 1 when written but the journal's chain is broken (the
 * report says where); 2 for an unknown release id, a bad --format, an unwritable --out or a
 * release of another --env, each naming the value.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { EVIDENCE_FORMATS, type EvidenceFormat } from '../../../shared/audit/evidence-model';
import { ReleaseIdSchema } from '../../../shared/releases/release-events';
import { exportEvidence, renderEvidence } from '../../services/audit/evidence-export';
import { journalFileFor } from '../../services/journal/release-journal';
import { redactText } from '../../services/runner/redactor';
import { tokensInEnvironment } from '../../services/vault/secret-environment';
import { userDataDir } from '../../services/settings/settings-location';
import { workspaceDataDir } from '../../services/workspace/workspace-data';
import { CliError, EXIT } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { loadWorkspaceForCli } from '../load-workspace';
import { conformanceForEvidence } from './evidence-conformance';

export interface AuditExportOptions {
  readonly format?: string;
  readonly out?: string;
  readonly env?: string;
  readonly conformance?: boolean;
}

/** Adds `export` to the `audit` command group (registered by audit-verify.ts). */
export function registerAuditExportCommand(program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void): void {
  const audit = program.commands.find((command) => command.name() === 'audit') ?? program.command('audit');
  audit
    .command('export')
    .description('write one release\'s evidence report (HTML or JSON) from the journal')
    .argument('<release-id>', 'the release, e.g. r12 (`release-desk release history` lists them)')
    .option('--format <format>', 'html (self-contained, prints to PDF) or json; default: from --out\'s extension, else html')
    .option('--out <file>', 'where to write the report; - for standard output')
    .option('--env <name>', 'the environment the release must belong to')
    .option('--conformance', 'also check that the main branch received only released branches around this release (fetches; asks GitHub when connected)')
    .action(async (releaseId: string, options: AuditExportOptions) => {
      done(await auditExportCommand(releaseId, options, globals(), io));
    });
}

export async function auditExportCommand(releaseId: string, options: AuditExportOptions, globals: GlobalOptions, io: CliIo): Promise<number> {
  if (!ReleaseIdSchema.safeParse(releaseId).success) throw new CliError(`release id ${JSON.stringify(releaseId)} is not a release id such as r12`);
  if (options.out === undefined || options.out === '') throw new CliError('--out FILE is required (the report\'s file, or - for standard output)');
  const format = formatOf(options.format, options.out);
  const { folder, config } = await loadWorkspaceForCli(globals, io);
  const environment = options.env;
  if (environment !== undefined && !Object.hasOwn(config.environments, environment)) {
    throw new CliError(`--env ${JSON.stringify(environment)} is not an environment of ${folder}/release-desk.yml (it has: ${Object.keys(config.environments).join(', ')})`);
  }
  const dataDir = workspaceDataDir(userDataDir(io.env), folder);
  const journalFile = journalFileFor(dataDir);
  const conformance = options.conformance === true ? await conformanceForEvidence(config, journalFile, releaseId, io.env) : undefined;
  const outcome = await exportEvidence({
    journalFile,
    dataDir,
    releaseId,
    ...(environment === undefined ? {} : { environment }),
    ...(conformance === undefined ? {} : { conformance }),
    now: () => new Date(),
  });
  if (outcome.kind === 'unknown-release') {
    const known = outcome.known.length === 0 ? 'the journal plans no release yet' : `it has ${outcome.known.slice(-5).join(', ')}${outcome.known.length > 5 ? ` and ${outcome.known.length - 5} earlier` : ''}`;
    throw new CliError(`release ${JSON.stringify(releaseId)} is not in the release journal of ${folder} (${known})`);
  }
  if (outcome.kind === 'other-environment') {
    throw new CliError(`release ${releaseId} was released to ${outcome.environment}, not to --env ${JSON.stringify(outcome.asked)}`);
  }
  const { report } = outcome;
  // Stdout is redacted by the CLI's io; the file gets the same scrub (a journal never holds a token: a second wall).
  const content = redactText(renderEvidence(report, format), tokensInEnvironment(io.env));
  const target = options.out === '-' ? null : path.resolve(io.cwd, options.out);
  if (target === null) io.stdout(content);
  else await writeAtomically(target, content);

  if (target !== null) {
    if (globals.json) {
      io.stdout(`${JSON.stringify({ file: target, format, releaseId, journalIntact: report.journal.verify.ok, firstSeq: report.journal.firstSeq, lastSeq: report.journal.lastSeq }, null, 2)}\n`);
    } else {
      io.stdout(`Evidence of ${releaseId} (${report.branch.name} to ${report.release.environment}, journal seq ${report.journal.firstSeq}–${report.journal.lastSeq}) written to ${target}\n`);
    }
  }
  if (!report.journal.verify.ok) {
    const first = report.journal.verify.problems[0];
    io.stderr(`release-desk: the journal is NOT intact${first === undefined ? '' : `: first bad entry ${first.seq === null ? '' : `seq ${first.seq}, `}line ${first.line}: ${first.message}`}; the report says so\n`);
    return EXIT.notSo;
  }
  return EXIT.ok;
}

function formatOf(format: string | undefined, out: string): EvidenceFormat {
  if (format === undefined) return out.toLowerCase().endsWith('.json') ? 'json' : 'html';
  if ((EVIDENCE_FORMATS as readonly string[]).includes(format)) return format as EvidenceFormat;
  throw new CliError(`--format ${JSON.stringify(format)} is not a report format (use html or json)`);
}

/** Whole or nothing: a half-written report must never pass for evidence. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`--out ${JSON.stringify(file)} cannot be written${code === undefined ? '' : ` (${code})`}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
