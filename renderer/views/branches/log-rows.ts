/**
 * Which rows a virtualised log renders, and under which React keys. Pure, so the rules are
 * tested apart from the DOM.
 */

/** TanStack Virtual's range: the visible rows [startIndex, endIndex] of `count`. */
export interface VisibleRange {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly overscan: number;
  readonly count: number;
}

/** Rows kept above the visible ones while following the end (the user scrolling up gets the full overscan back). */
export const FOLLOW_OVERSCAN = 4;

/**
 * The rows to render while the log follows its end: as many as are visible, ending at the
 * last line, plus a few above. The virtualiser's own range comes from the scroll position
 * before this render's new lines were added (the scroll to the end happens after the render
 * commits), so it names rows the new lines have pushed out of view: rendering those, then the
 * real end after the scroll event, built every row of a frame twice during a burst.
 */
export function rowsAtEnd(range: VisibleRange, overscan = FOLLOW_OVERSCAN): number[] {
  if (range.count === 0) return [];
  // The range is computed on the new lines at the old position, so it spans a full view
  // (the list only grows under it); only where it sits is stale.
  const visible = Math.max(range.endIndex - range.startIndex + 1, 1);
  const first = Math.max(range.count - visible - overscan, 0);
  const rows = new Array<number>(range.count - first);
  for (let index = first; index < range.count; index++) rows[index - first] = index;
  return rows;
}

/**
 * A row's React key: its place among the rows rendered (0 for the first). During a burst the
 * log jumps ahead by thousands of lines a frame, so no row survives from one frame to the next:
 * keyed by line index, every row was removed and created again each frame (~40 of each);
 * keyed by place, the same DOM nodes take the new lines' text and positions, and stay in
 * document order (reading order for assistive technology) so none is ever moved. Keys taken
 * modulo a window size instead kept more rows on a small scroll, but rotated the order and
 * made React move nodes: slower in a burst, and a profile showed the moves costing more than
 * the creations they saved.
 */
export function rowKey(index: number, firstRendered: number): number {
  return index - firstRendered;
}
