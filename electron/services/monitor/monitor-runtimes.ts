/**
 * One set of environment monitors per open workspace: every environment that declares
 * health probes is watched from the first time someone asks, until the workspace closes or
 * its configuration changes (then the monitors are rebuilt from the new probes).
 */
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { DeepReadonly } from '../../../shared/deep-readonly';
import type { EventName, EventPayload } from '../../../shared/ipc/contract';
import { describeAlert } from '../../../shared/monitor/alert-rules';
import type { AutoRollbackPlan, EnvironmentMonitorView, MonitorHealth, MonitorOverview } from '../../../shared/monitor/monitor-ipc';
import { startEnvironmentMonitor, type EnvironmentMonitor, type EnvironmentMonitorSnapshot } from './environment-monitor';
import type { Timers } from './probe-loop';

type Emit = <E extends EventName>(event: E, payload: DeepReadonly<EventPayload<E>>) => void;

/** An environment started or stopped alerting (for desktop notifications and the dock badge). */
export interface AlertChange {
  readonly environment: string;
  readonly alerting: boolean;
  /** What is wrong, in words ("web failed 3 checks in a row (HTTP 503, expected 200)"); empty when recovered. */
  readonly text: string;
  /** How many environments alert now, across open workspaces. */
  readonly alertingCount: number;
}

export interface MonitorRuntimesDeps {
  readonly emit: Emit;
  readonly onAlertChange?: (change: AlertChange) => void;
  /** What an environment should run now (the journal's last live version); null: unknown. */
  readonly expectedVersion?: (folder: string, environment: string) => string | null;
  /** The environment's release steps on the time axis (from the journal); none when absent. */
  readonly markers?: (folder: string, environment: string) => readonly { readonly at: number; readonly label: string }[];
  /** Where a watched release's samples go; null: memory only. */
  readonly samplesFile?: (folder: string, environment: string) => string | null;
  /** A workspace's monitors were (re)built with this configuration (the watch recorder tracks it). */
  readonly onOpen?: (folder: string, config: WorkspaceConfig) => void;
  /** An environment started (`since`, epoch ms) or stopped (null) alerting, with what is wrong (auto-rollback). */
  readonly onAlerting?: (folder: string, environment: string, since: number | null, text: string) => void;
  /** Auto-rollback's plan for the views; null or absent: off. */
  readonly autoRollback?: (folder: string, environment: string) => AutoRollbackPlan | null;
  readonly timers?: Timers;
  readonly fetchImpl?: typeof fetch;
}

interface Open {
  readonly config: WorkspaceConfig;
  readonly monitors: ReadonlyMap<string, EnvironmentMonitor>;
}

export class MonitorRuntimes {
  private readonly open = new Map<string, Open>();
  /** `folder\0environment` of every environment alerting now. */
  private readonly alerting = new Set<string>();
  /** The same keys: when each one's alert began (epoch ms). */
  private readonly alertingSince = new Map<string, number | null>();

  constructor(private readonly deps: MonitorRuntimesDeps) {}

  overview(folder: string, config: WorkspaceConfig): MonitorOverview {
    const { monitors } = this.monitorsOf(folder, config);
    return { environments: [...monitors.entries()].map(([environment, monitor]) => this.view(folder, environment, monitor.snapshot())) };
  }

  /**
   * Whether each watched environment alerts now, from what the last reading decided: no alert
   * rule is evaluated again and no sample is copied (the status strip asks every 10 s).
   */
  health(folder: string, config: WorkspaceConfig): MonitorHealth {
    const { monitors } = this.monitorsOf(folder, config);
    return {
      environments: [...monitors.keys()].map((environment) => {
        const key = `${folder}\0${environment}`;
        return { environment, alerting: this.alerting.has(key), alertingSince: this.alerting.has(key) ? (this.alertingSince.get(key) ?? null) : null };
      }),
    };
  }

  async stopAll(): Promise<void> {
    // Nothing watches them any more: an alert that is not observed must not roll back by itself.
    for (const key of this.alerting) {
      const [folder = '', environment = ''] = key.split('\0');
      this.deps.onAlerting?.(folder, environment, null, '');
    }
    this.alerting.clear();
    this.alertingSince.clear();
    const stopping = [...this.open.values()].flatMap(({ monitors }) => [...monitors.values()].map((monitor) => monitor.stop()));
    this.open.clear();
    await Promise.allSettled(stopping);
  }

