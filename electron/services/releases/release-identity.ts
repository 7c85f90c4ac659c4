/**
 * Who "I" am for the release rules: the connected GitHub login, otherwise the workspace
 * clone's `git config user.email`. Nothing else (no environment variable) can name the
 * actor: that would let anyone be anyone in the journal.
 */
import type { PeopleConfig } from '../../../shared/config/workspace-config';
import type { Viewer } from '../../../shared/releases/release-ipc';
import { runGit } from '../git/run-git';

export type ReleaseIdentity = Pick<Viewer, 'id' | 'source'>;

export async function resolveIdentity(githubLogin: () => Promise<string | null>, repoPath: string): Promise<ReleaseIdentity> {
  const login = await githubLogin().catch(() => null);
  if (login !== null && login !== '') return { id: login, source: 'github' };
  const email = await gitUserEmail(repoPath);
  return email === null ? { id: null, source: 'unknown' } : { id: email, source: 'git-config' };
}

export async function gitUserEmail(repoPath: string): Promise<string | null> {
  return runGit(repoPath, ['config', 'user.email'], { okExitCodes: [0, 1] })
    .then((run) => run.stdout.trim() || null)
    .catch(() => null);
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function viewerOf(identity: ReleaseIdentity, people: PeopleConfig): Viewer {
  const id = identity.id;
  const roles: Viewer['roles'] = [];
  if (id !== null) {
    if (people.coordinators.some((person) => same(person, id))) roles.push('coordinator');
    if (people.onCall.some((person) => same(person, id))) roles.push('on-call');
    if (people.signOff.some((person) => same(person, id))) roles.push('sign-off');
  }
  return { ...identity, roles };
}
