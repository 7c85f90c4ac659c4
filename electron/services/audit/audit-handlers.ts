/**
 * The audit calls of the IPC contract: verify the open workspace's release journal (the app
 * asks when a workspace opens, and shows a red banner when it fails), and acknowledge a
 * failure with a written reason — journaled as an `audit-acknowledged` event, after which
 * the banner stays hidden until verify finds something else. Releases go on regardless.
 */
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { coversProblems, isTampering } from '../../../shared/audit/verify-journal';
import type { JournalVerifyReport } from '../../../shared/audit/audit-ipc';
import { DeskError } from '../../../shared/ipc/result';
import type { Handlers } from '../../ipc/dispatch';
import { journalFileFor, openReleaseJournal } from '../journal/release-journal';
import type { WorkspaceSession } from '../workspace/workspace-session';
import { NO_WORKSPACE_HINT } from '../workspace/workspace-status';
import { workspaceDataDir } from '../workspace/workspace-data';
import { verifyJournalFile, type JournalFileVerification } from './verify-journal-file';

// audit.exportEvidence has its own handler (evidence-handlers.ts).
type AuditCallName = Exclude<Extract<keyof Handlers, `audit.${string}`>, 'audit.exportEvidence'>;
export type AuditHandlers = Pick<Handlers, AuditCallName>;

export interface AuditDeps {
  /** Where the workspaces' data folders (and their journals) live. */
  readonly userDataDir: string;
  /** Who acknowledges: the same identity the release rules use; null when unknown. */
  readonly actor: (folder: string, config: WorkspaceConfig) => Promise<string | null>;
  readonly now?: () => Date;
}

export function createAuditHandlers(workspacePath: () => string | null, sessionFor?: (folder: string) => WorkspaceSession, deps?: AuditDeps): AuditHandlers {
  const open = async () => {
    if (deps === undefined || sessionFor === undefined) throw new DeskError('unavailable', 'The audit trail is not available in this host of Release Desk.');
    const folder = workspacePath();
    if (folder === null) throw new DeskError('not-configured', NO_WORKSPACE_HINT);
    const { config } = await sessionFor(folder).refresh();
    return { folder, config, file: journalFileFor(workspaceDataDir(deps.userDataDir, folder)), deps };
  };
  const verify = async (): Promise<JournalVerifyReport> => reportOf(await verifyJournalFile((await open()).file));

  return {
    'audit.verify': verify,
    'audit.acknowledge': async (reason) => {
      const { folder, config, file, deps: ready } = await open();
      const found = await verifyJournalFile(file);
      const tampering = found.problems.filter(isTampering);
      const first = tampering[0];
      if (first === undefined) throw new DeskError('conflict', 'The release journal verifies: there is nothing to acknowledge.');
      if (config === null) throw new DeskError('config-invalid', 'release-desk.yml cannot be used, so the acknowledgment cannot name an environment; fix it first.');
      const actor = await ready.actor(folder, config);
      if (actor === null) throw new DeskError('not-configured', 'Release Desk does not know who you are: connect GitHub or set git config user.email in the clone.');
      const environment = first.environment !== null && Object.hasOwn(config.environments, first.environment) ? first.environment : Object.keys(config.environments)[0];
      if (environment === undefined) throw new DeskError('config-invalid', 'release-desk.yml has no environment to record the acknowledgment under.');
      const journal = openReleaseJournal({ file, ...(ready.now === undefined ? {} : { now: ready.now }) });
      try {
        await journal.append(() => ({
          at: (ready.now?.() ?? new Date()).toISOString(),
          actor,
          type: 'audit-acknowledged',
          releaseId: null,
          environment,
          data: { reason, firstBadSeq: first.seq !== null && first.seq > 0 ? first.seq : null, firstBadLine: first.line, problems: tampering.length, head: found.head?.hash ?? null },
        }));
      } catch (error) {
        // A locked or unwritable journal: say so, plainly.
        throw new DeskError('conflict', `The acknowledgment could not be journaled: ${error instanceof Error ? error.message : String(error)}`);
      }
      return verify();
    },
  };
}

export function reportOf(result: JournalFileVerification): JournalVerifyReport {
  const acknowledgment = result.lastAcknowledgment;
  return {
    ok: result.ok,
    file: result.file,
    entries: result.entries,
    head: result.head?.hash ?? null,
    problems: result.problems.map((problem) => ({ ...problem, tampering: isTampering(problem) })),
    quarantineFiles: result.quarantineFiles.length,
    acknowledged:
      acknowledgment !== null && coversProblems(acknowledgment, result.problems)
        ? { by: acknowledgment.actor, at: acknowledgment.at, reason: acknowledgment.reason, seq: acknowledgment.seq }
        : null,
  };
}
