/**
 * Runs one probe at a fixed interval without ever piling up: when a target is slower than
 * the interval, the ticks that fall while its probe is still in flight are skipped (and
 * counted), so a target that never answers costs one open request, not one per tick. Time
 * comes from injected timers, so tests can run ten minutes of probing in milliseconds.
 */

export interface Timers {
  readonly now: () => number;
  readonly setTimeout: (run: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ProbeLoopOptions<Reading> {
  readonly intervalMs: number;
  /** How long one probe may take before the loop aborts it (on the loop's own clock). */
  readonly timeoutMs: number;
  readonly probe: (signal: AbortSignal) => Promise<Reading>;
  readonly onReading: (reading: Reading, at: number) => void;
  readonly timers?: Timers;
}

export interface ProbeLoop {
  /** Ticks skipped because the previous probe was still in flight. */
  readonly skipped: () => number;
  readonly inFlight: () => boolean;
  /** Stops ticking and aborts the probe in flight; resolves when it has settled. */
  stop(): Promise<void>;
}

export function startProbeLoop<Reading>(options: ProbeLoopOptions<Reading>): ProbeLoop {
  const timers = options.timers ?? realTimers;
  let stopped = false;
  let skipped = 0;
  let current: { readonly controller: AbortController; readonly done: Promise<void> } | null = null;
  let tickHandle: unknown = null;
  let nextAt = timers.now();

  const runProbe = () => {
    const controller = new AbortController();
    const timeout = timers.setTimeout(() => controller.abort(timeoutError()), options.timeoutMs);
    const done = options
      .probe(controller.signal)
      .then(
        (reading) => {
          if (!stopped) options.onReading(reading, timers.now());
        },
        (error: unknown) => console.error('[monitor] a probe failed inside Release Desk:', error),
      )
      .finally(() => {
        timers.clearTimeout(timeout);
        current = null;
      });
    current = { controller, done };
  };

  const tick = () => {
    if (stopped) return;
    if (current === null) runProbe();
    else skipped++;
    // Fixed rate from the schedule, not from when the probe ended: the cadence stays even.
    nextAt += options.intervalMs;
    tickHandle = timers.setTimeout(tick, Math.max(0, nextAt - timers.now()));
  };

  tick();
  return {
    skipped: () => skipped,
    inFlight: () => current !== null,
    async stop() {
      stopped = true;
      if (tickHandle !== null) timers.clearTimeout(tickHandle);
      const running = current;
      if (running !== null) {
        running.controller.abort(new Error('monitor stopped'));
        await running.done;
      }
    },
  };
}

function timeoutError(): Error {
  const error = new Error('probe timed out');
  error.name = 'TimeoutError';
  return error;
}
