/**
 * The last hour of one probe's latency, drawn by uPlot (canvas: thousands of points update
 * without re-rendering React). Failed readings are gaps in the line and red ticks on the
 * axis. The chart is decoration for sighted users: ProbeCard carries the same in text.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ProbeView } from '../../../shared/monitor/monitor-ipc';
import { timeRange } from '../../charts/time-range';

const HEIGHT = 140;
/** The shortest stretch of time the chart shows: a fresh watch's first readings are not spread over the axis. */
const LIVE_WINDOW_SECONDS = 5 * 60;

export interface TimeMarker {
  readonly at: number;
  readonly label: string;
}

export function LatencyChart(props: { readonly probe: ProbeView; readonly markers: readonly TimeMarker[] }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  // Read by the draw hook at draw time, so new markers need no new chart.
  const markers = useRef<readonly TimeMarker[]>(props.markers);

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const plot = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false } },
        scales: {
          x: { time: true, range: timeRange({ minSpanSeconds: LIVE_WINDOW_SECONDS, align: 'end' }) },
          // From zero, so a 2 ms wobble does not fill the chart's height like an outage.
          y: { range: (_u, _min, max) => [0, Math.max(10, max ?? 0) * 1.15] },
        },
        axes: [{ stroke: 'currentColor', space: 60, values: (_u, ticks) => ticks.map(clockTick) }, { stroke: 'currentColor', size: 70, values: (_u, ticks) => ticks.map((tick) => `${tick} ms`) }],
        series: [{}, { label: 'latency', stroke: '#2f6fdd', width: 2, spanGaps: false, points: { show: false } }],
        hooks: { draw: [(plot) => drawMarkers(plot, markers.current)] },
      },
      toData(props.probe),
      element,
    );
    chart.current = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
      chart.current = null;
    };
    // The chart is built once per probe; new samples go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.probe.name]);

  useEffect(() => {
    markers.current = props.markers;
    chart.current?.setData(toData(props.probe));
  }, [props.probe, props.markers]);

  return <div className="latency-chart" ref={box} aria-hidden="true" data-testid={`latency-chart-${props.probe.name}`} />;
}

/** A dashed vertical line per release step (Stage 1, switchover, rollback) inside the chart's time range. */
function drawMarkers(plot: uPlot, list: readonly TimeMarker[]): void {
  const { ctx } = plot;
  const { left, top, width, height } = plot.bbox;
  ctx.save();
  ctx.strokeStyle = '#b26a00';
  ctx.fillStyle = '#b26a00';
  ctx.setLineDash([4, 3]);
  ctx.font = `${Math.round(10 * devicePixelRatio)}px sans-serif`;
  for (const marker of list) {
    const x = plot.valToPos(marker.at / 1000, 'x', true);
    if (!Number.isFinite(x) || x < left || x > left + width) continue;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.fillText(marker.label, x + 3, top + 10 * devicePixelRatio);
  }
  ctx.restore();
}

function toData(probe: ProbeView): uPlot.AlignedData {
  const seconds = probe.samples.map((sample) => sample.at / 1000);
  const latency = probe.samples.map((sample) => (sample.status === null ? null : sample.latencyMs));
  return [seconds, latency];
}

/**
 * One line per tick: the minute on whole minutes, else its seconds (uPlot's default adds the
 * date to the first tick on a second line, which ran into its neighbour at 1024 px).
 */
function clockTick(seconds: number): string {
  const at = new Date(seconds * 1000);
  return at.getSeconds() === 0 ? `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}` : `:${String(at.getSeconds()).padStart(2, '0')}`;
}
