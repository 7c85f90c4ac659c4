/**
 * Live step output is kept per release, step and attempt: batches of one run never show under
 * another (a review found one branch's test run shown under another), arrive in order, and
 * memory stays bounded. Search filters and marks lines as text.
 */
import { describe, expect, it } from 'vitest';

/** One chunk of the wire format: its lines joined by "\n". */
interface Chunk {
  readonly at: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}
interface Batch {
  readonly releaseId: string;
  readonly step: 'stage1' | 'switchover';
  readonly attempt: number;
  readonly chunks: readonly Chunk[];
}
interface Entry {
  readonly lines: { readonly length: number; at(index: number): string | undefined; toArray(): string[] };
  readonly dropped: number;
}
type Store = ReadonlyMap<string, Entry>;
const outputModule = '../../../../../renderer/views/release/step-output';
const output = (await import(/* @vite-ignore */ outputModule)) as {
  appendBatch: (store: Store, batch: Batch, maxLines?: number) => Store;
  outputKey: (key: { releaseId: string; step: string; attempt: number }) => string;
  displayLines: (chunk: Chunk) => string[];
  filterLines: (lines: readonly string[], query: string) => { lines: readonly string[]; matches: number };
  splitMatches: (line: string, query: string) => readonly { text: string; match: boolean }[];
};

const chunk = (text: string, stream: Chunk['stream'] = 'stdout', at = '2026-11-29T10:00:00.000Z'): Chunk => ({ at, stream, text });
const batch = (releaseId: string, step: Batch['step'], attempt: number, ...texts: string[]): Batch => ({ releaseId, step, attempt, chunks: texts.length === 0 ? [] : [chunk(texts.join('\n'))] });
/** The text of each line held, without the time and stream marker the log shows in front. */
const textOf = (shown: string) => shown.replace(/^\d\d:\d\d:\d\d\.\d{3} [ !] /, '');
const textsOf = (store: Store, releaseId: string, step: string, attempt: number) =>
  (store.get(output.outputKey({ releaseId, step, attempt }))?.lines.toArray() ?? []).map(textOf);

