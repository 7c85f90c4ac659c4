/**
 * Which process a pid is, across processes: a pid written into a marker file may belong to
 * another process by the time someone reads it (pids are reused). On Linux a process's start
 * time (field 22 of /proc/<pid>/stat, clock ticks since boot) never changes and no two
 * processes share pid and start time, so the pair names one process. Elsewhere there is no
 * such record: null, and callers refuse to signal what they cannot verify.
 */
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  readonly pid: number;
  /** Clock ticks after boot (Linux /proc). */
  readonly startTime: string;
}

/** The identity of `pid` when it leads its own process group (a command the runner spawned); null without /proc or when gone. */
export function groupLeaderIdentity(pid: number): ProcessIdentity | null {
  const fields = statFields(pid);
  if (fields === null) return null;
  // After "(comm) ": state, ppid, pgrp, … ; starttime is field 22 of the whole line.
  const pgrp = Number(fields[2]);
  const startTime = fields[19];
  if (pgrp !== pid || startTime === undefined || !/^\d+$/.test(startTime)) return null;
  return { pid, startTime };
}

/** True while the very process named by `identity` exists (not a later one with its pid) and is not a zombie. */
export function isSameProcess(identity: ProcessIdentity): boolean {
  const fields = statFields(identity.pid);
  if (fields === null) return false;
  return fields[19] === identity.startTime && fields[0] !== 'Z' && fields[0] !== 'X';
}

function statFields(pid: number): string[] | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: the fields start after the last ")".
    return text.slice(text.lastIndexOf(')') + 2).trim().split(' ');
  } catch {
    return null;
  }
}
