// A list that stays smooth at 100,000 rows: only the rows on screen (and a
// few either side) are in the page. Every row has a height known ahead
// (a few kinds of row, not measured), so where each one goes is a prefix
// sum and the first row on screen a binary search. The list is one
// scrollable, focusable element: the keyboard scrolls it as it would a page.
import { useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';

export interface VirtualListProps {
  label: string;
  count: number;
  /** Row `index`'s height in CSS pixels. */
  heightOf(index: number): number;
  /** Changes whenever some row's height may have changed. */
  layout: unknown;
  /** Row `index`, a list item placed with `style`. */
  renderRow(index: number, style: CSSProperties): ReactNode;
  className?: string;
}

/** Rows rendered beyond each edge, so that a quick scroll shows no gap. */
const OVERSCAN_PX = 240;

export function VirtualList({ label, count, heightOf, layout, renderRow, className }: VirtualListProps) {
  const list = useRef<HTMLUListElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  // `layout` stands for what heightOf reads: the offsets change with it, not with the function's identity.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const offsets = useMemo(() => prefixSums(count, heightOf), [count, layout]);
  const total = offsets[count]!;

  useEffect(() => {
    const element = list.current;
    if (!element) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      setView((old) => (old.top === element.scrollTop && old.height === element.clientHeight ? old : { top: element.scrollTop, height: element.clientHeight }));
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(measure);
    };
    element.addEventListener('scroll', schedule, { passive: true });
    const resize = new ResizeObserver(schedule);
    resize.observe(element);
    measure();
    return () => {
      element.removeEventListener('scroll', schedule);
      resize.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);

  const first = Math.max(0, rowAt(offsets, view.top - OVERSCAN_PX));
  const last = Math.min(count - 1, rowAt(offsets, view.top + view.height + OVERSCAN_PX));
  const rows: ReactNode[] = [];
  for (let index = first; index <= last; index++) {
    rows.push(renderRow(index, { position: 'absolute', top: offsets[index], height: offsets[index + 1]! - offsets[index]!, left: 0, right: 0 }));
  }
  return (
    // A scrollable list takes the focus, so that a keyboard can scroll it.
    <ul ref={list} role="list" className={`virtual-list ${className ?? ''}`} aria-label={label} tabIndex={0} style={{ '--total-height': `${total}px` } as CSSProperties}>
      {rows}
    </ul>
  );
}

/** offsets[i] = top of row i; offsets[count] = the whole height. */
export function prefixSums(count: number, heightOf: (index: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + heightOf(i);
  return offsets;
}

/** The row that covers pixel `y` (the last row below the end). */
export function rowAt(offsets: Float64Array, y: number): number {
  let low = 0;
  let high = offsets.length - 2;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (offsets[mid]! <= y) low = mid;
    else high = mid - 1;
  }
  return low;
}
