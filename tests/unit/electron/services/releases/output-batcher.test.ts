import { describe, expect, it } from 'vitest';
import { createOutputBatcher, type OutputChunk } from '../../../../../electron/services/releases/output-batcher';
import { OUTPUT_LINE_MAX_CHARS, OutputChunksSchema } from '../../../../../shared/releases/output-chunk';
import { linesOfChunks } from '../../../../../shared/releases/output-lines';

function collector(options: { intervalMs?: number; maxLines?: number; maxChars?: number; now?: () => Date } = {}) {
  const batches: (readonly OutputChunk[])[] = [];
  const batcher = createOutputBatcher({ now: () => new Date('2026-11-20T10:00:00.000Z'), ...options, emit: (chunks) => batches.push(chunks) });
  /** Every line emitted so far, as `stream:text`. */
  const lines = () => batches.flat().flatMap((chunk) => linesOfChunks([chunk]).map((line) => `${chunk.stream}:${line}`));
  return { batcher, batches, lines };
}

describe('the step output batcher', () => {
  it('emits whole lines, joining chunks split mid-line, per stream', async () => {
    const { batcher, batches, lines } = collector({ intervalMs: 10 });
    batcher.push('one\ntw', 'stdout');
    batcher.push('oops\n', 'stderr');
    batcher.push('o\r\nthree', 'stdout');
    expect(batches).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(lines()).toEqual(['stdout:one', 'stderr:oops', 'stdout:two']);
    batcher.end();
    expect(lines()).toEqual(['stdout:one', 'stderr:oops', 'stdout:two', 'stdout:three']);
  });

  it('sends the lines that arrived together as one chunk: one stamp, one stream, one string', () => {
    let tick = 0;
    const { batcher, batches } = collector({ intervalMs: 10_000, now: () => new Date(Date.UTC(2026, 10, 20, 10, 0, 0, tick++)) });
    batcher.push('a\nb\nc\n', 'stdout');
    batcher.push('d\n', 'stdout');
    batcher.push('e\nf\n', 'stderr');
    batcher.end();
    expect(batches).toEqual([
      [
        { at: '2026-11-20T10:00:00.000Z', stream: 'stdout', text: 'a\nb\nc' },
        { at: '2026-11-20T10:00:00.001Z', stream: 'stdout', text: 'd' },
        { at: '2026-11-20T10:00:00.002Z', stream: 'stderr', text: 'e\nf' },
      ],
    ]);
  });

  it('keeps "\\r" inside a line, control characters and empty lines as text; only a CR before the line end goes', () => {
    const { batcher, batches } = collector({ intervalMs: 10_000 });
    const odd = ['progress 10%\rprogress 20%', 'bell \u0007 escape \u001b[31mred\u001b[0m nul \u0000', '', 'tab\there', 'two CRs\r'];
    batcher.push(`${odd[0]}\n${odd[1]}\n\n${odd[3]}\r\n${odd[4]}\r\n`, 'stdout');
    batcher.end();
    expect(linesOfChunks(batches.flat())).toEqual(odd);
    // What the page gets back after JSON, as the bridge sends it.
    expect(linesOfChunks(JSON.parse(JSON.stringify(batches.flat())) as OutputChunk[])).toEqual(odd);
  });

  it('a flood becomes batches of maxLines, never one event per line', () => {
    const { batcher, batches } = collector({ intervalMs: 10_000, maxLines: 500 });
    batcher.push(Array.from({ length: 1200 }, (_, i) => `line ${i}\n`).join(''), 'stdout');
    expect(batches.map((batch) => linesOfChunks(batch).length)).toEqual([500, 500]);
    batcher.end();
    expect(batches.map((batch) => linesOfChunks(batch).length)).toEqual([500, 500, 200]);
    expect(batches.map((batch) => batch.length)).toEqual([1, 1, 1]);
    expect(linesOfChunks(batches.flat())).toEqual(Array.from({ length: 1200 }, (_, i) => `line ${i}`));
  });

  it('sends a batch before it holds maxChars, and every batch passes the contract', () => {
    const { batcher, batches } = collector({ intervalMs: 10_000, maxChars: 10_000 });
    const printed = Array.from({ length: 300 }, (_, i) => `${i} ${'x'.repeat(i * 7)}`);
    for (let i = 0; i < printed.length; i += 13) batcher.push(printed.slice(i, i + 13).map((line) => `${line}\n`).join(''), i % 2 === 0 ? 'stdout' : 'stderr');
    batcher.end();
    expect(batches.length).toBeGreaterThan(10);
    for (const batch of batches) {
      expect(batch.reduce((sum, chunk) => sum + chunk.text.length, 0)).toBeLessThan(10_000 + 300 * 7 + 10);
      expect(OutputChunksSchema.safeParse(batch).success).toBe(true);
    }
    expect(linesOfChunks(batches.flat())).toEqual(printed);
  });

  it('cuts a line longer than OUTPUT_LINE_MAX_CHARS into pieces, whether its end came or not', () => {
    const { batcher, batches } = collector({ intervalMs: 10_000 });
    const long = 'a'.repeat(OUTPUT_LINE_MAX_CHARS * 2 + 5);
    // No newline yet: what is whole leaves at once, the rest waits.
    batcher.push(long.slice(0, OUTPUT_LINE_MAX_CHARS * 2 + 1), 'stdout');
    batcher.push(long.slice(OUTPUT_LINE_MAX_CHARS * 2 + 1), 'stdout');
    batcher.push('\n', 'stdout');
    const bLine = 'b'.repeat(OUTPUT_LINE_MAX_CHARS + 1);
    batcher.push(`${bLine}\nshort\n`, 'stdout');
    batcher.end();
    const lines = linesOfChunks(batches.flat());
    expect(lines.map((line) => line.length)).toEqual([OUTPUT_LINE_MAX_CHARS, OUTPUT_LINE_MAX_CHARS, 5, OUTPUT_LINE_MAX_CHARS, 1, 5]);
    expect(lines.slice(0, 3).join('')).toBe(long);
    expect(lines.slice(3, 5).join('')).toBe(bLine);
    for (const batch of batches) expect(OutputChunksSchema.safeParse(batch).success).toBe(true);
  });

  it('end() with nothing pending emits nothing', () => {
    const { batcher, batches } = collector();
    batcher.end();
    expect(batches).toEqual([]);
  });
});
