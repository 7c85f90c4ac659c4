/**
 * The one store of live step output in the window. It subscribes to `releases.output` the
 * first time a view needs it and keeps listening while the user looks at another view, so
 * going to the Branches board and back mid-step loses no line.
 */
import { useSyncExternalStore } from 'react';
import { appendBatch, EMPTY_OUTPUT, outputKey, type OutputKey, type OutputStore, type StepOutputEntry } from './step-output';

let store: OutputStore = new Map();
let listeningSince: string | null = null;
const listeners = new Set<() => void>();

function ensureListening(): void {
  if (listeningSince !== null) return;
  listeningSince = new Date().toISOString();
  window.desk.on('releases.output', (batch) => {
    store = appendBatch(store, batch);
    for (const listener of listeners) listener();
  });
}

function subscribe(listener: () => void): () => void {
  ensureListening();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The live output of one run of a step (empty until its first batch). */
export function useStepOutput(key: OutputKey): StepOutputEntry {
  const id = outputKey(key);
  const snapshot = () => store.get(id) ?? EMPTY_OUTPUT;
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/**
 * True when this window was listening before the run started, so what it holds is the whole
 * output; otherwise the start is only in the step's log file.
 */
export function heldFromStart(startedAt: string | undefined): boolean {
  ensureListening();
  return listeningSince !== null && startedAt !== undefined && listeningSince <= startedAt;
}
