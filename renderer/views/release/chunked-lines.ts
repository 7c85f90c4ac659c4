/**
 * An append-only list of log lines, kept as the segments they arrived in: a segment is one
 * chunk of the wire format (its lines joined by "\n" in one string, shown after one prefix:
 * time stamp and stream). A segment is split into lines only when one of its lines is first
 * read, and a line gets its prefix only when read, so a burst costs the page one count of each
 * chunk's line ends: the view reads the ~20 lines on screen, not the 100,000 that went past.
 * Splitting and prefixing every line as it arrived made 200,000 short-lived strings per
 * 100,000-line burst, whose copying by the garbage collector was a large share of the page's
 * time during a burst.
 *
 * Every append returns a new immutable view (its own length and first line), so a React
 * snapshot taken earlier never changes: later segments land past its end, and dropping the
 * oldest lines past a cap moves a view's first line, never what an older view reads. Appending
 * to a view that is no longer the newest one (a stale store) copies its segments first, so two
 * histories never share a tail.
 */

/** Read-only access to lines by index; plain arrays fit it too. */
export interface LineList {
  readonly length: number;
  at(index: number): string | undefined;
}

export interface ChunkedLines extends LineList {
  /** Lines dropped from the front so far. */
  readonly dropped: number;
  /** Every kept line, oldest first, as one array (for Copy and tests). */
  toArray(): string[];
}

/** Lines as they arrived: one chunk's text (lines joined by "\n"), each line shown after `prefix`. */
export interface LineSegment {
  readonly text: string;
  readonly prefix: string;
}

class Segment {
  private split: readonly string[] | null;

  constructor(
    private readonly text: string | null,
    readonly prefix: string,
    readonly count: number,
    lines: readonly string[] | null,
  ) {
    this.split = lines;
  }

  static ofText(text: string, prefix: string): Segment {
    let count = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
    return new Segment(text, prefix, count, null);
  }

  line(offset: number): string {
    // Split once, on first read: the same lines for every view that reads this segment.
    this.split ??= (this.text ?? '').split('\n');
    return this.prefix + (this.split[offset] ?? '');
  }
}

interface Store {
  segments: Segment[];
  /** The absolute index (counting every line ever appended) of each segment's first line. */
  starts: number[];
  /** Lines ever appended (kept and dropped): tells the newest view from stale ones. */
  appended: number;
}

/** Segments wholly dropped are let go in bulk, so trimming stays O(1) per append on average. */
const RELEASE_SEGMENTS_AT = 64;

class View implements ChunkedLines {
  constructor(
    private readonly store: Store,
    private readonly segments: readonly Segment[],
    private readonly starts: readonly number[],
    private readonly segmentCount: number,
    readonly dropped: number,
    readonly length: number,
  ) {}

  at(index: number): string | undefined {
    if (!Number.isInteger(index) || index < -this.length || index >= this.length) return undefined;
    const absolute = this.dropped + (index < 0 ? this.length + index : index);
    const found = this.segmentOf(absolute);
    return this.segments[found]?.line(absolute - (this.starts[found] ?? 0));
  }

  toArray(): string[] {
    const out: string[] = new Array<string>(this.length);
    for (let index = 0; index < this.length; index++) out[index] = this.at(index) ?? '';
    return out;
  }

  /** This view with `added` appended, keeping at most `maxLines` (the newest). */
  append(added: readonly Segment[], maxLines: number): View {
    const store = this.isNewest() ? this.store : this.copied();
    for (const segment of added) {
      store.segments.push(segment);
      store.starts.push(store.appended);
      store.appended += segment.count;
    }
    const dropped = Math.max(this.dropped, store.appended - maxLines);
    const whollyDropped = this.segmentsBefore(store, dropped);
    if (whollyDropped >= RELEASE_SEGMENTS_AT) {
      // New arrays: older views keep reading the segments they were made with.
      store.segments = store.segments.slice(whollyDropped);
      store.starts = store.starts.slice(whollyDropped);
    }
    return new View(store, store.segments, store.starts, store.segments.length, dropped, store.appended - dropped);
  }

  private isNewest(): boolean {
    return this.store.appended === this.dropped + this.length;
  }

  private copied(): Store {
    const first = this.length === 0 ? this.segmentCount : this.segmentOf(this.dropped);
    return {
      segments: this.segments.slice(first, this.segmentCount),
      starts: this.starts.slice(first, this.segmentCount),
      appended: this.dropped + this.length,
    };
  }

  /** The segment holding absolute line `absolute`: the last one starting at or before it. */
  private segmentOf(absolute: number): number {
    let low = 0;
    let high = this.segmentCount - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? Infinity) <= absolute) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** How many of the store's segments end before absolute line `first`. */
  private segmentsBefore(store: Store, first: number): number {
    let count = 0;
    let low = 0;
    let high = store.segments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const segment = store.segments[middle];
      if (segment !== undefined && (store.starts[middle] ?? 0) + segment.count <= first) {
        count = middle + 1;
        low = middle + 1;
      } else high = middle;
    }
    return count;
  }
}

export function emptyLines(): ChunkedLines {
  return new View({ segments: [], starts: [], appended: 0 }, [], [], 0, 0, 0);
}

function asView(list: ChunkedLines): View {
  if (!(list instanceof View)) throw new Error('appending takes a list made by emptyLines or an append');
  return list;
}

/** `list` with `lines` appended, at most `maxLines` kept (the newest); `list` itself is unchanged. */
export function appendLines(list: ChunkedLines, lines: readonly string[], maxLines: number): ChunkedLines {
  return lines.length === 0 ? list : asView(list).append([new Segment(null, '', lines.length, lines)], maxLines);
}

/**
 * `list` with each segment's lines appended (split on "\n" when first read, each shown after
 * its segment's prefix), at most `maxLines` kept (the newest); `list` itself is unchanged.
 */
export function appendSegments(list: ChunkedLines, segments: readonly LineSegment[], maxLines: number): ChunkedLines {
  return segments.length === 0 ? list : asView(list).append(segments.map((segment) => Segment.ofText(segment.text, segment.prefix)), maxLines);
}
