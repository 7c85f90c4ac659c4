/**
 * `audit.exportEvidence(releaseId, format)`: one release's evidence report of the open
 * workspace (evidence-export.ts). Where a host can ask where to save (Electron: the main
 * process's own save dialog, electron/evidence-save-dialog.ts), the file is written there
 * and the page learns only what the user chose; where it cannot (the browser bridge), the
 * content is answered for the page to download. The page never names a path.
 */
import type { EvidenceExportResult } from '../../../shared/audit/evidence-ipc';
import type { EvidenceFormat } from '../../../shared/audit/evidence-model';
import { DeskError } from '../../../shared/ipc/result';
import type { Handlers } from '../../ipc/dispatch';
import { journalFileFor } from '../journal/release-journal';
import type { WorkspaceSession } from '../workspace/workspace-session';
import { NO_WORKSPACE_HINT } from '../workspace/workspace-status';
import { workspaceDataDir } from '../workspace/workspace-data';
import { redactText } from '../runner/redactor';
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
}

const MIME: Record<EvidenceFormat, string> = { html: 'text/html;charset=utf-8', json: 'application/json' };

export function createEvidenceHandlers(workspacePath: () => string | null, sessionFor: (folder: string) => WorkspaceSession, deps?: EvidenceDeps): Pick<Handlers, 'audit.exportEvidence'> {
  return {
    'audit.exportEvidence': async (releaseId, format): Promise<EvidenceExportResult> => {
      if (deps === undefined) throw new DeskError('unavailable', 'Evidence export is not available in this host of Release Desk.');
      const folder = workspacePath();
      if (folder === null) throw new DeskError('not-configured', NO_WORKSPACE_HINT);
      // The session knows the folder is a workspace; the journal lives in its data folder.
      await sessionFor(folder).refresh();
      const dataDir = workspaceDataDir(deps.userDataDir, folder);
      const outcome = await exportEvidence({ journalFile: journalFileFor(dataDir), dataDir, releaseId, now: deps.now ?? (() => new Date()) });
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
