/**
 * `release-desk rollback` and `release-desk unlock`: the seed's "roll back in a single command
 * from any qualified engineer's machine", with the same service, rules and journal as the app.
 *
 * Loads nothing it does not need: no GitHub, Slack or CircleCI client before the rollback's
 * command ran (the team's outbox is imported afterwards, rollback-team-updates.ts), no
 * settings store unless the workspace must be looked up there (dynamic import). Who "I" am comes from local
 * facts only (the clone's git user.email), so a network that is down changes nothing.
 *
 * Exit codes: 0 production reports the target and every probe is healthy (unlock: unlocked);
 * 1 the command failed, production did not come back, or another rollback holds the
 * environment (saying which); 2 usage or configuration (no --yes without a terminal, a
 * refusal that needs --reason, no identity, no workspace).
 */
import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { formatConfigProblem } from '../../../shared/config/config-problem';
import { DeskError } from '../../../shared/ipc/result';
import { linesOfChunks } from '../../../shared/releases/output-lines';
import type { RollbackOutcome } from '../../../shared/releases/rollback-ipc';
import { journalFileFor, openReleaseJournal, type ReleaseJournal } from '../../services/journal/release-journal';
import { readLastValidConfig, saveLastValidConfig } from '../../services/rollback/last-valid-config';
import { cachedGitUserEmail } from '../../services/rollback/cached-identity';
import { LedgerCache } from '../../services/rollback/ledger-cache';
import { readRollbackSnapshot, writeRollbackSnapshot } from '../../services/rollback/rollback-snapshot';
import { RollbackRefusedError, RollbackService, type RollbackOutputBatch } from '../../services/rollback/rollback-service';
import { RunningDeploys } from '../../services/rollback/running-deploys';
import { userDataDir } from '../../services/settings/settings-location';
import { trustNamedFolder } from '../../services/trust/workspace-trust';
import { createEnvTokenSource } from '../../services/vault/token-source';
import { workspaceDataDir } from '../../services/workspace/workspace-data';
import { CliError, EXIT } from '../cli-error';
import { cliRollbackTeamUpdates } from '../rollback-team-updates';
import type { CliIo, GlobalOptions } from '../cli-io';

interface RollbackOptions {
  readonly env: string;
  readonly to?: string;
  readonly yes?: boolean;
  readonly reason?: string;
  readonly json?: boolean;
}

export function registerRollbackCommands(program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void): void {
  program
    .command('rollback')
    .description('roll production back to the previous version now (the environment is locked afterwards)')
    .option('--env <name>', 'the environment', 'production')
    .option('--to <sha>', 'a version that was live before (from History); another one needs --reason')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('--reason <text>', 'a written reason, recorded in the journal: needed when you are not on call or coordinating')
    .option('--json', 'the outcome as JSON on stdout')
    .action(async (options: RollbackOptions) => {
      done(await rollbackCommand(options, globals(), io));
    });
  program
    .command('unlock')
    .description('let new releases into an environment locked by a rollback')
    .option('--env <name>', 'the environment', 'production')
    .requiredOption('--reason <text>', 'why it is safe to release again (recorded in the journal)')
    .action(async (options: { env: string; reason: string }) => {
      done(await unlockCommand(options, globals(), io));
    });
}

