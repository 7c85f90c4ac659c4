/**
 * `audit.exportEvidence(releaseId, format)`: the Export evidence button. In the Electron app
 * the main process asks where to save in its own dialog and writes the file there (the page
 * never names a path); in the browser bridge, which has no dialog, the content comes back
 * for the page to offer as a download.
 */
import { z } from 'zod';
import { EVIDENCE_FORMATS } from './evidence-model';

export const EvidenceFormatSchema = z.enum(EVIDENCE_FORMATS);

export const EvidenceExportResultSchema = z.discriminatedUnion('kind', [
  /** Written where the user chose in the save dialog. */
  z.object({ kind: z.literal('saved'), file: z.string(), journalIntact: z.boolean() }),
  /** The user closed the save dialog: nothing written. */
  z.object({ kind: z.literal('cancelled') }),
  /** No dialog in this host: the page offers `content` as a download named `fileName`. */
  z.object({ kind: z.literal('download'), fileName: z.string(), mimeType: z.string(), content: z.string(), journalIntact: z.boolean() }),
]);
export type EvidenceExportResult = z.infer<typeof EvidenceExportResultSchema>;
