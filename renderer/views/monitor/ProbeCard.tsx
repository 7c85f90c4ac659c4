/** One probe: its state in words (not colour alone), the numbers of the last hour, and the chart. */
import { memo } from 'react';
import { shortSha } from '../../../shared/text/short-sha';
import { summarizeSamples } from '../../../shared/monitor/sample-summary';
import type { ProbeView } from '../../../shared/monitor/monitor-ipc';
import { LatencyChart, type TimeMarker } from './LatencyChart';
import { formatLatency, formatUptime } from './monitor-state';

const STATE_TEXT = { ok: 'Healthy', alert: 'Alert', unknown: 'No reading yet' } as const;

/**
 * Memoized: a reading replaces only its own probe's object (applyReading), so with twenty probes
 * a reading re-renders one card and redraws one chart, not twenty (bench/monitor-cost.bench.ts).
 */
export const ProbeCard = memo(function ProbeCard(props: { readonly probe: ProbeView; readonly expectedVersion: string | null; readonly markers: readonly TimeMarker[] }) {
  const { probe } = props;
  const summary = summarizeSamples(probe.samples);
  const last = probe.last;
  return (
    <article className={`probe probe-${probe.state}`} aria-labelledby={`probe-${probe.name}`}>
      <header className="probe-header">
        <span className="status-light" aria-hidden="true" />
        <h3 id={`probe-${probe.name}`}>{probe.name}</h3>
        <span className="probe-state" data-testid={`probe-state-${probe.name}`}>
          {STATE_TEXT[probe.state]}
        </span>
        <span className="probe-url">{probe.url}</span>
      </header>
      {probe.alerts.length > 0 && (
        <ul className="probe-alerts" aria-label={`Alerts of ${probe.name}`}>
          {probe.alerts.map((alert) => (
            <li key={alert}>{alert}</li>
          ))}
        </ul>
      )}
      <dl className="probe-facts">
        <dt>Last reading</dt>
        <dd>
          {last === null
            ? 'none yet'
            : `${last.status === null ? 'no answer' : `HTTP ${last.status}`} in ${formatLatency(last.latencyMs)} at ${new Date(last.at).toLocaleTimeString()}${last.problem === undefined ? '' : ` (${last.problem})`}`}
        </dd>
        <dt>Reports version</dt>
        <dd>
          <code>{last?.version === undefined || last.version === null ? 'unknown' : shortSha(last.version)}</code>
          {props.expectedVersion !== null && (
            <>
              {' '}
              (expected <code>{shortSha(props.expectedVersion)}</code>)
            </>
          )}
        </dd>
        <dt>Last hour</dt>
        <dd data-testid={`probe-summary-${probe.name}`}>
          {formatUptime(summary.uptime)}, latency p50 {formatLatency(summary.latencyP50Ms)}, p95 {formatLatency(summary.latencyP95Ms)}, {summary.samples} reading{summary.samples === 1 ? '' : 's'}
        </dd>
      </dl>
      <LatencyChart probe={probe} markers={props.markers} />
    </article>
  );
});