export async function rollbackCommand(options: RollbackOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  const json = options.json === true || global.json;
  const yes = options.yes === true || (global as { yes?: boolean }).yes === true;
  const reason = options.reason ?? (global as { overrideReason?: string }).overrideReason;
  if (options.to !== undefined && !/^[0-9a-f]{7,40}$/.test(options.to)) throw new CliError(`--to ${JSON.stringify(options.to)}: must be a commit SHA (7 to 40 lowercase hex characters)`);
  if (reason !== undefined && reason.trim().length < 3) throw new CliError('--reason: a written reason is required (at least 3 characters)');
  if (!yes && io.interactive !== true) {
    throw new CliError('rollback changes production: pass --yes to confirm (there is no terminal to ask)');
  }
  const context = await openRollbackContext(global, io);
  const { service } = context;
  try {
    if (!yes) {
      const preview = await service.preview(options.env);
      if (!preview.allowed && !(preview.refusal?.overridable === true && reason !== undefined)) return refused(preview.refusal?.reason ?? 'refused', preview.refusal?.overridable === true, io);
      const answer = (await io.ask?.(`${preview.confirmation}. Roll back? [y/N] `)) ?? '';
      if (!/^y(es)?$/i.test(answer.trim())) {
        io.stderr('release-desk: not rolled back\n');
        return EXIT.notSo;
      }
    }
    const outcome = await service.rollback({ environment: options.env, ...(options.to === undefined ? {} : { toSha: options.to }), ...(reason === undefined ? {} : { reason: reason.trim() }) });
    if (json) io.stdout(`${JSON.stringify(outcome, null, 2)}\n`);
    else io.stdout(describeOutcome(outcome));
    return outcome.kind === 'rolled-back' ? EXIT.ok : EXIT.notSo;
  } catch (error) {
    if (error instanceof RollbackRefusedError) return refused(error.message, error.overridable, io);
    if (error instanceof DeskError) throw new CliError(error.message, error.code === 'conflict' ? EXIT.notSo : EXIT.usage);
    throw error;
  } finally {
    await context.afterwards();
  }
}

export async function unlockCommand(options: { env: string; reason: string }, global: GlobalOptions, io: CliIo): Promise<number> {
  if (options.reason.trim().length < 3) throw new CliError('--reason: a written reason is required (at least 3 characters)');
  const context = await openRollbackContext(global, io);
  try {
    const state = await context.service.unlock(options.env, options.reason.trim());
    if (global.json) io.stdout(`${JSON.stringify(state, null, 2)}\n`);
    else io.stdout(`${options.env} is unlocked: new releases may be planned again\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof DeskError) throw new CliError(error.message, error.code === 'conflict' ? EXIT.notSo : EXIT.usage);
    throw error;
  } finally {
    await context.afterwards();
  }
}

interface RollbackContext {
  readonly service: RollbackService;
  /** Saves the configuration as the last valid one (after the rollback, off the hot path). */
  afterwards(): Promise<void>;
}

async function openRollbackContext(global: GlobalOptions, io: CliIo): Promise<RollbackContext> {
  const { folder, named } = await workspaceFolder(global, io);
  const dataDir = workspaceDataDir(userDataDir(io.env), folder);
  const [config, snapshot] = await Promise.all([configOrLastValid(folder, dataDir, io), readRollbackSnapshot(dataDir)]);
  // The journal is read from the snapshot's point on when it is still the same journal there
  // (release-journal.ts checks it); otherwise whole, as without a snapshot.
  const journal = openReleaseJournal({ file: journalFileFor(dataDir), check: 'structure', ...(snapshot === null ? {} : { resume: snapshot.point }) });
  const ledgers = new LedgerCache(snapshot === null ? null : { from: snapshot.point.offset, ledger: snapshot.ledger });
  const tokens = createEnvTokenSource(io.env);
  let identity: Promise<string | null> | null = null;
  // The team is told through the workspace's outbox, loaded only after the rollback ran.
  const teamUpdates = cliRollbackTeamUpdates({ dataDir, config: config.config, env: io.env, log: (message) => io.stderr(`release-desk: ${message}\n`) });
  const service = new RollbackService({
    // Read by the hand check: zod is not loaded before the rollback's command runs.
    journal,
    ledgers,
    config: () => config.config,
    workspaceDir: folder,
    dataDir,
    // Kept between runs while git's config files are unchanged: no git process before the intent.
    identity: () => (identity ??= cachedGitUserEmail(path.resolve(folder, config.config.repository.path), { cacheFile: path.join(dataDir, 'identity.json'), env: io.env })),
    running: new RunningDeploys(path.join(dataDir, 'releases', 'running')),
    // A folder named on the command line is trusted for this run; the app's last workspace only if trusted there.
    trust: async () => (named ? trustNamedFolder(folder) : (await import('../cli-trust')).cliTrust(folder, false, io)),
    secrets: () => tokens.knownSecrets(),
    baseEnv: io.env,
    onOutput: (batch) => io.stderr(formatOutput(batch)),
    log: (message) => io.stderr(`release-desk: ${message}\n`),
    ...(teamUpdates === undefined ? {} : { teamUpdates }),
  });
  return {
    service,
    afterwards: async () => {
      // Only now, after the command ran: the next rollback folds only what is added from here.
      await saveSnapshot(dataDir, journal, ledgers, snapshot?.point.offset ?? null).catch((error: unknown) => io.stderr(`release-desk: warning: the journal's snapshot was not saved (${error instanceof Error ? error.message : String(error)}); the next rollback reads the whole journal\n`));
      if (config.fresh) await saveLastValidConfig(dataDir, config.config, new Date(), config.sourceHash).catch(() => undefined);
      await teamUpdates?.finish();
    },
  };
}

