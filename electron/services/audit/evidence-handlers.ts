/**
 * `audit.exportEvidence(releaseId, format)`: one release's evidence report of the open
 * workspace (evidence-export.ts). Where a host can ask where to save (Electron: the main
 * process's own save dialog, electron/evidence-save-dialog.ts), the file is written there
 * and the page learns only what the user chose; where it cannot (the browser bridge), the
 * content is answered for the page to download. The page never names a path. The main
 * process has git and (when connected) GitHub, so the report also says whether the main branch
 * was conformant around the release, checked within a time budget (evidence-conformance.ts).
 */
import type { EvidenceExportResult } from '../../../shared/audit/evidence-ipc';
import type { EvidenceFormat, EvidenceReport } from '../../../shared/audit/evidence-model';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { DeskError } from '../../../shared/ipc/result';
import type { Handlers } from '../../ipc/dispatch';
import { createCommitPullsSource } from '../github/commit-pulls';
import { journalFileFor, openReleaseJournal } from '../journal/release-journal';
import type { WorkspaceSession } from '../workspace/workspace-session';
import { NO_WORKSPACE_HINT } from '../workspace/workspace-status';
import { workspaceDataDir } from '../workspace/workspace-data';
import { redactText } from '../runner/redactor';
import { conformanceForEvidence } from './evidence-conformance';
import { evidenceFileName, exportEvidence, renderEvidence } from './evidence-export';

/** Asks where to save `suggestedName` and writes `content` there; the chosen path, or null when cancelled. */
export type SaveEvidence = (suggestedName: string, format: EvidenceFormat, content: string) => Promise<string | null>;

export interface EvidenceDeps {
  readonly userDataDir: string;
  /** Absent where the host has no save dialog (the browser bridge): the content is answered instead. */
  readonly saveEvidence?: SaveEvidence;
  readonly now?: () => Date;
  /** Known tokens: scrubbed from the report before it is saved or answered (a journal never holds one; this is the second wall). */
  readonly secrets?: () => readonly string[];
  /** GitHub's API address now (Settings or the environment): the conformance check asks it about commits no release merged. */
  readonly githubUrl?: () => string;
  /** The GitHub token bound to that address, or null; it never leaves the main process. */
  readonly githubToken?: (sendTo: string) => Promise<string | null>;
  /** How long the conformance check around the release may take (fetch and GitHub together); default 10 s. */
  readonly conformanceBudgetMs?: number;
}

const CONFORMANCE_BUDGET_MS = 10_000;

const MIME: Record<EvidenceFormat, string> = { html: 'text/html;charset=utf-8', json: 'application/json' };

export function createEvidenceHandlers(workspacePath: () => string | null, sessionFor: (folder: string) => WorkspaceSession, deps?: EvidenceDeps): Pick<Handlers, 'audit.exportEvidence'> {
  return {
    'audit.exportEvidence': async (releaseId, format): Promise<EvidenceExportResult> => {
      if (deps === undefined) throw new DeskError('unavailable', 'Evidence export is not available in this host of Release Desk.');
      const folder = workspacePath();
      if (folder === null) throw new DeskError('not-configured', NO_WORKSPACE_HINT);
      // The session knows the folder is a workspace; the journal lives in its data folder.
      const { config } = await sessionFor(folder).refresh();
      const dataDir = workspaceDataDir(deps.userDataDir, folder);
      const journalFile = journalFileFor(dataDir);
      const conformance = config === null ? undefined : await conformanceOf(config, journalFile, releaseId, deps);
      const outcome = await exportEvidence({ journalFile, dataDir, releaseId, now: deps.now ?? (() => new Date()), ...(conformance === undefined ? {} : { conformance }) });
      if (outcome.kind !== 'exported') throw new DeskError('not-found', `Release ${releaseId} is not in this workspace's release journal.`);
      const content = redactText(renderEvidence(outcome.report, format), deps.secrets?.() ?? []);
      const fileName = evidenceFileName(outcome.report, format);
      const journalIntact = outcome.report.journal.verify.ok;
      if (deps.saveEvidence === undefined) return { kind: 'download', fileName, mimeType: MIME[format], content, journalIntact };
      const file = await deps.saveEvidence(fileName, format, content);
      return file === null ? { kind: 'cancelled' } : { kind: 'saved', file, journalIntact };
    },
  };
}

/**
 * The main branch's conformance around the release, as `audit export --conformance` computes
 * it, within the export's time budget; GitHub unreachable or not connected gives "cannot tell"
 * for the commits no release merged. A release the journal does not plan is left to
 * exportEvidence, which refuses it.
 */
async function conformanceOf(config: WorkspaceConfig, journalFile: string, releaseId: string, deps: EvidenceDeps): Promise<EvidenceReport['conformance'] | undefined> {
  const { events } = await openReleaseJournal({ file: journalFile }).read();
  if (!events.some((event) => event.type === 'planned' && event.releaseId === releaseId)) return undefined;
  const { githubUrl, githubToken } = deps;
  return conformanceForEvidence({
    repository: config.repository,
    events,
    releaseId,
    budgetMs: deps.conformanceBudgetMs ?? CONFORMANCE_BUDGET_MS,
    pulls: async () => {
      if (githubUrl === undefined || githubToken === undefined) return { kind: 'unavailable', reason: 'GitHub cannot be asked from this host of Release Desk' };
      const baseUrl = githubUrl();
      return createCommitPullsSource({ repository: config.repository.github, baseUrl, token: () => githubToken(baseUrl), timeoutMs: deps.conformanceBudgetMs ?? CONFORMANCE_BUDGET_MS });
    },
  });
}
