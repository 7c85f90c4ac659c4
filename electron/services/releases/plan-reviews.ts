/**
 * At plan time, each reviewer's standing decision on the branch's pull request joins the
 * readiness snapshot frozen into the `planned` event (the evidence report's "reviewers and
 * their decisions"). One request, bounded: GitHub slow, down or refusing never delays or
 * stops a plan — the reviews are then simply not recorded.
 */
import type { ReadinessSnapshot } from '../../../shared/releases/readiness-snapshot';
import { within } from './bounded';
import type { PullRequestRef, ReleaseGitHub } from './release-github';

const MAX_REVIEWS = 50;
const cut = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text);

export async function withReviews(
  snapshot: ReadinessSnapshot | undefined,
  github: ReleaseGitHub | null,
  pullRequest: PullRequestRef | null,
  waitMs: number,
): Promise<ReadinessSnapshot | undefined> {
  if (snapshot === undefined || github?.reviewsOf === undefined || pullRequest === null) return snapshot;
  const reviews = await within(
    github.reviewsOf(pullRequest.number).catch(() => null),
    waitMs,
    null,
  );
  if (reviews === null) return snapshot;
  return { ...snapshot, reviews: reviews.slice(0, MAX_REVIEWS).map((review) => ({ reviewer: cut(review.reviewer, 200), state: cut(review.state, 40), at: review.at === null ? null : cut(review.at, 40) })) };
}
