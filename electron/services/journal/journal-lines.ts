/**
 * Parsing the journal file: one JSON event per line, each ending with "\n". The last line may
 * be torn by a power loss (no newline, or not JSON): reported, not returned. A damaged line
 * before the last (not JSON, or not an event) is reported and skipped, never hidden and never
 * rewritten: releases go on (the journal is not the product's hostage) while `audit verify`
 * names the line and the app's banner stays until someone acknowledges it.
 */
import { chainPointOf } from '../../../shared/audit/chain-point';
import { GENESIS_HASH } from '../../../shared/releases/release-constants';
import type { JournalEvent } from '../../../shared/releases/release-events';

/** Checks one parsed line: the event, or what is wrong with it ("data.step: invalid option"). */
export type EventCheck = (json: unknown) => { readonly ok: true; readonly event: JournalEvent } | { readonly ok: false; readonly problem: string };

export interface TornLine {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly text: string;
  /** Byte offset where the torn line starts (everything before it is whole). */
  readonly offset: number;
}

/** A whole line before the last that is not a journal event: skipped by the folds, kept in the file. */
export interface DamagedLine {
  readonly line: number;
  /** What is wrong, in the words `audit verify` uses. */
  readonly detail: string;
}

/**
 * Where the next append chains on: the last line's seq and hash as the verifier resynchronises
 * on them (shared/audit/verify-journal.ts), so an append after a damaged line adds no new problem.
 */
export interface ChainTip {
  readonly seq: number;
  readonly hash: string;
}

export interface ParsedChunk {
  readonly events: JournalEvent[];
  readonly damaged: DamagedLine[];
  readonly torn: TornLine | null;
  /** Lines read (whole ones). */
  readonly lines: number;
  /** The chain's end after this chunk; `before` when the chunk has no line to chain on. */
  readonly tip: ChainTip | null;
}

const NEWLINE = 0x0a;

/**
 * Parses `bytes`, which start at byte `baseOffset` of the file on line `baseLine + 1`, where
 * the chain so far ends at `before`.
 */
export function parseJournalBytes(bytes: Buffer, baseOffset: number, baseLine: number, before: ChainTip | null, check: EventCheck): ParsedChunk {
  const events: JournalEvent[] = [];
  const damaged: DamagedLine[] = [];
  let tip = before;
  let start = 0;
  let line = baseLine;
  const chunk = (torn: TornLine | null, lines: number): ParsedChunk => ({ events, damaged, torn, lines, tip });
  while (start < bytes.length) {
    const end = bytes.indexOf(NEWLINE, start);
    line++;
    const lineStart = start;
    const text = bytes.toString('utf8', lineStart, end === -1 ? bytes.length : end);
    if (end === -1) return chunk({ line, text, offset: baseOffset + lineStart }, line - 1 - baseLine);
    start = end + 1;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // Whole-looking but unparsable: torn when nothing follows it, damage otherwise.
      if (end === bytes.length - 1) return chunk({ line, text, offset: baseOffset + lineStart }, line - 1 - baseLine);
      damaged.push({ line, detail: `not JSON (${JSON.stringify(text.slice(0, 80))})` });
      continue;
    }
    const checked = check(json);
    if (!checked.ok) {
      damaged.push({ line, detail: `not a journal event (${checked.problem})` });
      const point = chainPointOf(json);
      tip = { seq: point.seq ?? tip?.seq ?? 0, hash: point.hash ?? tip?.hash ?? GENESIS_HASH };
      continue;
    }
    const event = checked.event;
    events.push(event);
    tip = { seq: event.seq, hash: event.hash };
  }
  return chunk(null, line - baseLine);
}
