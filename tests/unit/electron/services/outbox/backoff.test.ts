import { describe, expect, it } from 'vitest';
import { backoffDelay, nextAttemptAt } from '../../../../../electron/services/outbox/backoff';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('backoff', () => {
  it('doubles per failure, between half and all of the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never exceeds the ceiling, however many failures', () => {
    expect(backoffDelay(50, policy, () => 1)).toBe(60_000);
    expect(backoffDelay(10_000, policy, () => 0.5)).toBe(45_000);
  });

  it("waits until the service's named time (plus at most a second of jitter), not the backoff", () => {
    const now = 1_000_000;
    expect(nextAttemptAt(now, 1, now + 30_000, policy, () => 0)).toBe(now + 30_000);
    expect(nextAttemptAt(now, 1, now + 30_000, policy, () => 1)).toBe(now + 31_000);
    // A time already past falls back to the backoff.
    expect(nextAttemptAt(now, 1, now - 5, policy, () => 0)).toBe(now + 500);
  });
});
