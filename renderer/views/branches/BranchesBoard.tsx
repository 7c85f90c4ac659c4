import { useEffect, useRef, useState } from 'react';
import type { BoardSnapshot, SourceStatus } from '../../../shared/readiness/board-schema';
import type { DeskFailure } from '../../../shared/ipc/result';
import { openLink } from '../../open-link';
import { BlockerBadges, StateBadge } from './BlockerBadges';
import { FlakyBadges } from './FlakyBadges';
import { BranchDetail } from './BranchDetail';
import { FILTER_LABELS, filterRows, type BoardFilter } from './board-filter';
import { BranchNameText, InvisibleWarnings } from './BranchName';
import { displayName, shown } from './display-name';
import { ageOf } from './format';
import { emptyMineReason, identityLine } from './identity';
import { useLocalTestRuns } from './use-local-test-runs';
import { useConnection } from '../../use-connection';

type BoardState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly snapshot: BoardSnapshot }
  | { readonly phase: 'failed'; readonly error: DeskFailure };

function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The Branches board: every branch, its verdict and blockers, at a glance. */
export function BranchesBoard() {
  const [board, setBoard] = useState<BoardState>({ phase: 'loading' });
  const [filter, setFilter] = useState<BoardFilter>('all');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const now = useNow(10_000);
  const localTestRuns = useLocalTestRuns();
  const branchButtons = useRef(new Map<string, HTMLButtonElement>());
  const connection = useConnection();

  // Closing the detail (its button, or Escape wherever focus is) puts focus back on its branch.
  const close = () => {
    if (selected === null) return;
    setSelected(null);
    branchButtons.current.get(selected)?.focus();
  };
  useEffect(() => {
    if (selected === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      setSelected(null);
      branchButtons.current.get(selected)?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selected]);

  useEffect(() => {
    let current = true;
    void window.desk.readiness.board().then((result) => {
      if (!current) return;
      setBoard(result.ok ? { phase: 'ready', snapshot: result.value } : { phase: 'failed', error: result.error });
    });
    const unsubscribe = window.desk.on('readiness.changed', (snapshot) => setBoard({ phase: 'ready', snapshot }));
    return () => {
      current = false;
      unsubscribe();
    };
  }, []);

  const refresh = async () => {
    setRefreshing(true);
    const result = await window.desk.readiness.refresh();
    setRefreshing(false);
    setBoard(result.ok ? { phase: 'ready', snapshot: result.value } : { phase: 'failed', error: result.error });
  };

  if (board.phase === 'loading') return <p role="status">Reading branches…</p>;
  if (board.phase === 'failed') {
    return (
      <div role="alert">
        <p>Release Desk could not read the branches: {board.error.message}</p>
        <button type="button" onClick={() => void refresh()}>
          Try again
        </button>
      </div>
    );
  }
  const { snapshot } = board;
  const rows = filterRows(snapshot, filter, search);
  const reading = { ci: snapshot.sources.ci.state === 'reading', records: snapshot.sources.records?.state === 'reading' };
  const detail = selected === null ? undefined : snapshot.branches.find((row) => row.name === selected);

  return (
    <div className={detail === undefined ? 'board' : 'board with-detail'}>
      <div className="board-main" id="board" tabIndex={-1} aria-label="Branches board">
        {!connection.connected && (
          <p role="alert" className="disconnected">
            Disconnected — data from {clockTime(snapshot.refreshedAt)}. Release Desk's main process cannot be reached: what is shown will not change
            until it is back.
          </p>
        )}
        <div className="toolbar">
          <div role="radiogroup" aria-label="Show branches" className="filters">
            {(Object.keys(FILTER_LABELS) as BoardFilter[]).map((key) => (
              <label key={key}>
                <input type="radio" name="board-filter" checked={filter === key} onChange={() => setFilter(key)} />
                {FILTER_LABELS[key]}
              </label>
            ))}
          </div>
          <input
            type="search"
            aria-label="Search branches"
            placeholder="Search branches or authors"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <button type="button" onClick={() => void refresh()} disabled={refreshing}>
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
        <Freshness snapshot={snapshot} now={now} />
        {snapshot.branches.length === 0 ? (
          <p>No branches besides {snapshot.mainBranch}: push a feature branch and it appears here.</p>
        ) : (
          <table className="branches" aria-label="Branches">
            <thead>
              <tr>
                <th scope="col" className="col-branch">Branch</th>
                <th scope="col" className="col-state">State</th>
                <th scope="col" className="col-blockers">Blockers</th>
                <th scope="col" className="col-ahead">Ahead / behind</th>
                <th scope="col" className="col-age">Last commit</th>
                <th scope="col" className="col-author">Author</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const name = displayName(row.name);
                return (
                  <tr key={row.name} aria-selected={row.name === selected}>
                    <th scope="row" className="col-branch">
                      <button
                        type="button"
                        className="link branch-link"
                        // Its parts are inline blocks, which would put spaces into the computed name.
                        aria-label={name.full}
                        ref={(element) => {
                          if (element === null) branchButtons.current.delete(row.name);
                          else branchButtons.current.set(row.name, element);
                        }}
                        onClick={() => setSelected(row.name)}
                      >
                        <BranchNameText name={row.name} />
                      </button>
                      {row.pullRequest !== null && (
                        <button
                          type="button"
                          className="link pr"
                          aria-label={`Open pull request #${row.pullRequest.number} of ${name.full}`}
                          onClick={() => openLink(row.pullRequest?.url ?? '')}
                        >
                          #{row.pullRequest.number}
                        </button>
                      )}
                      <InvisibleWarnings branch={row.name} author={row.author.name} {...(row.pullRequest === null ? {} : { title: row.pullRequest.title })} />
                    </th>
                    <td className="col-state">
                      <StateBadge row={row} reading={reading} />
                    </td>
                    <td className="col-blockers">
                      <BlockerBadges row={row} reading={reading} />
                      <FlakyBadges row={row} />
                    </td>
                    <td className="col-ahead">
                      +{row.ahead} / −{row.behind}
                    </td>
                    <td className="col-age">{ageOf(row.lastCommitAt, now)}</td>
                    <td className="col-author">{shown(row.author.name)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {snapshot.branches.length > 0 && rows.length === 0 && (
          <p role="status">{filter === 'mine' && search.trim() === '' ? emptyMineReason(snapshot.me) : 'No branch matches this filter.'}</p>
        )}
      </div>
      {detail !== undefined && (
        <BranchDetail
          row={detail}
          ciProvider={snapshot.ciProvider}
          checklist={snapshot.checklist}
          me={snapshot.me}
          now={now}
          localTestRuns={localTestRuns}
          onClose={close}
        />
      )}
    </div>
  );
}

function Freshness(props: { readonly snapshot: BoardSnapshot; readonly now: Date }) {
  const { snapshot, now } = props;
  const stale = (Object.entries(snapshot.sources) as Array<[string, SourceStatus]>).filter(
    ([, status]) => status.state === 'stale',
  );
  return (
    <div className="freshness">
      <p>
        Updated {ageOf(snapshot.refreshedAt, now)} · main branch {snapshot.mainBranch}
      </p>
      <p aria-label="Who you are">{identityLine(snapshot.me)}</p>
      {stale.map(([source, status]) =>
        status.state === 'stale' ? (
          <p key={source} role="alert" className="stale">
            {source === 'git' ? 'Git' : 'CI'} data is stale: {status.reason}.
            {status.lastGoodAt !== null && ` Showing data from ${ageOf(status.lastGoodAt, now)}.`}
            {status.retryAt !== null && ` Next try ${new Date(status.retryAt).toLocaleTimeString()}.`}
          </p>
        ) : null,
      )}
      {snapshot.sources.ci.state === 'not-configured' && <p>CI: {snapshot.sources.ci.reason}.</p>}
    </div>
  );
}

/** "14:02": the time of day data was read, in the user's own clock. */
function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
