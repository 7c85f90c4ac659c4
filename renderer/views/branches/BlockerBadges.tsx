import type { BoardRow } from '../../../shared/readiness/board-schema';
import { shown } from './display-name';

const SHORT: Readonly<Record<string, string>> = {
  'ci-failed': 'CI failed',
  'ci-pending': 'CI running',
  'ci-cancelled': 'CI cancelled',
  'ci-missing': 'CI missing',
  'local-tests-missing': 'Local tests not run',
  'local-tests-failed': 'Local tests failed',
  'local-tests-stale': 'Local tests outdated',
  'sign-off-missing': 'No sign-off',
  'sign-off-stale': 'Sign-off outdated',
  conflicts: 'Conflicts',
  behind: 'Behind master',
  flaky: 'Flaky',
};

/** What the first, early board has not read yet (CI, the local test runs and sign-offs). */
export interface StillReading {
  readonly ci: boolean;
  readonly records: boolean;
}

export const NOTHING_READING: StillReading = { ci: false, records: false };

/** One short badge per blocker; the full reason is its accessible description. */
export function BlockerBadges(props: { readonly row: BoardRow; readonly reading?: StillReading }) {
  const { readiness } = props.row;
  const reading = props.reading ?? NOTHING_READING;
  if (readiness.state === 'eligible') return null;
  const blockers = readiness.state === 'blocked' ? readiness.blockers : [];
  return (
    <ul className="badges" aria-label={`Blockers of ${shown(props.row.name)}`}>
      {reading.ci && <li className="badge badge-reading">CI: reading…</li>}
      {reading.records && <li className="badge badge-reading">Local tests and sign-off: reading…</li>}
      {/* A flaky result has its own badge with its history (FlakyBadges). */}
      {blockers.filter((blocker) => blocker.kind !== 'flaky').map((blocker, index) => (
        <li key={`${blocker.kind}-${index}`} className={`badge badge-${blocker.kind}`} title={blocker.reason}>
          {blocker.kind === 'behind' ? `Behind by ${blocker.behind}` : SHORT[blocker.kind]}
          {'check' in blocker && blocker.check !== null ? `: ${blocker.check}` : ''}
        </li>
      ))}
      {readiness.unknowns.filter((unknown) => !(reading.ci && unknown.fact === 'ci')).map((unknown) => (
        <li key={`unknown-${unknown.fact}`} className="badge badge-unknown" title={unknown.reason}>
          {unknown.fact === 'ci' ? 'CI unknown' : 'Conflicts unknown'}
        </li>
      ))}
    </ul>
  );
}

export function StateBadge(props: { readonly row: BoardRow; readonly reading?: StillReading }) {
  const state = props.row.readiness.state;
  const stillReading = props.reading !== undefined && (props.reading.ci || props.reading.records);
  const label = state === 'eligible' ? 'Eligible' : state === 'blocked' ? 'Blocked' : stillReading ? 'Reading…' : 'Unknown';
  return <span className={`state state-${state}`}>{label}</span>;
}
