/**
 * When to try a failed message again: exponential backoff with jitter (half fixed, half
 * random, so retries after a shared outage spread out instead of arriving together), or
 * the moment the service named, plus a little jitter for the same reason.
 */
export interface BackoffPolicy {
  /** Delay before the first retry; doubled per failed attempt. Default 1 s. */
  readonly baseMs: number;
  /** Ceiling of the delay. Default 5 min. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 5 * 60_000 };

/** The delay after `failures` failed attempts (1 = the first failure). */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(cap / 2 + random() * (cap / 2));
}

/** The next attempt's time: the service's word when it gave one, else the backoff. */
export function nextAttemptAt(now: number, failures: number, notBefore: number | undefined, policy: BackoffPolicy, random: () => number): number {
  if (notBefore !== undefined && notBefore > now) {
    return notBefore + Math.round(random() * Math.min(1000, policy.baseMs));
  }
  return now + backoffDelay(failures, policy, random);
}
