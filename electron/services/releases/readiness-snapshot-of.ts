/**
 * Freezes what the Branches board knows of one branch into the `planned` event's readiness
 * snapshot (shared/releases/readiness-snapshot.ts), cut to the schema's bounds so a long
 * check name can never make the plan's append fail.
 */
import type { BoardRow, BoardSnapshot } from '../../../shared/readiness/board-schema';
import type { ReadinessSnapshot } from '../../../shared/releases/readiness-snapshot';

const cut = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text);

export function readinessSnapshotOf(board: BoardSnapshot, row: BoardRow): ReadinessSnapshot {
  const source = board.sources.ci;
  const known = source.state === 'fresh' || source.state === 'stale';
  const unavailable =
    source.state === 'stale'
      ? `CI was stale when planned (${source.reason}); last good data${source.lastGoodAt === null ? '' : ` from ${source.lastGoodAt}`}`
      : source.state === 'not-configured'
        ? source.reason
        : source.state === 'reading'
          ? 'CI was still being read when the release was planned'
          : undefined;
  return {
    reviewDecision: row.pullRequest?.reviewDecision ?? null,
    ci: known
      ? {
          provider: board.ciProvider,
          sha: row.headSha,
          checks: row.checks.slice(0, 100).map((check) => ({ name: cut(check.name, 300), state: check.state, url: check.url === null ? null : cut(check.url, 2048) })),
        }
      : null,
    ...(unavailable === undefined ? {} : { ciUnavailable: cut(unavailable, 500) }),
    localTests:
      row.localTests === null
        ? null
        : {
            sha: cut(row.localTests.sha, 64),
            outcome: row.localTests.outcome,
            at: cut(row.localTests.at, 40),
            ...(row.localTests.durationMs === undefined ? {} : { durationMs: Math.max(0, row.localTests.durationMs) }),
            ...(row.localTests.by === undefined ? {} : { by: cut(row.localTests.by, 200) }),
          },
    signOff:
      row.signOff === null
        ? null
        : { sha: cut(row.signOff.sha, 64), by: cut(row.signOff.by, 200), at: cut(row.signOff.at, 40), items: row.signOff.items.slice(0, 100).map((item) => cut(item, 500)) },
    summary: cut(row.summary, 1000),
  };
}
