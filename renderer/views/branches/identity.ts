import type { BoardSnapshot } from '../../../shared/readiness/board-schema';

type Me = BoardSnapshot['me'];

/** Who you are to Release Desk (and who signs off), e.g. "carol@welkin.example"; null when unknown. */
export function whoYouAre(me: Me): string | null {
  if (me.login !== null) return `@${me.login}`;
  return me.email;
}

/** How that was decided, in words. */
export function howDecided(me: Me): string {
  if (me.login !== null) return 'the connected GitHub account';
  if (me.email !== null) return "this clone's git config user.email";
  return 'nobody: connect GitHub in Settings, or set git config user.email in the repository';
}

/** The line the board and the sign-off form show. */
export function identityLine(me: Me): string {
  const who = whoYouAre(me);
  if (who === null) return `Release Desk does not know who you are: connect GitHub in Settings, or set git config user.email in the repository.`;
  return `You are ${who} (${howDecided(me)}).`;
}

/** Why the Mine filter shows nothing. */
export function emptyMineReason(me: Me): string {
  if (me.login === null && me.email === null) {
    return 'Mine is empty because Release Desk does not know who you are: connect GitHub in Settings, or set git config user.email in the repository.';
  }
  const as = [me.email === null ? null : me.email, me.login === null ? null : `GitHub's no-reply address of @${me.login}`].filter((id) => id !== null);
  return `Mine is empty: no branch's last commit was authored as ${as.join(' or ')}.`;
}
