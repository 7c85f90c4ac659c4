import type { BoardRow } from '../../../shared/readiness/board-schema';
import { flakyReason } from '../../../shared/readiness/run-history';
import { shown } from './display-name';

/**
 * "Passing reliably": one badge per check (or the local tests) that both passed and failed
 * on the head, with its history. Shown whether or not it blocks (readiness.flaky), because a
 * pass that needed a re-run is worth knowing about either way.
 */
export function FlakyBadges(props: { readonly row: BoardRow }) {
  const flaky = props.row.flaky ?? [];
  if (flaky.length === 0) return null;
  const readiness = props.row.readiness;
  const blocks = readiness.state === 'blocked' && readiness.blockers.some((blocker) => blocker.kind === 'flaky');
  return (
    <ul className="badges" aria-label={`Flaky results of ${shown(props.row.name)}`}>
      {flaky.map((result) => (
        <li key={`${result.source}-${result.name}`} className={`badge badge-flaky${blocks ? ' badge-flaky-blocking' : ''}`} title={shown(flakyReason(result))}>
          Flaky{result.source === 'check' ? `: ${shown(result.name)}` : ': local tests'} · {result.history}
        </li>
      ))}
    </ul>
  );
}
