/** Short, human descriptions of times and SHAs for the board. */
export { shortSha } from '../../../shared/text/short-sha';

export function ageOf(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** Where a local result went: to GitHub as a commit status, or only this machine's records. */
export function describePublication(
  publication: { readonly kind: 'published'; readonly context: string } | { readonly kind: 'kept-local'; readonly reason: string },
): string {
  return publication.kind === 'published'
    ? `Published to GitHub as ${publication.context}.`
    : `Recorded on this machine only (${publication.reason}).`;
}

/**
 * The readiness summary as a sentence beside its state badge: the badge already says
 * "Eligible", so an eligible branch's summary says what that means rather than repeating
 * it, and every other summary starts with a capital like any sentence.
 */
export function summarySentence(readiness: { readonly state: string }, summary: string): string {
  if (readiness.state === 'eligible') return 'Every condition for release is met.';
  return summary.charAt(0).toUpperCase() + summary.slice(1);
}
