import type { ReleaseState } from '../../../shared/releases/release-state';
import { formatLatency, formatUptime } from '../monitor/monitor-state';
import { clockTime } from './watch';

type Summary = NonNullable<ReleaseState['watchSummary']>;

/** What the monitor saw during the watch window, once it ended (the journal's watch-summary). */
export function WatchSummaryPanel(props: { readonly releaseId: string; readonly summary: Summary }) {
  const { summary, releaseId } = props;
  return (
    <section className="panel watch-summary" aria-labelledby={`watch-summary-${releaseId}`}>
      <h4 id={`watch-summary-${releaseId}`}>Watch summary</h4>
      <p>
        The watch ended at {clockTime(summary.at)}; every reading is kept in {summary.samplesFile} in the workspace&apos;s data folder.
      </p>
      {summary.probes.length === 0 ? (
        <p>No health probe was configured.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Probe</th>
              <th scope="col">Readings</th>
              <th scope="col">Uptime</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
              <th scope="col">Alerts</th>
              <th scope="col">From – to</th>
            </tr>
          </thead>
          <tbody>
            {summary.probes.map((probe) => (
              <tr key={probe.probe}>
                <th scope="row">{probe.probe}</th>
                <td>{probe.samples}</td>
                <td>{formatUptime(probe.uptime)}</td>
                <td>{formatLatency(probe.latencyP50Ms)}</td>
                <td>{formatLatency(probe.latencyP95Ms)}</td>
                <td>{probe.alerts}</td>
                <td>
                  {probe.firstAt === null || probe.lastAt === null
                    ? 'none taken (Release Desk was not running)'
                    : `${new Date(probe.firstAt).toLocaleTimeString()} – ${new Date(probe.lastAt).toLocaleTimeString()}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
