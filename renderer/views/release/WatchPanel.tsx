import { useEffect, useState } from 'react';
import type { MonitorOverview } from '../../../shared/monitor/monitor-ipc';
import type { ReleaseView } from '../../../shared/releases/release-ipc';
import { autoRollbackLine } from '../monitor/auto-rollback-text';
import { applyReading } from '../monitor/monitor-state';
import { ProbeCard } from '../monitor/ProbeCard';
import { healthLine, watchTimeLeft, watchWindowText } from './watch';
import '../monitor/monitor.css';

type Health = { readonly phase: 'loading' } | { readonly phase: 'failed'; readonly message: string } | { readonly phase: 'done'; readonly overview: MonitorOverview };

/**
 * While a release is watched: the watch window and the time left, and production's health
 * live from the monitor (its probe cards, kept current by `monitor.reading` events).
 */
export function WatchPanel(props: { readonly view: ReleaseView; readonly now: Date }) {
  const { view, now } = props;
  const { state } = view;
  const watch = view.watch ?? null;
  const [health, setHealth] = useState<Health>({ phase: 'loading' });

  useEffect(() => {
    let current = true;
    void window.desk.monitor.overview().then((result) => {
      if (current) setHealth(result.ok ? { phase: 'done', overview: result.value } : { phase: 'failed', message: result.error.message });
    });
    const stop = window.desk.on('monitor.reading', (reading) =>
      setHealth((loaded) => (loaded.phase === 'done' ? { phase: 'done', overview: applyReading(loaded.overview, reading) } : loaded)),
    );
    return () => {
      current = false;
      stop();
    };
  }, []);

  const monitor = health.phase === 'done' ? health.overview.environments.find((environment) => environment.environment === state.environment) : undefined;
  const line = health.phase === 'done' ? healthLine(monitor, state.sha) : null;
  const left = watch === null ? null : watchTimeLeft(watch, now);
  const autoLine = monitor === undefined ? null : autoRollbackLine(monitor.autoRollback, state.environment, monitor.alerting ? monitor.alertingSince : null, now);
  return (
    <section className="panel watch-panel" aria-labelledby={`watch-${state.id}`}>
      <h4 id={`watch-${state.id}`}>Watch</h4>
      {watch !== null && (
        <p aria-label="Watch window">
          {watchWindowText(watch, state.environment, now)}
          {left !== null && <> — {left}</>}
        </p>
      )}
      {autoLine !== null && (
        <p aria-label="Auto-rollback" className={autoLine.state === 'armed' ? undefined : 'warning'} data-testid="auto-rollback">
          {autoLine.text}
        </p>
      )}
      <p aria-label="Production health" className={line?.state === 'alert' ? 'warning' : undefined} role={line?.state === 'alert' ? 'alert' : undefined}>
        {health.phase === 'loading' && 'Reading production\u2019s health…'}
        {health.phase === 'failed' && `Production\u2019s health is not available: ${health.message}`}
        {line !== null && `${state.environment}: ${line.text}.`}
      </p>
      {monitor !== undefined && monitor.probes.length > 0 && (
        <div className="probes">
          {monitor.probes.map((probe) => (
            <ProbeCard key={probe.name} probe={probe} expectedVersion={monitor.expectedVersion} markers={monitor.markers} />
          ))}
        </div>
      )}
    </section>
  );
}
