/**
 * Turns a command's output chunks into batches of whole, timestamped lines: one batch every
 * `intervalMs` or every `maxLines` lines, whichever comes first, so 100,000 lines cost a few
 * hundred events instead of 100,000. A line is stamped when its end arrives; a partial last
 * line waits for its newline (or the end of the run).
 */
import type { OutputStream } from '../runner/run-command';

export interface OutputLine {
  readonly at: string;
  readonly stream: OutputStream;
  readonly text: string;
}

export interface OutputBatcher {
  push(chunk: string, stream: OutputStream): void;
  /** Emits what is pending, partial lines included (the command ended). */
  end(): void;
}

export interface BatcherOptions {
  readonly intervalMs?: number;
  readonly maxLines?: number;
  readonly now?: () => Date;
  readonly emit: (lines: readonly OutputLine[]) => void;
}

export const OUTPUT_BATCH_INTERVAL_MS = 50;
export const OUTPUT_BATCH_MAX_LINES = 500;

export function createOutputBatcher(options: BatcherOptions): OutputBatcher {
  const intervalMs = options.intervalMs ?? OUTPUT_BATCH_INTERVAL_MS;
  const maxLines = options.maxLines ?? OUTPUT_BATCH_MAX_LINES;
  const now = options.now ?? (() => new Date());
  const partial: Record<OutputStream, string> = { stdout: '', stderr: '' };
  let pending: OutputLine[] = [];
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    options.emit(batch);
  };

  const add = (text: string, stream: OutputStream, at: string) => {
    pending.push({ at, stream, text });
    if (pending.length >= maxLines) flush();
    else timer ??= setTimeout(flush, intervalMs);
  };

  return {
    push(chunk, stream) {
      const text = partial[stream] + chunk;
      const parts = text.split('\n');
      partial[stream] = parts.pop() ?? '';
      if (parts.length === 0) return;
      const at = now().toISOString();
      for (const line of parts) add(line.endsWith('\r') ? line.slice(0, -1) : line, stream, at);
    },
    end() {
      const at = now().toISOString();
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream] !== '') add(partial[stream], stream, at);
        partial[stream] = '';
      }
      flush();
    },
  };
}
