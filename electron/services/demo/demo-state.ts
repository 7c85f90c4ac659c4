/**
 * The demo's records on disk, as the deploy scripts write them: `.demo/state.json`
 * (production switch, current and previous version, previews) and `.demo/processes.json`
 * (every process the demo started, so `stopDemo` can end them all).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface RunningVersion {
  readonly sha: string;
  readonly port: number;
  readonly pid: number;
}

export interface DemoState {
  readonly production: { readonly port: number; readonly pid: number | null; readonly url: string } | null;
  readonly current: RunningVersion | null;
  readonly previous: RunningVersion | null;
  readonly previews: Readonly<Record<string, RunningVersion & { readonly url: string }>>;
}

export interface TrackedProcess {
  readonly pid: number;
  /** The process group to signal; the demo starts every process as a group leader. */
  readonly pgid: number;
  readonly role: 'switch' | 'app';
  readonly sha?: string;
  readonly port?: number;
  readonly startedAt: string;
}

const EMPTY_STATE: DemoState = { production: null, current: null, previous: null, previews: {} };

export async function readDemoState(file: string): Promise<DemoState> {
  return { ...EMPTY_STATE, ...(await readJson<Partial<DemoState>>(file, {})) };
}

export async function writeDemoState(file: string, state: DemoState): Promise<void> {
  await writeJsonAtomically(file, state);
}

export async function readTrackedProcesses(file: string): Promise<readonly TrackedProcess[]> {
  const record = await readJson<{ processes?: TrackedProcess[] }>(file, {});
  return Array.isArray(record.processes) ? record.processes : [];
}

export async function writeTrackedProcesses(file: string, processes: readonly TrackedProcess[]): Promise<void> {
  await writeJsonAtomically(file, { processes });
}

async function readJson<T>(file: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/** Temporary file + rename, as the scripts do: the switch never reads half a file. */
async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, file);
}
