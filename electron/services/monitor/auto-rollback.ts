/**
 * The optional auto-rollback (`environments.<name>.autoRollback.afterSeconds`): when an alert on
 * a watched environment has lasted that long inside the release's watch window, the app rolls
 * back by itself, through the rollback service, as `release-desk` on behalf of the on-call.
 * Never outside the window (the countdown starts when both the alert and the window are on, and
 * is not armed when it would end after the window), never twice for one release, never while a
 * rollback runs (the rollback service refuses it: one at a time per environment), and the alert
 * recovering before the time is up disarms it.
 */
import type { RollbackOutcome } from '../../../shared/releases/rollback-ipc';
import type { AutoRollbackPlan } from '../../../shared/monitor/monitor-ipc';
import type { Timers } from './probe-loop';
import type { WatchedRelease } from './watch-summaries';

export interface AutoRollbackDeps {
  readonly timers: Timers;
  /** The environment's setting; null when auto-rollback is off (the default). */
  readonly setting: (folder: string, environment: string) => { readonly afterSeconds: number } | null;
  /** The release the environment is watching now, or null. */
  readonly watched: (folder: string, environment: string) => WatchedRelease | null;
  /** Looks at the journal again (a rollback may have started elsewhere) before firing. */
  readonly refresh: (folder: string) => Promise<void>;
  /** Rolls back as `release-desk` with the reason (the rollback service, actor release-desk). */
  readonly rollback: (folder: string, environment: string, reason: string) => Promise<RollbackOutcome>;
  /** After a fired rollback ended or was refused (for the log and tests). */
  readonly onFired?: (folder: string, environment: string, result: { readonly ok: true; readonly outcome: RollbackOutcome } | { readonly ok: false; readonly error: string }) => void;
  readonly log?: (message: string, error?: unknown) => void;
}

interface Alerting {
  readonly since: number;
  readonly text: string;
}

export class AutoRollback {
  private readonly alerts = new Map<string, Alerting>();
  private readonly armed = new Map<string, { readonly handle: unknown; readonly releaseId: string; readonly firesAt: number }>();
  /** Release ids auto-rolled back (or attempted) by this process: never twice. */
  private readonly fired = new Set<string>();
  private stopped = false;

  constructor(private readonly deps: AutoRollbackDeps) {}

  /** The monitor says an environment started (`since` its first alerting sample) or stopped alerting. */
  alertChanged(folder: string, environment: string, since: number | null, text: string): void {
    const key = keyOf(folder, environment);
    if (since === null) this.alerts.delete(key);
    else this.alerts.set(key, { since, text });
    this.arm(folder, environment);
  }

  /** The environment started or stopped watching a release. */
  watchChanged(folder: string, environment: string): void {
    this.arm(folder, environment);
  }

  /**
   * The workspace's settings changed (release-desk.yml edited): an alert already on is counted
   * again with the new `afterSeconds` from when it began — what the on-call who changed it
   * expects — not only the next one. Turned off, it disarms; turned on, it arms.
   */
  settingsChanged(folder: string): void {
    const environments = new Set([...this.alerts.keys(), ...this.armed.keys()].filter((key) => key.startsWith(`${folder}\0`)).map((key) => key.slice(folder.length + 1)));
    for (const environment of environments) this.arm(folder, environment);
  }

  /** What the views say: armed or not, and when it would fire. Null when off or nothing is watched. */
  plan(folder: string, environment: string): AutoRollbackPlan | null {
    const setting = this.deps.setting(folder, environment);
    const watched = this.deps.watched(folder, environment);
    if (setting === null || watched === null || this.fired.has(watched.releaseId)) return null;
    const armed = this.armed.get(keyOf(folder, environment));
    return {
      afterSeconds: setting.afterSeconds,
      releaseId: watched.releaseId,
      since: watched.window.since,
      until: watched.window.until,
      onCall: watched.onCall,
      firesAt: armed?.releaseId === watched.releaseId ? armed.firesAt : null,
    };
  }

  stop(): void {
    this.stopped = true;
    for (const { handle } of this.armed.values()) this.deps.timers.clearTimeout(handle);
    this.armed.clear();
  }

  private arm(folder: string, environment: string): void {
    const key = keyOf(folder, environment);
    const current = this.armed.get(key);
    const firesAt = this.firesAt(folder, environment);
    if (current !== undefined && firesAt !== null && current.firesAt === firesAt.at && current.releaseId === firesAt.watched.releaseId) return;
    if (current !== undefined) this.deps.timers.clearTimeout(current.handle);
    this.armed.delete(key);
    if (firesAt === null || this.stopped) return;
    const handle = this.deps.timers.setTimeout(() => void this.fire(folder, environment, firesAt.watched.releaseId), Math.max(0, firesAt.at - this.deps.timers.now()));
    this.armed.set(key, { handle, releaseId: firesAt.watched.releaseId, firesAt: firesAt.at });
  }

  /** When the countdown ends: N seconds after the alert and the window were both on; null: not armed. */
  private firesAt(folder: string, environment: string): { readonly at: number; readonly watched: WatchedRelease } | null {
    const setting = this.deps.setting(folder, environment);
    const watched = this.deps.watched(folder, environment);
    const alert = this.alerts.get(keyOf(folder, environment));
    if (setting === null || watched === null || alert === undefined || this.fired.has(watched.releaseId)) return null;
    const at = Math.max(alert.since, Date.parse(watched.window.since)) + setting.afterSeconds * 1000;
    // It would fire after the window closed: outside the watch window it never does.
    if (at >= Date.parse(watched.window.until)) return null;
    return { at, watched };
  }

  private async fire(folder: string, environment: string, releaseId: string): Promise<void> {
    const key = keyOf(folder, environment);
    this.armed.delete(key);
    if (this.stopped) return;
    await this.deps.refresh(folder).catch((error: unknown) => this.deps.log?.('[auto-rollback] could not re-read the journal', error));
    // Everything is checked again at the moment: the alert still on, the same watch still open.
    const due = this.firesAt(folder, environment);
    const alert = this.alerts.get(key);
    if (due === null || alert === undefined || due.watched.releaseId !== releaseId || this.deps.timers.now() < due.at) {
      this.arm(folder, environment);
      return;
    }
    if (this.fired.has(releaseId)) return;
    this.fired.add(releaseId);
    const setting = this.deps.setting(folder, environment);
    const seconds = Math.round((this.deps.timers.now() - Math.max(alert.since, Date.parse(due.watched.window.since))) / 1000);
    const reason = `release-desk on behalf of the on-call ${due.watched.onCall}: ${environment} alerted for ${seconds} s during the watch of ${releaseId} (autoRollback.afterSeconds ${setting?.afterSeconds ?? '?'}): ${alert.text || 'a probe alerted'}`.slice(0, 2000);
    try {
      const outcome = await this.deps.rollback(folder, environment, reason);
      this.deps.onFired?.(folder, environment, { ok: true, outcome });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log?.(`[auto-rollback] ${environment} was not rolled back by itself: ${message}`);
      this.deps.onFired?.(folder, environment, { ok: false, error: message });
    }
  }
}

function keyOf(folder: string, environment: string): string {
  return `${folder}\0${environment}`;
}
