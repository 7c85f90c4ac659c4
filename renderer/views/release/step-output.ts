/**
 * Live output of release steps, kept per release, step and attempt: a batch of one run is
 * never shown under another release or another attempt (a review found one branch's test run
 * shown under another). Pure functions; live-output.ts holds the one store the views share.
 */
import type { z } from 'zod';
import type { StepName } from '../../../shared/releases/release-events';
import type { OutputChunk } from '../../../shared/releases/output-chunk';
import type { StepOutputSchema } from '../../../shared/releases/release-ipc';
import { appendSegments, emptyLines, type ChunkedLines, type LineList } from './chunked-lines';
import { logTime } from './format';

export type StepOutputBatch = z.infer<typeof StepOutputSchema>;

export interface OutputKey {
  readonly releaseId: string;
  readonly step: StepName;
  readonly attempt: number;
}

export function outputKey(key: OutputKey): string {
  return `${key.releaseId}/${key.step}/${key.attempt}`;
}

export interface StepOutputEntry {
  /**
   * Each line as the log shows it (time, stream marker, text), formatted when first read;
   * lines dropped from the front to keep memory bounded (the whole log stays on disk) are counted
   * in `lines.dropped`.
   */
  readonly lines: ChunkedLines;
  readonly dropped: number;
}

export type OutputStore = ReadonlyMap<string, StepOutputEntry>;

export const EMPTY_OUTPUT: StepOutputEntry = { lines: emptyLines(), dropped: 0 };

/** Enough for the 100,000-line log the issue asks to stay responsive, with room to spare. */
export const MAX_LINES_PER_RUN = 200_000;

/**
 * The store with one batch appended to its run's entry, in arrival order; the input is
 * untouched. Costs a count of the batch's line ends and a copy of the (small) map, never a
 * copy of the run's lines (a 100,000-line burst arrives as hundreds of batches), and no
 * string per line: each chunk is kept whole and split when the view first reads one of its
 * lines (chunked-lines.ts).
 */
export function appendBatch(store: OutputStore, batch: StepOutputBatch, maxLines = MAX_LINES_PER_RUN): OutputStore {
  if (batch.chunks.length === 0) return store;
  const key = outputKey(batch);
  const segments = batch.chunks.map((chunk) => ({ text: chunk.text, prefix: linePrefix(chunk) }));
  const lines = appendSegments((store.get(key) ?? EMPTY_OUTPUT).lines, segments, maxLines);
  const next = new Map(store);
  next.set(key, { lines, dropped: lines.dropped });
  return next;
}

/**
 * What the log shows before each line of a chunk: its local time and a marker for stderr; the
 * text follows as it came ("\r" and other control characters stay text). The chunk's lines
 * share one time stamp and stream, so the prefix is made once per chunk.
 */
function linePrefix(chunk: Pick<OutputChunk, 'at' | 'stream'>): string {
  return `${logTime(chunk.at)} ${chunk.stream === 'stderr' ? '!' : ' '} `;
}

/**
 * The lines to show for a search: every line when the query is blank, otherwise the lines
 * whose text contains it (case-insensitive), each with its 1-based line number so a match can
 * be found again in the copied log.
 */
export function filterLines<L extends LineList>(lines: L, query: string): { readonly lines: L | readonly string[]; readonly matches: number } {
  const needle = query.trim().toLowerCase();
  if (needle === '') return { lines, matches: 0 };
  const shown: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines.at(index) ?? '';
    if (line.toLowerCase().includes(needle)) shown.push(`${String(index + 1).padStart(6, ' ')}  ${line}`);
  }
  return { lines: shown, matches: shown.length };
}

/** Splits a line around each case-insensitive occurrence of `query`, for highlighting as text. */
export function splitMatches(line: string, query: string): readonly { readonly text: string; readonly match: boolean }[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [{ text: line, match: false }];
  const lower = line.toLowerCase();
  // A few characters change length when lower-cased ("İ"); their offsets would not line up.
  if (lower.length !== line.length) return [{ text: line, match: lower.includes(needle) }];
  const parts: { text: string; match: boolean }[] = [];
  let from = 0;
  for (let found = lower.indexOf(needle, from); found !== -1; found = lower.indexOf(needle, from)) {
    if (found > from) parts.push({ text: line.slice(from, found), match: false });
    parts.push({ text: line.slice(found, found + needle.length), match: true });
    from = found + needle.length;
  }
  if (from < line.length) parts.push({ text: line.slice(from), match: false });
  return parts;
}
