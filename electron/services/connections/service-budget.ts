/**
 * How long a one-shot command (the CLI) may spend on a remote service, as one deadline and
 * one AbortSignal passed down into every client. The signal aborts when the budget runs out
 * or when the command has its answer, so nothing (requests, retry waits, rate-limit waits)
 * outlives the command. The app passes no budget: it keeps its last good data and tries again.
 */
export interface ServiceBudget {
  /** Aborted when the budget runs out or the command is done with the services. */
  readonly signal: AbortSignal;
  /** Epoch ms after which no request is sent and no wait is begun. */
  readonly deadline: number;
  /** The budget as the user gave it (--timeout), for messages. */
  readonly seconds: number;
}

/** Who is reading: words differ (the app has Settings; the CLI has environment variables). */
export type ServiceHost = 'app' | 'cli';

export function remainingMs(budget: ServiceBudget, now: number = Date.now()): number {
  return Math.max(0, budget.deadline - now);
}

/** A budget starting now; `done` aborts it early (the command has its answer). */
export function startBudget(seconds: number, done: AbortSignal, now: number = Date.now()): ServiceBudget {
  return { seconds, deadline: now + seconds * 1000, signal: timeoutSignal(seconds * 1000, done).signal };
}

/**
 * A signal that aborts after `ms` (reason: a TimeoutError) or when any of `also` aborts.
 * Not AbortSignal.timeout/any: on Node 20 a timeout signal that only a composite refers to
 * can be garbage-collected before it fires, and then a hung request waits forever (seen on
 * 300 branches). A timer holds this one; unref'd, it keeps no process alive. `dispose()`
 * once the request is over drops the timer and the listeners on `also` (a budget's signal
 * would otherwise collect one per request).
 */
export function timeoutSignal(ms: number, ...also: readonly (AbortSignal | null | undefined)[]): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const unlisten = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  timer.unref();
  const dispose = () => {
    clearTimeout(timer);
    unlisten.abort();
  };
  for (const signal of also) {
    if (signal === null || signal === undefined) continue;
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true, signal: unlisten.signal });
  }
  controller.signal.addEventListener('abort', dispose, { once: true });
  return { signal: controller.signal, dispose };
}

/** Resolves after `ms`, or rejects at once when `signal` aborts (its timer cleared: nothing keeps the process alive). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** "this command's 20 s budget" */
export function budgetWords(budget: ServiceBudget): string {
  return `this command's ${budget.seconds} s budget`;
}
