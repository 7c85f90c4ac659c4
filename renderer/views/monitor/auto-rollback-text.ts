/**
 * Auto-rollback in words, for the Monitor view and the Release view's watch panel: armed and
 * until when, or, while production alerts, the moment it will roll back unless it recovers.
 * The countdown is computed here from the alert's start, so it stays right between readings.
 */
import type { AutoRollbackPlan } from '../../../shared/monitor/monitor-ipc';

function clock(ms: number, seconds: boolean): string {
  const at = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}${seconds ? `:${pad(at.getSeconds())}` : ''}`;
}

export type AutoRollbackLine = { readonly state: 'armed' | 'counting' | 'too-late'; readonly text: string };

/** Null when auto-rollback is off or nothing is watched. */
export function autoRollbackLine(plan: AutoRollbackPlan | null | undefined, environment: string, alertingSince: number | null, now: Date): AutoRollbackLine | null {
  if (plan === null || plan === undefined) return null;
  const until = Date.parse(plan.until);
  if (now.getTime() >= until) return null;
  const windowEnd = clock(until, false);
  if (alertingSince === null) {
    return {
      state: 'armed',
      text: `Auto-rollback is armed until ${windowEnd}: if an alert lasts ${plan.afterSeconds} s, Release Desk rolls ${environment} back by itself (${plan.releaseId}, on behalf of the on-call ${plan.onCall}).`,
    };
  }
  const firesAt = Math.max(alertingSince, Date.parse(plan.since)) + plan.afterSeconds * 1000;
  if (firesAt >= until) {
    return { state: 'too-late', text: `Auto-rollback would fire after the watch window ends at ${windowEnd}, so it does not: roll back yourself if ${environment} stays unhealthy.` };
  }
  const left = Math.max(0, Math.ceil((firesAt - now.getTime()) / 1000));
  return {
    state: 'counting',
    text: `Auto-rollback: Release Desk rolls ${environment} back by itself at ${clock(firesAt, true)} (in ${left} s) unless the alert recovers first.`,
  };
}
