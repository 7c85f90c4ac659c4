/**
 * The walk down the hash chain (verify-journal.ts), over a slice of the journal's lines, so
 * a large journal can be walked in two slices at once (a worker thread takes the second) and
 * the two joined into exactly what one walk of the whole file gives.
 *
 * A slice that starts mid-file does not know the seq and hash of the line before it. It
 * walks on from "unknown": the first event it meets cannot be linked yet and is kept as
 * `pending` (its line, seq and prev, and what the slice's own lines before it resynchronised
 * on); every line after it is judged as the whole walk would judge it, because an event
 * sets both the seq and the hash the next line is checked against. `joinWalks` then links
 * the pending event to the end of the slice before it.
 *
 * Everything in a summary is structured-clonable (plain objects, arrays, Maps), so a worker
 * can post it as it is.
 */
import type { LineFacts } from './journal-line-facts';
import type { AcknowledgmentEntry, JournalProblem, JournalProblemKind } from './verify-journal';
import { GENESIS_HASH } from '../releases/release-events';

/** The seq and hash the next line is checked against; null while a mid-file slice has not read them yet. */
export interface ChainState {
  readonly seq: number | null;
  readonly hash: string | null;
}

export const GENESIS_STATE: ChainState = { seq: 0, hash: GENESIS_HASH };
export const UNKNOWN_STATE: ChainState = { seq: null, hash: null };

/** The first event of a slice that started at "unknown": its link is checked when the slice is joined to the one before. */
export interface PendingLink {
  readonly line: number;
  readonly seq: number;
  readonly prev: string;
  readonly environment: string;
  /** What the slice's own lines before this one resynchronised on (null: nothing, the slice before decides). */
  readonly before: ChainState;
}

export interface ChainWalk {
  /** Lines read, a torn last line included. */
  readonly lines: number;
  readonly entries: number;
  readonly environments: ReadonlyMap<string, number>;
  readonly head: { readonly seq: number; readonly hash: string } | null;
  readonly lastAcknowledgment: AcknowledgmentEntry | null;
  /** In file order, the pending event's link problem not yet among them. */
  readonly problems: readonly JournalProblem[];
  /** The first line (and its hash) of each seq asked for in `wanted`. */
  readonly seqLines: ReadonlyMap<number, { readonly line: number; readonly hash: string }>;
  /** The state after the slice's last line. */
  readonly end: ChainState;
  readonly pending: PendingLink | null;
}

export interface ChainWalkOptions {
  readonly judge: (raw: string) => LineFacts;
  /** The 1-based number of the slice's first line in the file. */
  readonly firstLine: number;
  readonly start: ChainState;
  /** True when the slice ends where the file ends (only there is a line "the last"). */
  readonly atEndOfFile: boolean;
  /** The seqs whose first line and hash are kept (the recorded heads to check). */
  readonly wanted: ReadonlySet<number>;
}

