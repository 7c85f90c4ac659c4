/**
 * The engineers a release involves by default: the authors of the branch's commits since it
 * left the main branch, as far as `people` in release-desk.yml names them (by e-mail).
 */
import type { PeopleConfig } from '../../../shared/config/workspace-config';
import { runGit } from '../git/run-git';

export async function branchAuthorEmails(repoPath: string, mainRef: string, sha: string): Promise<readonly string[]> {
  const run = await runGit(repoPath, ['log', '--format=%ae', `${mainRef}..${sha}`, '--']).catch(() => null);
  if (run === null) return [];
  return [...new Set(run.stdout.split('\n').map((line) => line.trim()).filter((line) => line !== ''))];
}

/** Everyone `people` lists, in a stable order. */
export function listedPeople(people: PeopleConfig): readonly string[] {
  return [...new Set([...people.coordinators, ...people.onCall, ...people.signOff])];
}

export function defaultEngineers(authors: readonly string[], people: PeopleConfig, coordinator: string): readonly string[] {
  const listed = listedPeople(people);
  const involved = listed.filter((person) => authors.some((author) => author.toLowerCase() === person.toLowerCase()));
  return [...new Set([...involved, coordinator])];
}
