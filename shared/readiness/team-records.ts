/**
 * Merging what this machine recorded with what teammates published on the head (Release
 * Desk's commit statuses): the coordinator's board must show an engineer's sign-off made on
 * another machine, and an engineer's own newer run must not be hidden by an older one.
 */
import type { SignOffFacts } from './branch-facts';

/**
 * The record that speaks for the head: one on the head beats one on an older commit, and of
 * two on the head the later wins. With neither on the head, this machine's (older) record
 * stays, so the board can say what is outdated.
 */
export function recordForHead<T extends { readonly sha: string; readonly at: string }>(mine: T | null, team: T | null, headSha: string): T | null {
  if (team === null || team.sha !== headSha) return mine;
  if (mine === null || mine.sha !== headSha) return team;
  return Date.parse(team.at) > Date.parse(mine.at) ? team : mine;
}

/**
 * A published sign-off counts only if its publisher may sign off (people.signOff, matched
 * case-insensitively like GitHub logins; an empty list lets anyone, as for local sign-offs).
 */
export function allowedSignOff(signOff: SignOffFacts | null, signers: readonly string[]): SignOffFacts | null {
  if (signOff === null || signers.length === 0) return signOff;
  const by = signOff.by.toLowerCase();
  return signers.some((signer) => signer.toLowerCase() === by) ? signOff : null;
}
