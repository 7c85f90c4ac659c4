import { useEffect, useState } from 'react';
import type { WorkspaceStatus } from '../../shared/domain/app';
import type { MonitorOverview } from '../../shared/monitor/monitor-ipc';
import { EmptyState } from '../components/EmptyState';
import { WorkspaceGate } from '../components/WorkspaceGate';
import { BrowserNotificationSetting } from '../notifications/BrowserNotifications';
import { AutoRollbackNotice } from './monitor/AutoRollbackNotice';
import { applyReading } from './monitor/monitor-state';
import { ProbeCard } from './monitor/ProbeCard';
import { ReleaseOnMonitor } from './monitor/ReleaseOnMonitor';
import { EnvironmentRollback } from './rollback/EnvironmentRollback';
import './monitor/monitor.css';

export function MonitorView(props: { readonly workspace: WorkspaceStatus }) {
  return (
    <WorkspaceGate status={props.workspace} needs="The monitor probes the health URLs a workspace's environments declare.">
      {() => <LiveMonitor />}
    </WorkspaceGate>
  );
}

type Loaded = { readonly phase: 'loading' } | { readonly phase: 'failed'; readonly message: string } | { readonly phase: 'done'; readonly overview: MonitorOverview };

function LiveMonitor() {
  const [loaded, setLoaded] = useState<Loaded>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    void window.desk.monitor.overview().then((result) => {
      if (current) setLoaded(result.ok ? { phase: 'done', overview: result.value } : { phase: 'failed', message: result.error.message });
    });
    return () => {
      current = false;
    };
  }, [generation]);
  useEffect(
    () =>
      window.desk.on('monitor.reading', (reading) =>
        setLoaded((current) => (current.phase === 'done' ? { phase: 'done', overview: applyReading(current.overview, reading) } : current)),
      ),
    [],
  );
  useEffect(() => window.desk.on('workspace.changed', () => setGeneration((n) => n + 1)), []);


  if (loaded.phase === 'failed') return <p role="alert">The monitor could not start: {loaded.message}</p>;
  if (loaded.phase === 'loading') return <p>Starting the monitor…</p>;
  const { overview } = loaded;
  // Alt+Shift+R opens the rollback of the alerting environment, else of the first one.
  const shortcutTarget = (overview.environments.find((environment) => environment.alerting) ?? overview.environments[0])?.environment;
  if (overview.environments.length === 0) {
    return (
      <EmptyState title="Nothing to watch">
        <p>No environment in release-desk.yml declares health probes (environments.&lt;name&gt;.health).</p>
      </EmptyState>
    );
  }
  return (
    <div className="monitor">
      <BrowserNotificationSetting />
      {overview.environments.map((environment) => (
        <section key={environment.environment} className={`monitor-environment ${environment.alerting ? 'monitor-environment-alert' : ''}`} aria-labelledby={`environment-${environment.environment}`}>
          <h2 id={`environment-${environment.environment}`}>
            {environment.environment}
            <span className="monitor-environment-state" data-testid={`environment-state-${environment.environment}`}>
              {environment.alerting
                ? ` — alert since ${environment.alertingSince === null ? 'now' : new Date(environment.alertingSince).toLocaleTimeString()}`
                : ' — every probe healthy or not yet read'}
            </span>
          </h2>
          {environment.alerting && (
            <p role="alert" className="banner banner-alert">
              {environment.environment} is not healthy: {environment.probes.flatMap((probe) => probe.alerts.map((alert) => `${probe.name} ${alert}`)).join('; ')}.
            </p>
          )}
          <AutoRollbackNotice plan={environment.autoRollback} environment={environment.environment} alertingSince={environment.alerting ? environment.alertingSince : null} />
          <EnvironmentRollback environment={environment.environment} alerting={environment.alerting} shortcut={environment.environment === shortcutTarget} />
          <ReleaseOnMonitor environment={environment.environment} />
          {environment.markers.length > 0 && (
            <p className="monitor-markers" data-testid={`markers-${environment.environment}`}>
              Release steps on the charts: {environment.markers.map((marker) => `${marker.label} at ${new Date(marker.at).toLocaleTimeString()}`).join(' · ')}
            </p>
          )}
          <div className="probes">
            {environment.probes.map((probe) => (
              <ProbeCard key={`${environment.environment}/${probe.name}`} probe={probe} expectedVersion={environment.expectedVersion} markers={environment.markers} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
