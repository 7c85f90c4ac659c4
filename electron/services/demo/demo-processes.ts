/**
 * Starting and stopping the demo's long-running processes. Every one is started detached
 * (its own process group, output to a log file, unref'd) so it outlives whoever started it
 * — the CLI exits at once — and is recorded in `.demo/processes.json` so `stopDemo` can end
 * the whole group later.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readlinkSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive, terminateGroup } from '../runner/process-group';
import type { DemoPaths } from './demo-paths';
import { readTrackedProcesses, writeTrackedProcesses, type TrackedProcess } from './demo-state';

export interface DetachedStart {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
  readonly role: TrackedProcess['role'];
}

/** Starts a process that outlives this one and records it; returns its pid. */
export async function startDetached(paths: DemoPaths, start: DetachedStart): Promise<number> {
  await mkdir(path.dirname(start.logFile), { recursive: true });
  const log = openSync(start.logFile, 'a');
  try {
    const child = spawn(start.command, [...start.args], {
      cwd: start.cwd,
      env: start.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('spawn', () => resolve(child.pid as number));
      child.once('error', reject);
    });
    child.unref();
    await trackProcess(paths, { pid, pgid: pid, role: start.role, startedAt: new Date().toISOString() });
    return pid;
  } finally {
    closeSync(log);
  }
}

async function trackProcess(paths: DemoPaths, entry: TrackedProcess): Promise<void> {
  const known = await readTrackedProcesses(paths.processes);
  await writeTrackedProcesses(paths.processes, [...known.filter((other) => other.pid !== entry.pid), entry]);
}

/**
 * Ends every recorded process group (SIGTERM, then SIGKILL) and clears the record. Pids
 * are recycled by the system, so a recorded pid whose process does not work inside this
 * workspace is left alone.
 */
export async function stopTrackedProcesses(paths: DemoPaths, graceMs = 2000): Promise<readonly number[]> {
  const tracked = await readTrackedProcesses(paths.processes);
  const ours = tracked.filter((entry) => isProcessAlive(entry.pid) && worksInside(entry.pid, paths.dir));
  await Promise.all(ours.map((entry) => terminateGroup(entry.pgid, graceMs)));
  await writeTrackedProcesses(paths.processes, []);
  return ours.map((entry) => entry.pid);
}

function worksInside(pid: number, dir: string): boolean {
  let cwd: string;
  try {
    cwd = readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    // No /proc (macOS) or not ours to inspect: trust the record.
    return true;
  }
  return cwd === dir || cwd.startsWith(`${dir}${path.sep}`);
}
