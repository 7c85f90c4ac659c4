/**
 * Turns a rollback command's output chunks into batches of whole, timestamped lines: one
 * batch every 50 ms or every 500 lines, whichever comes first (the window is told in batches,
 * not per chunk). A partial last line waits for its newline or the end of the run.
 *
 * The release service has the same batcher (releases/output-batcher.ts, on its branch):
 * once both are on main this one can go in favour of that one.
 */
import type { OutputStream } from '../runner/run-command';

export interface OutputLine {
  readonly at: string;
  readonly stream: OutputStream;
  readonly text: string;
}

export interface OutputBatcher {
  push(chunk: string, stream: OutputStream): void;
  end(): void;
}

export function createLineBatcher(emit: (lines: readonly OutputLine[]) => void, now: () => Date, intervalMs = 50, maxLines = 500): OutputBatcher {
  const partial: Record<OutputStream, string> = { stdout: '', stderr: '' };
  let pending: OutputLine[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    emit(batch);
  };
  const add = (text: string, stream: OutputStream, at: string) => {
    pending.push({ at, stream, text });
    if (pending.length >= maxLines) flush();
    else timer ??= setTimeout(flush, intervalMs);
  };
  return {
    push(chunk, stream) {
      const parts = (partial[stream] + chunk).split('\n');
      partial[stream] = parts.pop() ?? '';
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
