/**
 * Turns a command's output chunks into batches of whole, timestamped lines: one batch every
 * `intervalMs`, every `maxLines` lines or every `maxChars` characters, whichever comes first,
 * so 100,000 lines cost a few hundred events instead of 100,000. Lines are stamped when their
 * end arrives; a partial last line waits for its newline (or the end of the run).
 *
 * A batch is a few chunks in the wire format of shared/releases/output-chunk.ts: the lines
 * that arrived together (one stamp, one stream) travel as one string joined by "\n", found
 * with indexOf and cut with slice, never split into one string per line here.
 */
import type { OutputChunk } from '../../../shared/releases/output-chunk';
import { OUTPUT_LINE_MAX_CHARS } from '../../../shared/releases/output-limits';
import type { OutputStream } from '../runner/run-command';

export type { OutputChunk };

export interface OutputBatcher {
  push(chunk: string, stream: OutputStream): void;
  /** Emits what is pending, partial lines included (the command ended). */
  end(): void;
}

export interface BatcherOptions {
  readonly intervalMs?: number;
  readonly maxLines?: number;
  readonly maxChars?: number;
  readonly now?: () => Date;
  readonly emit: (chunks: readonly OutputChunk[]) => void;
}

export const OUTPUT_BATCH_INTERVAL_MS = 50;
export const OUTPUT_BATCH_MAX_LINES = 500;
/** A quarter of the contract's OUTPUT_EVENT_MAX_CHARS: a batch plus one more line stays under it. */
export const OUTPUT_BATCH_MAX_CHARS = 256 * 1024;

interface PendingChunk {
  readonly at: string;
  readonly stream: OutputStream;
  /** Pieces of whole lines, joined by "\n" when the batch leaves. */
  readonly pieces: string[];
}

// A "\r" right before a line end belongs to the line end (CRLF output); any other stays as text.
const LINE_END_CR = /\r(?=\n)|\r$/g;

export function createOutputBatcher(options: BatcherOptions): OutputBatcher {
  const intervalMs = options.intervalMs ?? OUTPUT_BATCH_INTERVAL_MS;
  const maxLines = options.maxLines ?? OUTPUT_BATCH_MAX_LINES;
  const maxChars = options.maxChars ?? OUTPUT_BATCH_MAX_CHARS;
  const now = options.now ?? (() => new Date());
  const partial: Record<OutputStream, string> = { stdout: '', stderr: '' };
  let pending: PendingChunk[] = [];
  let pendingLines = 0;
  let pendingChars = 0;
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const batch = pending.map((chunk) => ({ at: chunk.at, stream: chunk.stream, text: chunk.pieces.join('\n') }));
    pending = [];
    pendingLines = 0;
    pendingChars = 0;
    options.emit(batch);
  };

  /** Queues `lines` whole lines (joined by "\n" in `text`); flushes when the batch is full. */
  const append = (text: string, lines: number, stream: OutputStream, at: string) => {
    const last = pending.at(-1);
    if (last !== undefined && last.at === at && last.stream === stream) last.pieces.push(text);
    else pending.push({ at, stream, pieces: [text] });
    pendingLines += lines;
    pendingChars += text.length + 1;
    if (pendingLines >= maxLines || pendingChars >= maxChars) flush();
    else timer ??= setTimeout(flush, intervalMs);
  };

  /** Queues every line of `body` (lines joined by "\n"), as many per batch as it has room for. */
  const appendLines = (body: string, stream: OutputStream, at: string) => {
    let from = 0;
    for (;;) {
      let end = body.indexOf('\n', from);
      if ((end === -1 ? body.length : end) - from > OUTPUT_LINE_MAX_CHARS) {
        append(body.slice(from, from + OUTPUT_LINE_MAX_CHARS), 1, stream, at);
        from += OUTPUT_LINE_MAX_CHARS;
        continue;
      }
      // Take lines after the first while the batch has room for them.
      const lineRoom = maxLines - pendingLines;
      const charRoom = maxChars - pendingChars;
      let count = 1;
      while (end !== -1 && count < lineRoom) {
        const next = body.indexOf('\n', end + 1);
        if ((next === -1 ? body.length : next) - from > charRoom) break;
        end = next;
        count++;
      }
      append(end === -1 ? body.slice(from) : body.slice(from, end), count, stream, at);
      if (end === -1) return;
      from = end + 1;
    }
  };

  return {
    push(chunk, stream) {
      const text = partial[stream] + chunk;
      const end = text.lastIndexOf('\n');
      if (end === -1) {
        partial[stream] = text;
        // A line with no end in sight leaves in pieces rather than growing without bound.
        if (text.length > OUTPUT_LINE_MAX_CHARS) {
          const whole = text.length - (text.length % OUTPUT_LINE_MAX_CHARS);
          partial[stream] = text.slice(whole);
          appendLines(text.slice(0, whole), stream, now().toISOString());
        }
        return;
      }
      partial[stream] = text.slice(end + 1);
      const body = text.slice(0, end);
      appendLines(body.includes('\r') ? body.replace(LINE_END_CR, '') : body, stream, now().toISOString());
    },
    end() {
      const at = now().toISOString();
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream] !== '') appendLines(partial[stream], stream, at);
        partial[stream] = '';
      }
      flush();
    },
  };
}
