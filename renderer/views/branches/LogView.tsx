import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, type ReactNode } from 'react';
import { rowKey, rowsAtEnd } from './log-rows';

const LINE_HEIGHT = 18;

/**
 * Command output, rendered as text (never HTML) and virtualised: a test log can run to
 * hundreds of thousands of lines and only the visible ones are in the DOM. Follows the
 * end while the user has not scrolled up.
 */
export function LogView(
  props: {
    readonly label: string;
    /** How to show one line (e.g. with search matches marked), as React text nodes, never HTML. */
    readonly renderLine?: (line: string) => ReactNode;
  } & ({ readonly text: string } | { readonly lines: { readonly length: number; at(index: number): string | undefined } }),
) {
  const lines = 'lines' in props ? props.lines : props.text === '' ? [] : props.text.replace(/\n$/, '').split('\n');
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const lastScrollTop = useRef(0);
  // While following, the rows at the end are rendered in the same commit as the lines that
  // put them there (log-rows.ts says why).
  const rangeExtractor = useCallback((range: Range) => (following.current ? rowsAtEnd(range) : defaultRangeExtractor(range)), []);
  // TanStack Virtual is not compatible with the React Compiler's memoisation; this
  // component is not memoised, so the rule's warning does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
    rangeExtractor,
  });
  // Straight to the bottom rather than virtualizer.scrollToIndex: its delayed retries aim at
  // the index of their own call, so during a burst they pulled the view back up and the log
  // stopped following.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (following.current && element !== null) element.scrollTop = element.scrollHeight;
  }, [lines.length]);
  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scroller}
      className="log"
      role="log"
      aria-label={props.label}
      tabIndex={0}
      onScroll={(event) => {
        // Only the user scrolls up; new output makes the log taller without moving it, so
        // "not at the end" alone must not stop following (a burst would otherwise end it).
        const element = event.currentTarget;
        const atEnd = element.scrollTop + element.clientHeight >= element.scrollHeight - LINE_HEIGHT * 2;
        if (atEnd) following.current = true;
        else if (element.scrollTop < lastScrollTop.current) following.current = false;
        lastScrollTop.current = element.scrollTop;
      }}
    >
      <div className="log-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <div key={rowKey(item.index, items[0]?.index ?? 0)} className="log-line" style={{ transform: `translateY(${item.start}px)` }}>
            {props.renderLine === undefined ? lines.at(item.index) : props.renderLine(lines.at(item.index) ?? '')}
          </div>
        ))}
      </div>
    </div>
  );
}
