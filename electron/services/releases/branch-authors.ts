/**
 * The engineers a release involves by default: the authors of the branch's commits since it
 * left the main branch, as far as `people` in release-desk.yml names them (by e-mail). The
 * same read gives the branch's first commit time, where the change lead time starts.
 */
import type { PeopleConfig } from '../../../shared/config/workspace-config';
import { runGit } from '../git/run-git';

export interface BranchCommits {
  /** Author e-mails of the branch's own commits, each once. */
  readonly authors: readonly string[];
  /** The oldest committer time among them (ISO 8601 UTC, the journal's format); null with none. */
  readonly firstCommitAt: string | null;
}

/** The branch's own commits (`mainRef..sha`), read with one git process; nothing when git cannot tell. */
export async function branchCommits(repoPath: string, mainRef: string, sha: string): Promise<BranchCommits> {
  const run = await runGit(repoPath, ['log', '--format=%ae%x1f%ct', `${mainRef}..${sha}`, '--']).catch(() => null);
  if (run === null) return { authors: [], firstCommitAt: null };
  const authors = new Set<string>();
  let oldest = Number.POSITIVE_INFINITY;
  for (const line of run.stdout.split('\n')) {
    const [author = '', seconds = ''] = line.split('\x1f');
    if (author.trim() !== '') authors.add(author.trim());
    const time = Number(seconds);
    if (seconds.trim() !== '' && Number.isFinite(time)) oldest = Math.min(oldest, time);
  }
  return { authors: [...authors], firstCommitAt: Number.isFinite(oldest) ? new Date(oldest * 1000).toISOString() : null };
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