async function saveSnapshot(dataDir: string, journal: ReleaseJournal, ledgers: LedgerCache, savedAt: number | null): Promise<void> {
  const read = await journal.read();
  // Resumed at the saved point and nothing added: the snapshot on disk is this one.
  if (read.from === savedAt && read.end.offset === savedAt) return;
  await writeRollbackSnapshot(dataDir, journal.file, read.end, ledgers.of(read));
}

/** --workspace, else RELEASE_DESK_WORKSPACE, else the app's last workspace (the settings store, loaded only then). */
async function workspaceFolder(global: GlobalOptions, io: CliIo): Promise<{ folder: string; named: boolean }> {
  if (global.workspace !== undefined) return { folder: path.resolve(io.cwd, global.workspace), named: true };
  const fromEnv = io.env.RELEASE_DESK_WORKSPACE;
  if (fromEnv !== undefined && fromEnv !== '') return { folder: path.resolve(io.cwd, fromEnv), named: true };
  const { resolveWorkspacePath } = await import('../resolve-workspace');
  const folder = await resolveWorkspacePath(global, io);
  if (folder === null) throw new CliError('no workspace: pass --workspace <folder> or set RELEASE_DESK_WORKSPACE');
  return { folder, named: false };
}

/**
 * The file's configuration; when it is broken, its last valid version (with a warning). When
 * the file is byte for byte the one last parsed, the saved parse is used as it is: the YAML
 * parser and the schema are not even loaded (a rollback must start fast).
 */
async function configOrLastValid(folder: string, dataDir: string, io: CliIo): Promise<{ config: WorkspaceConfig; fresh: boolean; sourceHash?: string }> {
  const [bytes, saved] = await Promise.all([readFile(path.join(folder, 'release-desk.yml')).catch(() => null), readLastValidConfig(dataDir)]);
  const sourceHash = bytes === null ? undefined : createHash('sha256').update(folder).update('\0').update(bytes).digest('hex');
  if (saved !== null && sourceHash !== undefined && saved.sourceHash === sourceHash) return { config: saved.config, fresh: false };
  const { loadWorkspaceConfig } = await import('../../services/workspace/load-config');
  const load = await loadWorkspaceConfig(folder);
  if (load.kind === 'valid') return { config: load.config, fresh: true, ...(sourceHash === undefined ? {} : { sourceHash }) };
  const problem = load.kind === 'unreadable' ? `${load.file}: ${load.reason}` : load.problems.map(formatConfigProblem).join('; ');
  if (saved === null) throw new CliError(`${problem} (and no earlier valid version of it is known; see \`release-desk config check\`)`);
  io.stderr(`release-desk: warning: release-desk.yml cannot be used (${problem}); using its last valid version, from ${saved.savedAt}\n`);
  return { config: saved.config, fresh: false };
}

function refused(reason: string, overridable: boolean, io: CliIo): number {
  io.stderr(`release-desk: refused: ${reason}${overridable ? ' (pass --reason TEXT to do it anyway; the reason is journaled)' : ''}\n`);
  return overridable ? EXIT.usage : EXIT.notSo;
}

function describeOutcome(outcome: RollbackOutcome): string {
  const lines = [outcome.message];
  if (outcome.production !== null) {
    lines.push(`  version: ${outcome.production.version ?? `unknown (${outcome.production.versionProblem ?? 'no answer'})`}`);
    for (const probe of outcome.production.probes) lines.push(`  ${probe}`);
  }
  if (outcome.lockReason !== null) lines.push(`  ${outcome.environment} is locked: ${outcome.lockReason} (release-desk unlock --reason TEXT)`);
  return `${lines.join('\n')}\n`;
}

function formatOutput(batch: RollbackOutputBatch): string {
  return linesOfChunks(batch.chunks).map((line) => `[rollback] ${line}\n`).join('');
}
