/**
 * Which rollbacks and switchovers run right now, per environment. In this process: a map,
 * with each one's abort (Abort and roll back ends a running switchover's process group).
 * Across processes (the app and the CLI share one journal): a marker file per running step
 * holding the pid that runs it, so a step whose intent has no outcome counts as running
 * only while that process lives; otherwise it is inconclusive and a rollback may go ahead.
 *
 * Markers are written synchronously inside the journal's append lock (see rollback-service),
 * so another process that appends next already sees them. The release service keeps its own
 * markers in the folder above (`<releaseId>.json`); they are read too.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { endStepElsewhere, whyNotAbortable, type StepAbortOutcome } from '../releases/step-abort';
import { isProcessAlive } from '../runner/process-group';
import { keyOf, type OpenDeployStep } from './rollback-plan';

export interface RunningDeploy {
  readonly environment: string;
  readonly releaseId: string | null;
  readonly step: 'rollback' | 'switchover';
  readonly attempt: number;
  readonly actor: string;
  readonly startedAt: string;
  /** Ends its process group; resolves once its outcome (cancelled) is in the journal. */
  readonly abort: () => Promise<void>;
}

interface Marker {
  readonly pid?: unknown;
  readonly step?: unknown;
  readonly attempt?: unknown;
}

export class RunningDeploys {
  private readonly here = new Map<string, RunningDeploy>();

  /** `runningDir`: `<workspace data>/releases/running` (shared with the release service). */
  constructor(private readonly runningDir: string) {}

  /** Registers a step this process runs; returns the function that unregisters it. */
  add(deploy: RunningDeploy): () => void {
    const key = keyOf(deploy.releaseId, deploy.step, deploy.attempt);
    this.here.set(key, deploy);
    const file = this.markerFile(deploy.environment, key);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ pid: process.pid, step: deploy.step, attempt: deploy.attempt, releaseId: deploy.releaseId }));
    } catch {
      // Without the marker another process would take this step for inconclusive; the journal still records it.
    }
    return () => {
      if (this.here.get(key) === deploy) this.here.delete(key);
      rmSync(file, { force: true });
    };
  }

  /** The steps of the environment this process runs now. */
  runningIn(environment: string): readonly RunningDeploy[] {
    return [...this.here.values()].filter((deploy) => deploy.environment === environment);
  }

  liveness(environment: string, step: OpenDeployStep): 'running-here' | 'running-elsewhere' | 'dead' {
    const key = keyOf(step.releaseId, step.step, step.attempt);
    if (this.here.has(key)) return 'running-here';
    const markers = [this.markerFile(environment, key), ...(step.releaseId === null ? [] : [path.join(this.runningDir, `${step.releaseId.replace(/[^a-z0-9]/gi, '_')}.json`)])];
    for (const file of markers) {
      const marker = readMarker(file);
      if (marker === null || marker.step !== step.step || marker.attempt !== step.attempt) continue;
      // Our own pid without an entry here is a marker left by an earlier process that had this pid.
      if (typeof marker.pid === 'number' && marker.pid !== process.pid && isProcessAlive(marker.pid)) return 'running-elsewhere';
    }
    return 'dead';
  }

  /** Why a step another process runs cannot be ended from here, or null when its process group is verified (Linux). */
  whyNotAbortable(step: OpenDeployStep): string | null {
    if (step.releaseId === null) return 'it belongs to no release';
    return whyNotAbortable(this.runningDir, step.releaseId, step.step, step.attempt);
  }

  /** Asks the process running the step to end it (and ends its group if that process does not); its owner journals the outcome. */
  endElsewhere(step: OpenDeployStep, by: string, at: string, graceMs: number): Promise<StepAbortOutcome> {
    if (step.releaseId === null) return Promise.resolve({ kind: 'refused', reason: 'it belongs to no release' });
    return endStepElsewhere(this.runningDir, { releaseId: step.releaseId, step: step.step, attempt: step.attempt, by, at }, graceMs);
  }

  private markerFile(environment: string, key: string): string {
    return path.join(this.runningDir, 'deploys', `${environment}-${key.replace(/[^a-z0-9-]/gi, '_')}.json`);
  }
}

function readMarker(file: string): Marker | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Marker;
  } catch {
    return null;
  }
}
