/**
 * The watch after Stage 2: production is watched for the environment's `watchMinutes` from
 * the moment the switchover succeeded (or was resolved as succeeded). Marking the release
 * healthy before the window ends is allowed, but only once someone confirms it: allowedActions
 * then carries the question in the verdict's `confirm`.
 */
import { z } from 'zod';
import type { ReleaseState } from './release-state';

export const WatchWindowSchema = z.object({
  /** When the switchover succeeded: the watch started. */
  since: z.string(),
  /** When the watch window ends (since + minutes). */
  until: z.string(),
  minutes: z.number().int().positive(),
});
export type WatchWindow = z.infer<typeof WatchWindowSchema>;

/** The release's watch window, or null while production has not been switched to it. */
export function watchWindowOf(state: ReleaseState, watchMinutes: number): WatchWindow | null {
  const switchover = state.steps.find((step) => step.step === 'switchover');
  if (switchover?.status !== 'succeeded' || switchover.finishedAt === undefined) return null;
  const since = Date.parse(switchover.finishedAt);
  if (!Number.isFinite(since)) return null;
  return { since: switchover.finishedAt, until: new Date(since + watchMinutes * 60_000).toISOString(), minutes: watchMinutes };
}

/** Whether the window is still open at `now` (ISO time). */
export function watchIsOpen(window: WatchWindow, now: string): boolean {
  return Date.parse(now) < Date.parse(window.until);
}
