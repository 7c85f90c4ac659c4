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
  filterLines: (lines: readonly string[], query: string) => { lines: readonly string[]; matches: number };
  splitMatches: (line: string, query: string) => readonly { text: string; match: boolean }[];
};

/** How many times `owner[name]` was called while `run` ran. */
function countCalls(owner: object, name: string, run: () => void): number {
  const target = owner as Record<string, (...args: unknown[]) => unknown>;
  const original = target[name] as (...args: unknown[]) => unknown;
  let calls = 0;
  target[name] = function (this: unknown, ...args: unknown[]) {
    calls++;
    return original.apply(this, args);
  };
  try {
    run();
  } finally {
    target[name] = original;
  }
  return calls;
}

/** The elements copied by slice, concat, array iteration (spread, for…of) and Array.from while `run` ran. */
function countCopiedElements(run: () => void): number {
  const proto = Array.prototype;
  const { slice, concat } = proto;
  const iterator = proto[Symbol.iterator];
  const from = Array.from;
  let copied = 0;
  proto.slice = function (this: unknown[], ...args: Parameters<typeof slice>) {
    const result = slice.apply(this, args);
    copied += result.length;
    return result;
  };
  proto.concat = function (this: unknown[], ...args: unknown[]) {
    const result = concat.apply(this, args);
    copied += result.length;
    return result;
  };
  proto[Symbol.iterator] = function (this: unknown[]) {
    copied += this.length;
    return iterator.call(this);
  } as typeof iterator;
  Array.from = ((...args: Parameters<typeof from>) => {
    const result = from(...args);
    copied += result.length;
    return result;
  }) as typeof from;
  try {
    run();
  } finally {
    proto.slice = slice;
    proto.concat = concat;
    proto[Symbol.iterator] = iterator;
    Array.from = from;
  }
  return copied;
}

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

  it('holds 100,000 lines arriving in batches of 500, splitting no chunk into lines until one of its lines is read', () => {
    let store: Store = new Map();
    const texts = Array.from({ length: 200 }, (_, b) => Array.from({ length: 500 }, (_, n) => `line ${b * 500 + n}`).join('\n'));
    const splits = countCalls(String.prototype, 'split', () => {
      for (const text of texts) store = output.appendBatch(store, { releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [chunk(text)] });
    });
    // Splitting (and prefixing) every line as it came made 200,000 strings per burst for the
    // garbage collector; the view reads the ~20 lines on screen.
    expect(splits).toBe(0);
    const lines = store.get('r1/stage1/1')?.lines;
    expect(lines?.length).toBe(100_000);
    expect(countCalls(String.prototype, 'split', () => expect(textOf(lines?.at(-1) ?? '')).toBe('line 99999'))).toBe(1);
    expect(countCalls(String.prototype, 'split', () => expect(textOf(lines?.at(-2) ?? '')).toBe('line 99998'))).toBe(0);
    expect(textOf(lines?.at(0) ?? '')).toBe('line 0');
    expect(textOf(lines?.at(50_000) ?? '')).toBe('line 50000');
  });

  it('costs a batch its own lines, never a copy of the run: 5,000 one-line batches onto 190,000 lines', () => {
    let store: Store = output.appendBatch(new Map(), { releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [chunk(Array.from({ length: 190_000 }, (_, n) => `line ${n}`).join('\n'))] });
    // Every element any array copy (slice, concat, spread or Array.from) handled while appending.
    // Copying the run's lines on every batch took ~10^9 element copies (14.9 s) here once.
    const copied = countCopiedElements(() => {
      for (let n = 0; n < 5_000; n++) store = output.appendBatch(store, batch('r1', 'stage1', 1, `more ${n}`));
    });
    expect(copied).toBeLessThan(5_000 * 10);
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
    const store = output.appendBatch(new Map(), { releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [chunk('boom', 'stderr'), chunk('fine')] });
    expect(store.get('r1/stage1/1')?.lines.toArray()).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d\.000 ! boom$/), expect.stringMatching(/^\d\d:\d\d:\d\d\.000 {3}fine$/)]);
  });
});
