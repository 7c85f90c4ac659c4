import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';

const LINE_HEIGHT = 18;

/**
 * Command output, rendered as text (never HTML) and virtualised: a test log can run to
 * hundreds of thousands of lines and only the visible ones are in the DOM. Follows the
 * end while the user has not scrolled up.
 */
export function LogView(props: { readonly label: string; readonly text: string }) {
  const lines = props.text === '' ? [] : props.text.replace(/\n$/, '').split('\n');
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  // TanStack Virtual is not compatible with the React Compiler's memoisation; this
  // component is not memoised, so the rule's warning does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });
  useEffect(() => {
    if (following.current && lines.length > 0) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [lines.length, virtualizer]);
  return (
    <div
      ref={scroller}
      className="log"
      role="log"
      aria-label={props.label}
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget;
        following.current = element.scrollTop + element.clientHeight >= element.scrollHeight - LINE_HEIGHT * 2;
      }}
    >
      <div className="log-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div key={item.key} className="log-line" style={{ transform: `translateY(${item.start}px)` }}>
            {lines[item.index]}
          </div>
        ))}
      </div>
    </div>
  );
}
