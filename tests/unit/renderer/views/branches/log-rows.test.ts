/**
 * The log's rows while it follows its end: the last lines that fill the view, rendered in the
 * same commit as the lines themselves, under keys that let the same DOM nodes take new lines.
 */
import { describe, expect, it } from 'vitest';

interface VisibleRange {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly overscan: number;
  readonly count: number;
}
// Imported by path at run time: the renderer is its own TypeScript project (as step-output.test.ts does).
const rowsModule = '../../../../../renderer/views/branches/log-rows';
const { rowsAtEnd, rowKey, FOLLOW_OVERSCAN } = (await import(/* @vite-ignore */ rowsModule)) as {
  rowsAtEnd: (range: VisibleRange, overscan?: number) => number[];
  rowKey: (index: number, firstRendered: number) => number;
  FOLLOW_OVERSCAN: number;
};

describe('rowsAtEnd', () => {
  it('renders the last lines, as many as were visible plus a few above, whatever position the range was read at', () => {
    // The range still names rows 100-114 (the scroll position before 5,000 lines arrived).
    const rows = rowsAtEnd({ startIndex: 100, endIndex: 114, overscan: 20, count: 5_115 });
    expect(rows).toHaveLength(15 + FOLLOW_OVERSCAN);
    expect(rows.at(-1)).toBe(5_114);
    expect(rows[0]).toBe(5_115 - 15 - FOLLOW_OVERSCAN);
    expect(rows.every((row, at) => at === 0 || row === (rows[at - 1] ?? NaN) + 1)).toBe(true);
  });

  it('renders every line of a log shorter than the view, and none of an empty one', () => {
    expect(rowsAtEnd({ startIndex: 0, endIndex: 2, overscan: 20, count: 3 })).toEqual([0, 1, 2]);
    expect(rowsAtEnd({ startIndex: 0, endIndex: 0, overscan: 20, count: 0 })).toEqual([]);
    expect(rowsAtEnd({ startIndex: 0, endIndex: 9, overscan: 20, count: 12 }, 1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe('rowKey', () => {
  it('keys rows by their place among the rows rendered, so a jump ahead reuses every row in order', () => {
    const before = [100, 101, 102].map((index) => rowKey(index, 100));
    const after = [5_000, 5_001, 5_002].map((index) => rowKey(index, 5_000));
    expect(before).toEqual([0, 1, 2]);
    expect(after).toEqual(before);
  });
});
