/**
 * Wires the watch window into the app: the recorder (samples per watched release, summaries
 * when watches end) and auto-rollback, fed by the monitors' hooks and acting through the
 * workspace's rollback service as `release-desk`.
 */
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { RollbackOutcome } from '../../../shared/releases/rollback-ipc';
import { AutoRollback } from './auto-rollback';
import type { MonitorRuntimesDeps } from './monitor-runtimes';
import { realTimers, type Timers } from './probe-loop';
import { WatchRecorder } from './watch-recorder';
import { APP_ACTOR } from './watch-summaries';

export interface WatchServicesDeps {
  readonly userDataDir: string;
  /** Rolls the environment back as `actor` (the workspace's rollback service). */
  readonly rollbackAs: (folder: string, config: WorkspaceConfig, actor: string, environment: string, reason: string) => Promise<RollbackOutcome>;
  readonly timers?: Timers;
  readonly passMs?: number;
  readonly onAutoRollback?: ConstructorParameters<typeof AutoRollback>[0]['onFired'];
  readonly log?: (message: string, error?: unknown) => void;
}

export interface WatchServices {
  readonly recorder: WatchRecorder;
  readonly autoRollback: AutoRollback;
  /** The monitors' hooks: samples files, alerts, the views' auto-rollback plan. */
  readonly monitorHooks: Pick<MonitorRuntimesDeps, 'samplesFile' | 'onOpen' | 'onAlerting' | 'autoRollback'>;
  stop(): void;
}

export function createWatchServices(deps: WatchServicesDeps): WatchServices {
  const timers = deps.timers ?? realTimers;
  const log = deps.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  let autoRollback: AutoRollback | null = null;
  const recorder = new WatchRecorder({
    userDataDir: deps.userDataDir,
    timers,
    ...(deps.passMs === undefined ? {} : { passMs: deps.passMs }),
    onWatchChanged: (folder, environment) => autoRollback?.watchChanged(folder, environment),
    log,
  });
  autoRollback = new AutoRollback({
    timers,
    setting: (folder, environment) => recorder.configOf(folder)?.environments[environment]?.autoRollback ?? null,
    watched: (folder, environment) => recorder.watched(folder, environment),
    refresh: (folder) => recorder.pass(folder),
    rollback: (folder, environment, reason) => {
      const config = recorder.configOf(folder);
      if (config === null) return Promise.reject(new Error(`${folder} is not open`));
      return deps.rollbackAs(folder, config, APP_ACTOR, environment, reason);
    },
    ...(deps.onAutoRollback === undefined ? {} : { onFired: deps.onAutoRollback }),
    log,
  });
  const auto = autoRollback;
  return {
    recorder,
    autoRollback: auto,
    monitorHooks: {
      samplesFile: (folder, environment) => recorder.samplesFile(folder, environment),
      onOpen: (folder, config) => {
        // The recorder holds the new configuration from here on: auto-rollback re-reads its setting.
        void recorder.track(folder, config);
        auto.settingsChanged(folder);
      },
      onAlerting: (folder, environment, since, text) => auto.alertChanged(folder, environment, since, text),
      autoRollback: (folder, environment) => auto.plan(folder, environment),
    },
    stop() {
      auto.stop();
      recorder.stop();
    },
  };
}
