import { describe, expect, it } from 'vitest';
import { createOutputBatcher, type OutputLine } from '../../../../../electron/services/releases/output-batcher';

function collector(options: { intervalMs?: number; maxLines?: number } = {}) {
  const batches: (readonly OutputLine[])[] = [];
  const batcher = createOutputBatcher({ ...options, now: () => new Date('2026-11-20T10:00:00.000Z'), emit: (lines) => batches.push(lines) });
  return { batcher, batches };
}

describe('the step output batcher', () => {
  it('emits whole lines, joining chunks split mid-line, per stream', async () => {
    const { batcher, batches } = collector({ intervalMs: 10 });
    batcher.push('one\ntw', 'stdout');
    batcher.push('oops\n', 'stderr');
    batcher.push('o\r\nthree', 'stdout');
    expect(batches).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(batches.flat().map((line) => `${line.stream}:${line.text}`)).toEqual(['stdout:one', 'stderr:oops', 'stdout:two']);
    batcher.end();
    expect(batches.flat().map((line) => line.text)).toEqual(['one', 'oops', 'two', 'three']);
  });

  it('a flood becomes batches of maxLines, never one event per line', () => {
    const { batcher, batches } = collector({ intervalMs: 10_000, maxLines: 500 });
    batcher.push(Array.from({ length: 1200 }, (_, i) => `line ${i}\n`).join(''), 'stdout');
    expect(batches.map((batch) => batch.length)).toEqual([500, 500]);
    batcher.end();
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 200]);
    expect(batches.flat().at(-1)?.text).toBe('line 1199');
  });

  it('end() with nothing pending emits nothing', () => {
    const { batcher, batches } = collector();
    batcher.end();
    expect(batches).toEqual([]);
  });
});