/** Walks `text`, which starts at a line's start and, unless it ends the file, ends right after a newline. */
export function walkChain(text: string, options: ChainWalkOptions): ChainWalk {
  const { judge, wanted, atEndOfFile } = options;
  const problems: JournalProblem[] = [];
  const environments = new Map<string, number>();
  const seqLines = new Map<number, { line: number; hash: string }>();
  let entries = 0;
  let lastSeq = options.start.seq;
  let lastHash = options.start.hash;
  let head: { seq: number; hash: string } | null = null;
  let lastAcknowledgment: AcknowledgmentEntry | null = null;
  let pending: PendingLink | null = null;

  let start = 0;
  let line = options.firstLine - 1;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    line++;
    const raw = text.slice(start, end === -1 ? text.length : end);
    const isLast = atEndOfFile && (end === -1 || end === text.length - 1);
    start = end === -1 ? text.length : end + 1;
    if (end === -1) {
      problems.push({ kind: 'torn-last-line', line, seq: null, environment: null, message: `line ${line} is incomplete (no newline: an append interrupted by a power loss or a crash); it is not part of the journal` });
      break;
    }
    const facts = judge(raw);
    if (facts.kind === 'not-json') {
      if (isLast) {
        problems.push({ kind: 'torn-last-line', line, seq: null, environment: null, message: `line ${line}, the last, is not JSON (an append interrupted by a power loss or a crash); it is not part of the journal` });
      } else {
        problems.push({ kind: 'not-json', line, seq: null, environment: null, message: `line ${line} is not JSON (${JSON.stringify(raw.slice(0, 60))})` });
      }
      continue;
    }
    if (facts.kind === 'not-an-event') {
      const { seq, environment } = facts;
      problems.push({ kind: 'not-an-event', line, seq, environment, message: `line ${line}${seq === null ? '' : ` (seq ${seq})`} is not a journal event (${facts.where})` });
      // Resynchronise on what can be read, so the next line is judged against this one.
      if (facts.resync.seq !== null) lastSeq = facts.resync.seq;
      if (facts.resync.hash !== null) lastHash = facts.resync.hash;
      continue;
    }
    const { seq, environment } = facts;
    entries++;
    if (facts.acknowledgment !== null) lastAcknowledgment = { seq, line, ...facts.acknowledgment };
    environments.set(environment, (environments.get(environment) ?? 0) + 1);
    if (lastSeq === null || lastHash === null) {
      // Only a slice's first event can get here: after it, both are known.
      pending = { line, seq, prev: facts.prev, environment, before: { seq: lastSeq, hash: lastHash } };
    } else {
      const link = linkProblem(line, seq, facts.prev, environment, lastSeq, lastHash);
      if (link !== null) problems.push(link);
    }
    if (facts.actual !== facts.hash) {
      problems.push({ kind: 'hash-mismatch', line, seq, environment, message: `line ${line} (seq ${seq}) was edited: its content hashes to ${short(facts.actual)}, not to its recorded hash ${short(facts.hash)}` });
    }
    if (wanted.has(seq) && !seqLines.has(seq)) seqLines.set(seq, { line, hash: facts.hash });
    lastSeq = seq;
    lastHash = facts.hash;
    head = { seq, hash: facts.hash };
  }
  return { lines: line - (options.firstLine - 1), entries, environments, head, lastAcknowledgment, problems, seqLines, end: { seq: lastSeq, hash: lastHash }, pending };
}

/** The walk of `first` followed by `second` (the slice right after it): what one walk over both gives. */
export function joinWalks(first: ChainWalk, second: ChainWalk): ChainWalk {
  const environments = new Map(first.environments);
  for (const [environment, count] of second.environments) environments.set(environment, (environments.get(environment) ?? 0) + count);
  const seqLines = new Map(first.seqLines);
  for (const [seq, found] of second.seqLines) if (!seqLines.has(seq)) seqLines.set(seq, found);
  let pending = first.pending;
  const problems = [...first.problems];
  if (second.pending !== null) {
    const { line, seq, prev, environment, before } = second.pending;
    const lastSeq = before.seq ?? first.end.seq;
    const lastHash = before.hash ?? first.end.hash;
    if (lastSeq === null || lastHash === null) {
      // `first` holds no event either (it started mid-file too): the slice before both decides.
      pending = { ...second.pending, before: { seq: lastSeq, hash: lastHash } };
    } else {
      const link = linkProblem(line, seq, prev, environment, lastSeq, lastHash);
      if (link !== null) problems.push(link);
    }
  }
  problems.push(...second.problems);
  // Stable: the pending event's link problem stays before its hash mismatch, as one walk pushes them.
  problems.sort((a, b) => a.line - b.line);
  return {
    lines: first.lines + second.lines,
    entries: first.entries + second.entries,
    environments,
    head: second.head ?? first.head,
    lastAcknowledgment: second.lastAcknowledgment ?? first.lastAcknowledgment,
    problems,
    seqLines,
    end: { seq: second.end.seq ?? first.end.seq, hash: second.end.hash ?? first.end.hash },
    pending,
  };
}

/** Is this event's seq the one after `lastSeq`, and its prev `lastHash`? */
function linkProblem(line: number, seq: number, prev: string, environment: string, lastSeq: number, lastHash: string): JournalProblem | null {
  const problem = (kind: JournalProblemKind, message: string): JournalProblem => ({ kind, line, seq, environment, message });
  if (seq !== lastSeq + 1) {
    const why =
      seq <= lastSeq
        ? seq === lastSeq
          ? 'a duplicated or inserted entry'
          : 'entries out of order'
        : seq === lastSeq + 2
          ? `entry ${lastSeq + 1} is missing (deleted?)`
          : `entries ${lastSeq + 1}–${seq - 1} are missing (deleted?)`;
    return problem('out-of-sequence', `line ${line} has seq ${seq} after seq ${lastSeq}: ${why}`);
  }
  if (prev !== lastHash) {
    return problem('broken-link', `line ${line} (seq ${seq}): prev ${short(prev)} is not the previous entry's hash ${short(lastHash)} (an entry before it was removed, replaced or inserted)`);
  }
  return null;
}

export function short(hash: string): string {
  return hash.slice(0, 12);
}
