/**
 * Which release steps have a process running them right now. In this process: a map with
 * each step's cancel switch. Across processes (the app and the CLI share a journal): a
 * marker file per running step holding the pid that runs it, so a step whose intent has no
 * outcome is "still running" only while that process lives; otherwise it is inconclusive.
 * Once the step's command is spawned its process group is added to the marker, and another
 * process may ask for the step to end (abort and roll back, step-abort.ts): watched for here.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { StepName } from '../../../shared/releases/release-events';
import { isProcessAlive } from '../runner/process-group';
import { groupLeaderIdentity } from '../runner/process-identity';
import { abortRequestFile, readAbortRequest, stepMarkerFile, type AbortRequest } from './step-abort';

/** How often a running step looks for another process's request to end it. */
const ABORT_WATCH_MS = 100;

export interface RunningStep {
  readonly releaseId: string;
  readonly step: StepName;
  readonly attempt: number;
  readonly startedAt: string;
  readonly controller: AbortController;
}

export class RunningSteps {
  private readonly here = new Map<string, RunningStep>();
  private readonly watches = new Map<string, NodeJS.Timeout>();
  private readonly abortedBy = new Map<string, AbortRequest>();

  constructor(private readonly markerDir: string) {}

  start(step: RunningStep): void {
    this.here.set(step.releaseId, step);
    this.abortedBy.delete(step.releaseId);
    mkdirSync(this.markerDir, { recursive: true });
    rmSync(abortRequestFile(this.markerDir, step.releaseId), { force: true });
    writeFileSync(this.markerFile(step.releaseId), JSON.stringify({ pid: process.pid, step: step.step, attempt: step.attempt }));
    const watch = setInterval(() => this.checkAbortRequest(step), ABORT_WATCH_MS);
    watch.unref();
    this.watches.set(step.releaseId, watch);
  }

  /** The step's command was spawned: its process group joins the marker, so another process can end it. */
  spawned(releaseId: string, pid: number): void {
    const step = this.here.get(releaseId);
    const group = groupLeaderIdentity(pid);
    if (step === undefined) return;
    try {
      writeFileSync(this.markerFile(releaseId), JSON.stringify({ pid: process.pid, step: step.step, attempt: step.attempt, ...(group === null ? {} : { group }) }));
    } catch {
      // Without the group, another process refuses to end the step (it cannot verify it); nothing else changes.
    }
  }

  /** Who asked from another process for the release's running step to end, if anyone did. */
  abortRequest(releaseId: string): AbortRequest | null {
    return this.abortedBy.get(releaseId) ?? null;
  }

  finish(releaseId: string): void {
    this.here.delete(releaseId);
    const watch = this.watches.get(releaseId);
    if (watch !== undefined) clearInterval(watch);
    this.watches.delete(releaseId);
    this.abortedBy.delete(releaseId);
    rmSync(this.markerFile(releaseId), { force: true });
    rmSync(abortRequestFile(this.markerDir, releaseId), { force: true });
  }

  private checkAbortRequest(step: RunningStep): void {
    if (this.abortedBy.has(step.releaseId) || !existsSync(abortRequestFile(this.markerDir, step.releaseId))) return;
    const request = readAbortRequest(this.markerDir, step.releaseId);
    if (request === null || request.step !== step.step || request.attempt !== step.attempt) return;
    this.abortedBy.set(step.releaseId, request);
    step.controller.abort();
  }

  /** The step this process runs for the release, if any. */
  local(releaseId: string): RunningStep | null {
    return this.here.get(releaseId) ?? null;
  }

  /** True while some live process (this one or another) runs that step of the release. */
  isRunning(releaseId: string, step: StepName, attempt: number): boolean {
    const local = this.here.get(releaseId);
    if (local !== undefined) return local.step === step && local.attempt === attempt;
    try {
      const marker = JSON.parse(readFileSync(this.markerFile(releaseId), 'utf8')) as { pid?: unknown; step?: unknown; attempt?: unknown };
      return marker.step === step && marker.attempt === attempt && typeof marker.pid === 'number' && marker.pid !== process.pid && isProcessAlive(marker.pid);
    } catch {
      return false;
    }
  }

  cancel(releaseId: string): boolean {
    const local = this.here.get(releaseId);
    local?.controller.abort();
    return local !== undefined;
  }

  cancelAll(): void {
    for (const step of this.here.values()) step.controller.abort();
  }

  private markerFile(releaseId: string): string {
    return stepMarkerFile(this.markerDir, releaseId);
  }
}
