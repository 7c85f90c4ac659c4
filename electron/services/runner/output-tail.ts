/**
 * Keeps the last `limit` characters of a command's output in memory. The full output goes
 * to the log file; the tail is what a result carries and a screen shows.
 */
export interface OutputTail {
  append(text: string): void;
  /** The kept text, and whether older output was dropped to keep it bounded. */
  read(): { readonly text: string; readonly truncated: boolean };
}

export const DEFAULT_OUTPUT_LIMIT = 1024 * 1024;

export function createOutputTail(limit: number = DEFAULT_OUTPUT_LIMIT): OutputTail {
  let chunks: string[] = [];
  let size = 0;
  let truncated = false;
  return {
    append(text) {
      if (text.length === 0) return;
      chunks.push(text);
      size += text.length;
      if (size <= limit * 2) return;
      // Compact only now and then, so appending stays cheap.
      const joined = chunks.join('');
      chunks = [joined.slice(joined.length - limit)];
      size = limit;
      truncated = true;
    },
    read() {
      const joined = chunks.join('');
      if (joined.length <= limit) return { text: joined, truncated };
      return { text: joined.slice(joined.length - limit), truncated: true };
    },
  };
}
