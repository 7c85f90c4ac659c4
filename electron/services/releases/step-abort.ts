/**
 * Abort and roll back across processes: a rollback started in one Release Desk process (the
 * CLI) ends the switchover another one (the app) runs. The running step's marker names the
 * process that runs the step and, once spawned, the command's process group with its start
 * time, so the group is signalled only while it is still that very process (pids are reused).
 *
 * The request is a file next to the marker: the process that runs the step watches for it,
 * cancels its step (its runner ends the group) and journals the outcome as cancelled by the
 * requester. If that process does not react (frozen), the requester ends the group itself;
 * the owner still journals the outcome when it wakes. Without /proc (not Linux) nothing can be
 * verified and the request is refused with the reason.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isGroupAlive, isProcessAlive, terminateGroup } from '../runner/process-group';
import { isSameProcess, type ProcessIdentity } from '../runner/process-identity';

export interface StepMarker {
  readonly pid: number;
  readonly step: string;
  readonly attempt: number;
  /** The command's process group (its leader's identity), once spawned. */
  readonly group?: ProcessIdentity;
}

export interface AbortRequest {
  readonly by: string;
  readonly at: string;
  readonly step: string;
  readonly attempt: number;
}

export type StepAbortOutcome = { readonly kind: 'ended' } | { readonly kind: 'refused'; readonly reason: string };

/** How long the owner has to end its own step before the requester signals the group itself. */
const OWNER_REACTS_MS = 2_000;

export function stepMarkerFile(markerDir: string, releaseId: string): string {
  return path.join(markerDir, `${releaseId.replace(/[^a-z0-9]/gi, '_')}.json`);
}

export function abortRequestFile(markerDir: string, releaseId: string): string {
  return path.join(markerDir, `${releaseId.replace(/[^a-z0-9]/gi, '_')}.abort.json`);
}

export function readStepMarker(markerDir: string, releaseId: string): StepMarker | null {
  const json = readJson(stepMarkerFile(markerDir, releaseId));
  if (json === null || typeof json.pid !== 'number' || typeof json.step !== 'string' || typeof json.attempt !== 'number') return null;
  const group = json.group as Partial<ProcessIdentity> | undefined;
  const valid = group !== undefined && typeof group.pid === 'number' && typeof group.startTime === 'string';
  return { pid: json.pid, step: json.step, attempt: json.attempt, ...(valid ? { group: { pid: group.pid as number, startTime: group.startTime as string } } : {}) };
}

export function readAbortRequest(markerDir: string, releaseId: string): AbortRequest | null {
  const json = readJson(abortRequestFile(markerDir, releaseId));
  if (json === null || typeof json.by !== 'string' || typeof json.at !== 'string' || typeof json.step !== 'string' || typeof json.attempt !== 'number') return null;
  return { by: json.by, at: json.at, step: json.step, attempt: json.attempt };
}

/** Why the step another process runs cannot be ended from here, or null when it can. */
export function whyNotAbortable(markerDir: string, releaseId: string, step: string, attempt: number): string | null {
  const marker = readStepMarker(markerDir, releaseId);
  if (marker === null || marker.step !== step || marker.attempt !== attempt) return 'its process is not recorded';
  if (marker.group === undefined) {
    return process.platform === 'linux' ? 'its command has not started yet' : `its process cannot be verified on ${process.platform} (only on Linux, by /proc); end it where it runs`;
  }
  if (!isSameProcess(marker.group)) return 'its command is no longer the process that was recorded';
  return null;
}

/** Asks the process running `step` to cancel it, and ends its process group if that process does not. */
export async function endStepElsewhere(
  markerDir: string,
  request: { readonly releaseId: string; readonly step: string; readonly attempt: number; readonly by: string; readonly at: string },
  graceMs: number,
): Promise<StepAbortOutcome> {
  const why = whyNotAbortable(markerDir, request.releaseId, request.step, request.attempt);
  const marker = readStepMarker(markerDir, request.releaseId);
  if (why !== null || marker?.group === undefined) return { kind: 'refused', reason: why ?? 'its process is not recorded' };
  const group = marker.group;
  const file = abortRequestFile(markerDir, request.releaseId);
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify({ by: request.by, at: request.at, step: request.step, attempt: request.attempt }));
  renameSync(partial, file);
  const gone = () => !isSameProcess(group) && !isGroupAlive(group.pid);
  const deadline = Date.now() + OWNER_REACTS_MS;
  while (!gone() && Date.now() < deadline && isProcessAlive(marker.pid)) await sleep(25);
  // The owner did not end it (frozen, or gone): the group is ended from here, verified once more.
  if (!gone() && isSameProcess(group)) await terminateGroup(group.pid, graceMs);
  return { kind: 'ended' };
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
