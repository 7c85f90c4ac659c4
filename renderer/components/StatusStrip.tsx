/**
 * The on-call's first question answered on every view: which workspace this is, and for each
 * environment what it runs (short SHA and branch, from the journal), whether it is healthy
 * (the live monitor), and whether it is locked or has a release in progress. State is in
 * words, not colour alone.
 */
import { useCallback, useEffect, useState } from 'react';
import type { WorkspaceStatus } from '../../shared/domain/app';
import type { ReleasesOverview } from '../../shared/releases/release-ipc';
import { shortSha } from '../../shared/text/short-sha';
import './status-strip.css';

type Health = 'healthy' | 'alert' | 'not watched';

/** Re-read at least this often: a rollback or a teammate's CLI step may not push an event here. */
const REFRESH_MS = 10_000;

export function StatusStrip(props: { readonly workspace: WorkspaceStatus }) {
  const [overview, setOverview] = useState<ReleasesOverview | null>(null);
  const [health, setHealth] = useState<Readonly<Record<string, Health>>>({});

  const reload = useCallback(() => {
    void window.desk.releases.overview().then((result) => {
      if (result.ok) setOverview(result.value);
    });
    // The health flags alone: the whole overview carries every probe's last hour of samples.
    void window.desk.monitor.health().then((result) => {
      if (result.ok) setHealth(Object.fromEntries(result.value.environments.map((environment) => [environment.environment, environment.alerting ? 'alert' : 'healthy'])));
    });
  }, []);

  useEffect(() => {
    if (props.workspace.kind !== 'ready') return;
    reload();
    const timer = setInterval(reload, REFRESH_MS);
    const offReleases = window.desk.on('releases.changed', () => reload());
    // Twenty probes read twenty times a second: the strip re-renders only when a state changes.
    const offReading = window.desk.on('monitor.reading', (reading) =>
      setHealth((current) => {
        const next = reading.alerting ? 'alert' : 'healthy';
        return current[reading.environment] === next ? current : { ...current, [reading.environment]: next };
      }),
    );
    return () => {
      clearInterval(timer);
      offReleases();
      offReading();
    };
  }, [props.workspace, reload]);

  // The window's title (and so the taskbar) names what alerts, whatever view is open.
  const alertingNames = Object.entries(health)
    .filter(([, state]) => state === 'alert')
    .map(([environment]) => environment)
    .join(', ');
  useEffect(() => {
    const base = 'Release Desk';
    document.title = alertingNames === '' ? base : `Alert: ${alertingNames} — ${base}`;
    return () => {
      document.title = base;
    };
  }, [alertingNames]);

  if (props.workspace.kind !== 'ready') return null;
  return (
    <section className="status-strip" aria-label="Status">
      <span className="status-workspace">{props.workspace.name}</span>
      {overview?.environments.map((environment) => {
        const live = environment.state.liveHistory[0];
        const state = health[environment.name] ?? 'not watched';
        const active = environment.active?.state;
        return (
          <span key={environment.name} className={`status-environment status-${state.replace(' ', '-')}`} data-testid={`status-${environment.name}`}>
            <strong>{environment.name}</strong>{' '}
            {live === undefined ? 'runs a version not released through Release Desk' : `runs ${shortSha(live.sha)} (${live.branch})`}
            {' · '}
            {state === 'alert' ? 'ALERT' : state}
            {environment.state.lock !== null && ` · locked: ${environment.state.lock.reason}`}
            {active !== undefined && ` · release ${active.id} of ${active.branch} in progress`}
          </span>
        );
      })}
    </section>
  );
}
