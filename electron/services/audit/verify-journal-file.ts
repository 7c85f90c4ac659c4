/**
 * Verifies the release journal file of a workspace: reads it whole (a missing file is an
 * empty journal), runs the pure verifier with Node's SHA-256 and counts the quarantine files
 * next to it (torn lines moved aside by earlier appends; reported, never deleted).
 */
import { hash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { verifyJournalText, type ExpectedHead, type JournalVerification } from '../../../shared/audit/verify-journal';

export interface JournalFileVerification extends JournalVerification {
  readonly file: string;
  /** `<journal>.quarantine-*` files next to the journal. */
  readonly quarantineFiles: readonly string[];
}

// One-shot hashing: a fresh Hash object per line cost more than the SHA-256 itself.
export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

export async function verifyJournalFile(file: string, options: { expectedHead?: ExpectedHead; expectedHeads?: readonly ExpectedHead[] } = {}): Promise<JournalFileVerification> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const verification = verifyJournalText(text, {
    sha256: sha256Hex,
    ...(options.expectedHead === undefined ? {} : { expectedHead: options.expectedHead }),
    ...(options.expectedHeads === undefined ? {} : { expectedHeads: options.expectedHeads }),
  });
  return { ...verification, file, quarantineFiles: await quarantineFilesOf(file) };
}

async function quarantineFilesOf(file: string): Promise<string[]> {
  const prefix = `${path.basename(file)}.quarantine-`;
  const names = await readdir(path.dirname(file)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return names.filter((name) => name.startsWith(prefix)).sort().map((name) => path.join(path.dirname(file), name));
}
