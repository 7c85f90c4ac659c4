/**
 * The DORA delivery metrics of the journal (history.metrics) for the History view's environment
 * and date filters: a text summary (the same sentences as `release-desk audit metrics`), then
 * two charts: live releases per week, and lead time per release. The parent keys it by its
 * filters (and the journal's changes), so new filters ask again.
 */
import { useMemo } from 'react';
import { metricsLines } from '../../../shared/audit/metrics-text';
import { useDeskCall } from '../../use-desk-call';
import { MetricsChart } from './MetricsChart';

const HOUR_MS = 3_600_000;

export function DeliveryMetricsSection(props: { readonly environment: string | null; readonly from: string | null; readonly to: string | null }) {
  const [call, reload] = useDeskCall(() =>
    window.desk.history.metrics({
      ...(props.from === null ? {} : { since: props.from }),
      // "to" is a whole day: the period ends at the next midnight.
      ...(props.to === null ? {} : { until: dayAfter(props.to) }),
      ...(props.environment === null ? {} : { environment: props.environment }),
    }),
  );
  const charts = useMemo(() => {
    if (call.phase !== 'done') return null;
    const metrics = call.value;
    return {
      weeks: { x: metrics.deploymentFrequency.byWeek.map((week) => Date.parse(week.weekStart) / 1000), y: metrics.deploymentFrequency.byWeek.map((week) => week.live) },
      lead: { x: metrics.releases.map((release) => Date.parse(release.liveAt) / 1000), y: metrics.releases.map((release) => (release.leadTimeMs === null ? null : release.leadTimeMs / HOUR_MS)) },
    };
  }, [call]);

  return (
    <section className="history-metrics" aria-labelledby="delivery-metrics-title">
      <h2 id="delivery-metrics-title">Delivery metrics</h2>
      {call.phase === 'loading' && <p role="status">Computing the delivery metrics…</p>}
      {call.phase === 'failed' && (
        <div role="alert">
          <p>The delivery metrics could not be computed: {call.error.message}</p>
          <button type="button" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {call.phase === 'done' && charts !== null && (
        <>
          <MetricsSummary lines={metricsLines(call.value)} />
          <div className="metrics-charts">
            <figure>
              <figcaption>Releases live per week</figcaption>
              <MetricsChart testId="chart-deployments" kind="bars" x={charts.weeks.x} y={charts.weeks.y} label="live releases" unit="" />
            </figure>
            <figure>
              <figcaption>Lead time per release (first commit to live)</figcaption>
              <MetricsChart testId="chart-lead-time" kind="points" x={charts.lead.x} y={charts.lead.y} label="lead time" unit="h" />
            </figure>
          </div>
        </>
      )}
    </section>
  );
}

function MetricsSummary(props: { readonly lines: readonly string[] }) {
  const [title, ...figures] = props.lines;
  return (
    <div className="metrics-summary">
      <p>{title}</p>
      <ul aria-label="Delivery metrics in words">
        {figures.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
}
