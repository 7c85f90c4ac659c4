/**
 * An append-only list of log lines in fixed-size chunks. A burst of 100,000 lines used to copy
 * the whole line array on every batch (O(n²) over a run, and the page fell ~1 s behind the
 * printer); here a batch costs only its own lines, and dropping the oldest lines past a cap
 * drops whole chunks.
 *
 * Every append returns a new immutable view (its own length and offset), so a React snapshot
 * taken earlier never changes: later lines land past its end, and dropping replaces the chunk
 * array instead of editing it. Appending to a view that is no longer the newest one (a stale
 * store) copies its lines first, so two histories never share a tail.
 */

/** Read-only access to lines by index; plain arrays fit it too. */
export interface LineList {
  readonly length: number;
  at(index: number): string | undefined;
}

const CHUNK_BITS = 12;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

interface Store {
  chunks: string[][];
  /** Index of the first kept line in chunks[0]. */
  offset: number;
  length: number;
  /** Lines ever appended (kept and dropped): tells the newest view from stale ones. */
  appended: number;
}

export interface ChunkedLines extends LineList {
  /** Lines dropped from the front so far. */
  readonly dropped: number;
  /** Every kept line, oldest first, as one array (for Copy and tests). */
  toArray(): string[];
}

class View implements ChunkedLines {
  constructor(
    private readonly store: Store,
    private readonly chunks: readonly (readonly string[])[],
    private readonly offset: number,
    readonly length: number,
    readonly dropped: number,
  ) {}

  at(index: number): string | undefined {
    if (!Number.isInteger(index) || index < -this.length || index >= this.length) return undefined;
    const at = this.offset + (index < 0 ? this.length + index : index);
    return this.chunks[at >> CHUNK_BITS]?.[at & CHUNK_MASK];
  }

  toArray(): string[] {
    const out: string[] = new Array<string>(this.length);
    for (let index = 0; index < this.length; index++) out[index] = this.at(index) ?? '';
    return out;
  }

  /** This view with `lines` appended, keeping at most `maxLines` (the newest). */
  append(lines: readonly string[], maxLines: number): View {
    const store = this.isNewest() ? this.store : this.copied();
    for (const line of lines) {
      let last = store.chunks.at(-1);
      if (last === undefined || last.length === CHUNK_SIZE) {
        last = [];
        store.chunks.push(last);
      }
      last.push(line);
    }
    store.length += lines.length;
    store.appended += lines.length;
    let dropped = this.dropped;
    if (store.length > maxLines) {
      const excess = store.length - maxLines;
      dropped += excess;
      store.length = maxLines;
      store.offset += excess;
      const wholeChunks = store.offset >> CHUNK_BITS;
      if (wholeChunks > 0) {
        // A new array: older views keep reading the chunks they were made with.
        store.chunks = store.chunks.slice(wholeChunks);
        store.offset &= CHUNK_MASK;
      }
    }
    return new View(store, store.chunks, store.offset, store.length, dropped);
  }

  private isNewest(): boolean {
    return this.store.appended === this.dropped + this.length;
  }

  private copied(): Store {
    const chunks: string[][] = [];
    const lines = this.toArray();
    for (let from = 0; from < lines.length; from += CHUNK_SIZE) chunks.push(lines.slice(from, from + CHUNK_SIZE));
    return { chunks, offset: 0, length: lines.length, appended: this.dropped + lines.length };
  }
}

export function emptyLines(): ChunkedLines {
  return new View({ chunks: [], offset: 0, length: 0, appended: 0 }, [], 0, 0, 0);
}

/** `list` with `lines` appended, at most `maxLines` kept (the newest); `list` itself is unchanged. */
export function appendLines(list: ChunkedLines, lines: readonly string[], maxLines: number): ChunkedLines {
  if (!(list instanceof View)) throw new Error('appendLines takes a list made by emptyLines or appendLines');
  return lines.length === 0 ? list : list.append(lines, maxLines);
}
