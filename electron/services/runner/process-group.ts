/**
 * Signals and liveness of whole process groups. Commands are spawned `detached`, so each one
 * leads its own group and a signal to `-pgid` reaches every process it started (unless a
 * process deliberately left the group, as a daemon does).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Sends `signal` to the group led by `pgid`; false when no such group exists any more. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * True while the process exists and is not a zombie. A zombie (exited, not yet reaped by
 * its parent — common in containers whose init does not reap) counts as gone.
 */
export function isProcessAlive(pid: number): boolean {
  if (!signalZeroAnswers(() => process.kill(pid, 0))) return false;
  const stat = procStat(pid);
  if (stat === null) return !procAvailable();
  return stat.state !== 'Z' && stat.state !== 'X';
}

/** True while any process of the group is alive (zombies excluded where /proc exists). */
export function isGroupAlive(pgid: number): boolean {
  if (!signalZeroAnswers(() => process.kill(-pgid, 0))) return false;
  // Without /proc (macOS) the signal answering is the best evidence there is.
  if (!procAvailable()) return true;
  return procPids().some((pid) => {
    const stat = procStat(pid);
    return stat !== null && stat.pgid === pgid && stat.state !== 'Z' && stat.state !== 'X';
  });
}

/**
 * Ends a group: SIGTERM, then SIGKILL for whatever is still alive after `graceMs`.
 * Resolves once the group is gone (or shortly after the SIGKILL when it cannot tell).
 */
export async function terminateGroup(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isGroupAlive(pgid)) return;
    await sleep(25);
  }
  signalGroup(pgid, 'SIGKILL');
  const killDeadline = Date.now() + 2000;
  while (Date.now() < killDeadline && isGroupAlive(pgid)) await sleep(20);
}

function signalZeroAnswers(send: () => void): boolean {
  try {
    send();
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface ProcStat {
  readonly state: string;
  readonly pgid: number;
}

function procStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp ..."; comm may contain spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', pgid: Number(fields[2]) };
  } catch {
    return null;
  }
}

let procChecked: boolean | null = null;
function procAvailable(): boolean {
  procChecked ??= procStat(process.pid) !== null;
  return procChecked;
}

function procPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
