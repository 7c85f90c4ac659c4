/** A branch's readiness verdict, as the release plan needs it, from a Branches board. */
import type { BoardSnapshot } from '../../../shared/readiness/board-schema';
import type { BranchEligibility } from './release-service';
import { readinessSnapshotOf } from './readiness-snapshot-of';

export function eligibilityOn(board: BoardSnapshot, branch: string): BranchEligibility | null {
  const row = board.branches.find((candidate) => candidate.name === branch);
  if (row === undefined) return null;
  return {
    headSha: row.headSha,
    eligible: row.readiness.state === 'eligible' && row.readiness.sha === row.headSha,
    summary: row.summary,
    pullRequest: row.pullRequest === null ? null : { number: row.pullRequest.number, url: row.pullRequest.url, title: row.pullRequest.title },
    snapshot: readinessSnapshotOf(board, row),
  };
}
