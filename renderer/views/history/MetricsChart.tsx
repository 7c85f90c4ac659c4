/**
 * A small uPlot chart of the delivery metrics: live releases per week (bars) or a duration per
 * release (points). Decoration for sighted users: the metrics section says the same in text,
 * so the chart is hidden from screen readers.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timeRange } from '../../charts/time-range';

const HEIGHT = 160;
/** A week's bar, or one release, is drawn inside a window of at least two weeks. */
const TWO_WEEKS_SECONDS = 14 * 24 * 3600;

export interface MetricsChartProps {
  readonly testId: string;
  readonly kind: 'bars' | 'points';
  /** x in seconds since the epoch, y in `unit`; null is a gap. */
  readonly x: readonly number[];
  readonly y: readonly (number | null)[];
  readonly label: string;
  readonly unit: string;
}

export function MetricsChart(props: MetricsChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const series: uPlot.Series =
      props.kind === 'bars'
        ? { label: props.label, stroke: '#2f6fdd', fill: 'rgba(47, 111, 221, 0.35)', width: 1, ...(bars === undefined ? {} : { paths: bars }), points: { show: false } }
        : { label: props.label, stroke: '#b26a00', width: 0, paths: () => null, points: { show: true, size: 8, fill: '#b26a00' } };
    const plot = new uPlot(
      {
        width: Math.max(220, element.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true, range: timeRange({ minSpanSeconds: TWO_WEEKS_SECONDS, align: 'center' }) }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.15] } },
        axes: [{ stroke: 'currentColor' }, { stroke: 'currentColor', size: 60, values: (_u, ticks) => ticks.map((tick) => `${round(tick)} ${props.unit}`) }],
        series: [{}, series],
      },
      [[...props.x], [...props.y]],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(220, element.clientWidth), height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.kind, props.x, props.y, props.label, props.unit]);
  return <div className="metrics-chart" ref={box} aria-hidden="true" data-testid={props.testId} />;
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
