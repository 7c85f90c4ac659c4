/**
 * Which release steps have a process running them right now. In this process: a map with
 * each step's cancel switch. Across processes (the app and the CLI share a journal): a
 * marker file per running step holding the pid that runs it, so a step whose intent has no
 * outcome is "still running" only while that process lives; otherwise it is inconclusive.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StepName } from '../../../shared/releases/release-events';
import { isProcessAlive } from '../runner/process-group';

export interface RunningStep {
  readonly releaseId: string;
  readonly step: StepName;
  readonly attempt: number;
  readonly startedAt: string;
  readonly controller: AbortController;
}

export class RunningSteps {
  private readonly here = new Map<string, RunningStep>();

  constructor(private readonly markerDir: string) {}

  start(step: RunningStep): void {
    this.here.set(step.releaseId, step);
    mkdirSync(this.markerDir, { recursive: true });
    writeFileSync(this.markerFile(step.releaseId), JSON.stringify({ pid: process.pid, step: step.step, attempt: step.attempt }));
  }

  finish(releaseId: string): void {
    this.here.delete(releaseId);
    rmSync(this.markerFile(releaseId), { force: true });
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
    return path.join(this.markerDir, `${releaseId.replace(/[^a-z0-9]/gi, '_')}.json`);
  }
}
