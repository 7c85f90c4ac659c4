import { useState } from 'react';
import type { EvidenceExportResult } from '../../../shared/audit/evidence-ipc';
import type { EvidenceFormat } from '../../../shared/audit/evidence-model';

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'exporting'; readonly format: EvidenceFormat }
  | { readonly kind: 'done'; readonly result: EvidenceExportResult }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Export evidence of one release (audit.exportEvidence): in the app the main process asks
 * where to save and writes the file; in the browser bridge the content comes back and is
 * offered as a download. The page never chooses a path.
 */
export function ExportEvidenceButton(props: { readonly releaseId: string }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const busy = phase.kind === 'exporting';

  const exportAs = async (format: EvidenceFormat) => {
    setPhase({ kind: 'exporting', format });
    const result = await window.desk.audit.exportEvidence(props.releaseId, format);
    if (!result.ok) {
      setPhase({ kind: 'failed', message: result.error.message });
      return;
    }
    if (result.value.kind === 'download') download(result.value.fileName, result.value.mimeType, result.value.content);
    setPhase({ kind: 'done', result: result.value });
  };

  return (
    <div className="export-evidence" role="group" aria-label={`Export evidence of ${props.releaseId}`}>
      <button type="button" disabled={busy} onClick={() => void exportAs('html')}>
        Export evidence
      </button>
      <button type="button" className="link" disabled={busy} onClick={() => void exportAs('json')}>
        as JSON
      </button>
      <span role="status">{statusOf(phase)}</span>
      {phase.kind === 'failed' && <span role="alert">Could not export the evidence: {phase.message}</span>}
    </div>
  );
}

function statusOf(phase: Phase): string {
  switch (phase.kind) {
    case 'idle':
    case 'failed':
      return '';
    case 'exporting':
      return `Exporting ${phase.format.toUpperCase()}…`;
    case 'done': {
      const { result } = phase;
      if (result.kind === 'cancelled') return 'Not exported: the save dialog was closed.';
      const where = result.kind === 'saved' ? `Saved to ${result.file}` : `Downloaded ${result.fileName}`;
      return result.journalIntact ? `${where}.` : `${where}. The release journal does NOT verify: the report's journal section says where.`;
    }
  }
}

/** Hands the report to the browser as a file download (the bridge has no save dialog). */
function download(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is no longer needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
