import type { BoardRow, BoardSnapshot } from '../../../shared/readiness/board-schema';

export type BoardFilter = 'all' | 'mine' | 'eligible' | 'blocked';

export const FILTER_LABELS: Readonly<Record<BoardFilter, string>> = {
  all: 'All',
  mine: 'Mine',
  eligible: 'Eligible',
  blocked: 'Blocked',
};

export function filterRows(snapshot: BoardSnapshot, filter: BoardFilter, search: string): readonly BoardRow[] {
  const needle = search.trim().toLowerCase();
  return snapshot.branches.filter((row) => {
    if (needle !== '' && !row.name.toLowerCase().includes(needle) && !row.author.name.toLowerCase().includes(needle)) {
      return false;
    }
    switch (filter) {
      case 'all':
        return true;
      case 'eligible':
        return row.readiness.state === 'eligible';
      case 'blocked':
        return row.readiness.state !== 'eligible';
      case 'mine':
        return isMine(row, snapshot.me);
    }
  });
}

function isMine(row: BoardRow, me: BoardSnapshot['me']): boolean {
  const email = row.author.email.toLowerCase();
  if (me.email !== null && email === me.email.toLowerCase()) return true;
  // GitHub's noreply addresses carry the login: 12345+octocat@users.noreply.github.com
  if (me.login !== null && email.endsWith('@users.noreply.github.com')) {
    return email.split('@')[0]?.split('+').at(-1) === me.login.toLowerCase();
  }
  return false;
}
