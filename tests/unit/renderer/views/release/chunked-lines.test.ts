/**
 * The live log's append-only line list: views taken earlier never change (React snapshots),
 * the cap drops the oldest lines, and appending to a stale view forks instead of sharing a tail.
 */
import { describe, expect, it } from 'vitest';

interface Lines {
  readonly length: number;
  readonly dropped: number;
  at(index: number): string | undefined;
  toArray(): string[];
}
// Imported by path at run time: the renderer is its own TypeScript project (as step-output.test.ts does).
const linesModule = '../../../../../renderer/views/release/chunked-lines';
const { appendLines, appendSegments, emptyLines } = (await import(/* @vite-ignore */ linesModule)) as {
  appendLines: (list: Lines, lines: readonly string[], maxLines: number) => Lines;
  appendSegments: (list: Lines, segments: readonly { text: string; prefix: string }[], maxLines: number) => Lines;
  emptyLines: () => Lines;
};

const numbered = (from: number, count: number) => Array.from({ length: count }, (_, n) => `line ${from + n}`);

describe('chunked lines', () => {
  it('reads lines by index across chunks, negative indexes from the end, nothing out of range', () => {
    const list = appendLines(appendLines(emptyLines(), numbered(0, 5000), 100_000), numbered(5000, 5000), 100_000);
    expect(list.length).toBe(10_000);
    expect([list.at(0), list.at(4095), list.at(4096), list.at(9999), list.at(-1)]).toEqual(['line 0', 'line 4095', 'line 4096', 'line 9999', 'line 9999']);
    expect([list.at(10_000), list.at(-10_001), list.at(1.5)]).toEqual([undefined, undefined, undefined]);
    expect(list.toArray()).toEqual(numbered(0, 10_000));
  });

  it('keeps an earlier view as it was after later appends and drops', () => {
    const first = appendLines(emptyLines(), numbered(0, 10), 9000);
    const second = appendLines(first, numbered(10, 9000), 9000);
    const third = appendLines(second, numbered(9010, 5000), 9000);
    expect(first.toArray()).toEqual(numbered(0, 10));
    expect(second.length).toBe(9000);
    expect(second.dropped).toBe(10);
    expect(second.at(0)).toBe('line 10');
    expect(third.dropped).toBe(5010);
    expect(third.toArray()).toEqual(numbered(5010, 9000));
    expect(second.toArray()).toEqual(numbered(10, 9000));
    expect(appendLines(third, [], 9000)).toBe(third);
  });

  it('appending to a stale view forks: neither history sees the other\'s lines', () => {
    const base = appendLines(emptyLines(), ['a', 'b'], 10);
    const left = appendLines(base, ['left'], 10);
    const right = appendLines(base, ['right'], 10);
    const leftMore = appendLines(left, ['left 2'], 10);
    expect(base.toArray()).toEqual(['a', 'b']);
    expect(left.toArray()).toEqual(['a', 'b', 'left']);
    expect(right.toArray()).toEqual(['a', 'b', 'right']);
    expect(leftMore.toArray()).toEqual(['a', 'b', 'left', 'left 2']);
    expect(appendLines(right, ['right 2'], 3).toArray()).toEqual(['b', 'right', 'right 2']);
  });

  it('reads segments as lines: split on "\\n", each line after its segment\'s prefix, an empty text one empty line', () => {
    const list = appendSegments(emptyLines(), [{ text: 'a\nb', prefix: '1 ' }, { text: '', prefix: '2 ' }, { text: 'c\n', prefix: '3 ' }], 100);
    expect(list.length).toBe(5);
    expect(list.toArray()).toEqual(['1 a', '1 b', '2 ', '3 c', '3 ']);
    expect([list.at(-1), list.at(2), list.at(5)]).toEqual(['3 ', '2 ', undefined]);
  });

  it('drops the oldest lines past the cap inside and across segments; views taken before keep theirs', () => {
    let list = emptyLines();
    const views: Lines[] = [];
    // 300 segments of 10 lines under a cap of 1,005: whole segments are let go in bulk on the way.
    for (let segment = 0; segment < 300; segment++) {
      list = appendSegments(list, [{ text: numbered(segment * 10, 10).join('\n'), prefix: '' }], 1_005);
      views.push(list);
    }
    expect(list.length).toBe(1_005);
    expect(list.dropped).toBe(3_000 - 1_005);
    expect(list.toArray()).toEqual(numbered(3_000 - 1_005, 1_005));
    expect(views[9]?.toArray()).toEqual(numbered(0, 100));
    expect(views[150]?.toArray()).toEqual(numbered(1_510 - 1_005, 1_005));
  });

  it('a stale view forks with segments too, and a fork of a trimmed view starts where that view starts', () => {
    const base = appendSegments(emptyLines(), [{ text: 'a\nb\nc', prefix: '' }], 2);
    const left = appendSegments(base, [{ text: 'left', prefix: '' }], 2);
    const right = appendSegments(base, [{ text: 'right\nmore', prefix: '' }], 3);
    expect(base.toArray()).toEqual(['b', 'c']);
    expect(left.toArray()).toEqual(['c', 'left']);
    expect(right.toArray()).toEqual(['c', 'right', 'more']);
    expect(right.dropped).toBe(2);
  });
});
