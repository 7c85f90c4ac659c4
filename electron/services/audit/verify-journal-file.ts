/**
 * Verifies the release journal file of a workspace: reads it whole (a missing file is an
 * empty journal), walks its chain with Node's SHA-256 — on two threads when it is large
 * (verify-journal-split.ts) — and counts the quarantine files next to it (torn lines moved
 * aside by earlier appends; reported, never deleted).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { concludeVerification, expectedHeadsOf, type ExpectedHead, type JournalVerification } from '../../../shared/audit/verify-journal';
import { walkJournalFile } from './verify-journal-split';
import { bundledVerifyWorker } from './verify-worker-location';

export { sha256Hex } from './sha256-hex';

export interface JournalFileVerification extends JournalVerification {
  readonly file: string;
  /** `<journal>.quarantine-*` files next to the journal. */
  readonly quarantineFiles: readonly string[];
}

export interface VerifyJournalFileOptions {
  readonly expectedHead?: ExpectedHead;
  readonly expectedHeads?: readonly ExpectedHead[];
  /** The verify worker's script: default the one built next to the running bundle (none when run from sources); null: one thread. */
  readonly workerScript?: string | null;
  /** Journals smaller than this are walked on one thread (default SPLIT_MIN_BYTES). */
  readonly splitMinBytes?: number;
}

export async function verifyJournalFile(file: string, options: VerifyJournalFileOptions = {}): Promise<JournalFileVerification> {
  const expectedHeads = expectedHeadsOf(options);
  const walk = await walkJournalFile(file, {
    wanted: new Set(expectedHeads.map((head) => head.seq)),
    workerScript: options.workerScript === undefined ? bundledVerifyWorker() : options.workerScript,
    ...(options.splitMinBytes === undefined ? {} : { splitMinBytes: options.splitMinBytes }),
  });
  return { ...concludeVerification(walk, expectedHeads), file, quarantineFiles: await quarantineFilesOf(file) };
}

async function quarantineFilesOf(file: string): Promise<string[]> {
  const prefix = `${path.basename(file)}.quarantine-`;
  const names = await readdir(path.dirname(file)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return names.filter((name) => name.startsWith(prefix)).sort().map((name) => path.join(path.dirname(file), name));
}