  private monitorsOf(folder: string, config: WorkspaceConfig): Open {
    const current = this.open.get(folder);
    if (current !== undefined && current.config === config) return current;
    // An edited release-desk.yml must not wipe the last hour nor restart an alert's clock
    // (auto-rollback counts from when the alert began): what the old monitors saw carries over.
    const before = new Map([...(current?.monitors ?? new Map<string, EnvironmentMonitor>())].map(([environment, monitor]) => [environment, monitor.snapshot()]));
    if (current !== undefined) for (const monitor of current.monitors.values()) void monitor.stop();
    const monitors = new Map<string, EnvironmentMonitor>();
    for (const [environment, settings] of Object.entries(config.environments)) {
      if (settings.health.length === 0) continue;
      const carriedOver = before.get(environment);
      monitors.set(
        environment,
        startEnvironmentMonitor(
          {
            environment,
            probes: settings.health,
            expectedVersion: () => this.deps.expectedVersion?.(folder, environment) ?? null,
            samplesFile: () => this.deps.samplesFile?.(folder, environment) ?? null,
            ...(carriedOver === undefined ? {} : { carriedOver }),
          },
          {
            ...(this.deps.timers === undefined ? {} : { timers: this.deps.timers }),
            ...(this.deps.fetchImpl === undefined ? {} : { fetchImpl: this.deps.fetchImpl }),
            onChange: (snapshot, probe) => {
              // The alert first: the reading then carries auto-rollback's countdown as it now stands.
              this.noticeAlert(folder, snapshot);
              this.publish(folder, snapshot, probe);
            },
          },
        ),
      );
    }
    const opened = { config, monitors };
    this.open.set(folder, opened);
    this.deps.onOpen?.(folder, config);
    return opened;
  }

  /** Sends only the probe that just read, so the event stays small. */
  private publish(folder: string, snapshot: EnvironmentMonitorSnapshot, probeName: string): void {
    const probe = snapshot.probes.find((candidate) => candidate.name === probeName);
    if (probe?.last === null || probe === undefined) return;
    this.deps.emit('monitor.reading', {
      environment: snapshot.environment,
      probe: probe.name,
      sample: probe.last,
      state: probe.state,
      alerts: probe.alerts.map(describeAlert),
      alerting: snapshot.alerting,
      alertingSince: snapshot.alertingSince,
      ...(this.deps.autoRollback === undefined ? {} : { autoRollback: this.deps.autoRollback(folder, snapshot.environment) }),
    });
  }

  private noticeAlert(folder: string, snapshot: EnvironmentMonitorSnapshot): void {
    const key = `${folder}\0${snapshot.environment}`;
    if (snapshot.alerting === this.alerting.has(key)) return;
    if (snapshot.alerting) {
      this.alerting.add(key);
      this.alertingSince.set(key, snapshot.alertingSince);
    } else {
      this.alerting.delete(key);
      this.alertingSince.delete(key);
    }
    const text = snapshot.probes.flatMap((probe) => probe.alerts.map((alert) => `${probe.name} ${describeAlert(alert)}`)).join('; ');
    this.deps.onAlertChange?.({ environment: snapshot.environment, alerting: snapshot.alerting, text, alertingCount: this.alerting.size });
    this.deps.onAlerting?.(folder, snapshot.environment, snapshot.alerting ? snapshot.alertingSince : null, text);
  }

  private view(folder: string, environment: string, snapshot: EnvironmentMonitorSnapshot): EnvironmentMonitorView {
    return {
      environment,
      alerting: snapshot.alerting,
      alertingSince: snapshot.alertingSince,
      expectedVersion: this.deps.expectedVersion?.(folder, environment) ?? null,
      markers: [...(this.deps.markers?.(folder, environment) ?? [])],
      autoRollback: this.deps.autoRollback?.(folder, environment) ?? null,
      probes: snapshot.probes.map((probe) => ({
        name: probe.name,
        url: probe.url,
        intervalMs: probe.intervalMs,
        state: probe.state,
        last: probe.last,
        alerts: probe.alerts.map(describeAlert),
        samples: [...probe.samples],
      })),
    };
  }
}
