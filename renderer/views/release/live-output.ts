/**
 * The one store of live step output in the window. It subscribes to `releases.output` the
 * first time a view needs it and keeps listening while the user looks at another view, so
 * going to the Branches board and back mid-step loses no line.
 */
import { useSyncExternalStore } from 'react';
import { appendBatch, EMPTY_OUTPUT, outputKey, type OutputKey, type OutputStore, type StepOutputEntry } from './step-output';

/** What the views see: published at most once per frame. */
let store: OutputStore = new Map();
/** Every batch heard so far, published at the next frame. */
let latest: OutputStore = store;
let publishing = false;
let listeningSince: string | null = null;
const listeners = new Set<() => void>();

/**
 * Batches arrive faster than frames during a burst (hundreds a second); rendering each one
 * kept the page busy re-rendering and laying out, and the socket's queue grew behind it.
 * Appending is cheap and done at once; the views re-render once per frame with everything
 * that arrived.
 */
function publishNextFrame(): void {
  if (publishing) return;
  publishing = true;
  const publish = () => {
    publishing = false;
    store = latest;
    for (const listener of listeners) listener();
  };
  // A hidden window gets no frames: what it holds is published when it is shown again.
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(publish);
  else setTimeout(publish, 16);
}

function ensureListening(): void {
  if (listeningSince !== null) return;
  listeningSince = new Date().toISOString();
  window.desk.on('releases.output', (batch) => {
    latest = appendBatch(latest, batch);
    publishNextFrame();
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