describe('appendBatch', () => {
  it('keeps each release, step and attempt apart, in arrival order', () => {
    let store: Store = new Map();
    store = output.appendBatch(store, batch('r1', 'stage1', 1, 'r1 a', 'r1 b'));
    store = output.appendBatch(store, batch('r2', 'stage1', 1, 'r2 a'));
    store = output.appendBatch(store, batch('r1', 'stage1', 2, 'r1 retry'));
    store = output.appendBatch(store, batch('r1', 'switchover', 1, 'r1 switch'));
    store = output.appendBatch(store, batch('r1', 'stage1', 1, 'r1 c'));
    expect(textsOf(store, 'r1', 'stage1', 1)).toEqual(['r1 a', 'r1 b', 'r1 c']);
    expect(textsOf(store, 'r2', 'stage1', 1)).toEqual(['r2 a']);
    expect(textsOf(store, 'r1', 'stage1', 2)).toEqual(['r1 retry']);
    expect(textsOf(store, 'r1', 'switchover', 1)).toEqual(['r1 switch']);
    expect(textsOf(store, 'r2', 'switchover', 1)).toEqual([]);
  });

  it('never changes the store it was given', () => {
    const first = output.appendBatch(new Map(), batch('r1', 'stage1', 1, 'one'));
    const second = output.appendBatch(first, batch('r1', 'stage1', 1, 'two'));
    expect(textsOf(first, 'r1', 'stage1', 1)).toEqual(['one']);
    expect(textsOf(second, 'r1', 'stage1', 1)).toEqual(['one', 'two']);
    expect(output.appendBatch(second, batch('r1', 'stage1', 1))).toBe(second);
  });

  it('keeps the newest lines past the cap and counts what it dropped', () => {
    let store: Store = new Map();
    for (let n = 0; n < 5; n++) store = output.appendBatch(store, batch('r1', 'stage1', 1, `${n}a`, `${n}b`), 7);
    const entry = store.get('r1/stage1/1');
    expect(entry?.dropped).toBe(3);
    expect(entry?.lines.toArray().map(textOf)).toEqual(['1b', '2a', '2b', '3a', '3b', '4a', '4b']);
  });

  it('holds 100,000 lines arriving in batches of 500 quickly', () => {
    let store: Store = new Map();
    const started = performance.now();
    for (let b = 0; b < 200; b++) {
      store = output.appendBatch(store, { releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [chunk(Array.from({ length: 500 }, (_, n) => `line ${b * 500 + n}`).join('\n'))] });
    }
    expect(store.get('r1/stage1/1')?.lines.length).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('costs a batch its own lines, not a copy of the run: 5,000 one-line batches onto 190,000 lines', () => {
    let store: Store = output.appendBatch(new Map(), { releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [chunk(Array.from({ length: 190_000 }, (_, n) => `line ${n}`).join('\n'))] });
    const started = performance.now();
    for (let n = 0; n < 5_000; n++) store = output.appendBatch(store, batch('r1', 'stage1', 1, `more ${n}`));
    // Copying the run's lines on every batch took 1-3 s here (about 10^9 element copies).
    expect(performance.now() - started).toBeLessThan(250);
    const entry = store.get('r1/stage1/1');
    expect(entry?.lines.length).toBe(195_000);
    expect(textOf(entry?.lines.at(-1) ?? '')).toBe('more 4999');
    expect(textOf(entry?.lines.at(189_999) ?? '')).toBe('line 189999');
  });

  it('splits each chunk of a batch into its lines once, each chunk with its own stamp and stream', () => {
    const store = output.appendBatch(new Map(), {
      releaseId: 'r1',
      step: 'stage1',
      attempt: 1,
      chunks: [chunk('a\nb', 'stdout', '2026-11-29T10:00:00.000Z'), chunk('oops', 'stderr', '2026-11-29T10:00:01.500Z'), chunk('\nc', 'stdout', '2026-11-29T10:00:02.000Z')],
    });
    const shown = store.get('r1/stage1/1')?.lines.toArray() ?? [];
    expect(shown.map(textOf)).toEqual(['a', 'b', 'oops', '', 'c']);
    expect(shown.map((line) => line.slice(6, 12))).toEqual(['00.000', '00.000', '01.500', '02.000', '02.000']);
    expect(shown[2]).toMatch(/^\S+ ! oops$/);
  });

  it('keeps "\\r" and other control characters in a line as text', () => {
    const odd = ['50%\r100%', 'esc \u001b[1mbold\u001b[0m bell \u0007', 'trailing\r'];
    const store = output.appendBatch(new Map(), batch('r1', 'stage1', 1, ...odd));
    expect(store.get('r1/stage1/1')?.lines.toArray().map(textOf)).toEqual(odd);
  });
});

describe('search', () => {
  const lines = ['Building 3f1c2ab', 'ERROR: port busy', 'retrying', 'error again'];

  it('shows every line when the query is blank', () => {
    expect(output.filterLines(lines, '  ')).toEqual({ lines, matches: 0 });
  });

  it('keeps the matching lines, case-insensitive, with their line numbers', () => {
    expect(output.filterLines(lines, 'error')).toEqual({ lines: ['     2  ERROR: port busy', '     4  error again'], matches: 2 });
    expect(output.filterLines(lines, 'nothing like it').matches).toBe(0);
  });

  it('splits a line around every match for marking, keeping the text as it was', () => {
    expect(output.splitMatches('an Error, an error', 'error')).toEqual([
      { text: 'an ', match: false },
      { text: 'Error', match: true },
      { text: ', an ', match: false },
      { text: 'error', match: true },
    ]);
    expect(output.splitMatches('<img src=x onerror=alert(1)>', 'img')).toEqual([
      { text: '<', match: false },
      { text: 'img', match: true },
      { text: ' src=x onerror=alert(1)>', match: false },
    ]);
    expect(output.splitMatches('plain', '')).toEqual([{ text: 'plain', match: false }]);
  });

  it('marks stderr lines and stamps the time', () => {
    expect(output.displayLines(chunk('boom', 'stderr'))).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d\.000 ! boom$/)]);
    expect(output.displayLines(chunk('fine'))).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d\.000 {3}fine$/)]);
  });
});
