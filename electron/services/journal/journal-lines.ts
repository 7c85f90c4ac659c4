/**
 * Parsing the journal file: one JSON event per line, each ending with "\n". The last line may
 * be torn by a power loss (no newline, or not JSON): reported, not returned. Anything wrong
 * before the last line is corruption and is never hidden: an error naming file and line.
 */
import { JournalEventSchema, type JournalEvent } from '../../../shared/releases/release-events';

export interface TornLine {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly text: string;
  /** Byte offset where the torn line starts (everything before it is whole). */
  readonly offset: number;
}

export interface ParsedChunk {
  readonly events: JournalEvent[];
  readonly torn: TornLine | null;
  /** Lines read (whole ones). */
  readonly lines: number;
}

export class JournalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`The release journal ${file} is damaged at line ${line}: ${detail}. Nothing was written; keep the file as it is for the audit.`);
    this.name = 'JournalCorruptError';
  }
}

const NEWLINE = 0x0a;

/**
 * Parses `bytes`, which start at byte `baseOffset` of `file` on line `baseLine + 1`.
 */
export function parseJournalBytes(bytes: Buffer, file: string, baseOffset: number, baseLine: number): ParsedChunk {
  const events: JournalEvent[] = [];
  let start = 0;
  let line = baseLine;
  while (start < bytes.length) {
    const end = bytes.indexOf(NEWLINE, start);
    line++;
    const text = bytes.toString('utf8', start, end === -1 ? bytes.length : end);
    if (end === -1) return { events, torn: { line, text, offset: baseOffset + start }, lines: line - 1 - baseLine };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // Whole-looking but unparsable: torn when nothing follows it, corruption otherwise.
      if (end === bytes.length - 1) return { events, torn: { line, text, offset: baseOffset + start }, lines: line - 1 - baseLine };
      throw new JournalCorruptError(file, line, `not JSON (${JSON.stringify(text.slice(0, 80))})`);
    }
    const parsed = JournalEventSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new JournalCorruptError(file, line, `not a journal event (${issue === undefined ? 'invalid' : `${issue.path.join('.') || 'event'}: ${issue.message}`})`);
    }
    events.push(parsed.data as JournalEvent);
    start = end + 1;
  }
  return { events, torn: null, lines: line - baseLine };
}
