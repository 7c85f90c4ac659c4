/**
 * The last hour of one probe's latency, drawn by uPlot (canvas: thousands of points update
 * without re-rendering React). Failed readings are gaps in the line and red ticks on the
 * axis. The chart is decoration for sighted users: ProbeCard carries the same in text.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ProbeView } from '../../../shared/monitor/monitor-ipc';

const HEIGHT = 140;

export function LatencyChart(props: { readonly probe: ProbeView }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const plot = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [{ stroke: 'currentColor' }, { stroke: 'currentColor', size: 70, values: (_u, ticks) => ticks.map((tick) => `${tick} ms`) }],
        series: [{}, { label: 'latency', stroke: '#2f6fdd', width: 2, spanGaps: false, points: { show: false } }],
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
    chart.current?.setData(toData(props.probe));
  }, [props.probe]);

  return <div className="latency-chart" ref={box} aria-hidden="true" data-testid={`latency-chart-${props.probe.name}`} />;
}

function toData(probe: ProbeView): uPlot.AlignedData {
  const seconds = probe.samples.map((sample) => sample.at / 1000);
  const latency = probe.samples.map((sample) => (sample.status === null ? null : sample.latencyMs));
  return [seconds, latency];
}
