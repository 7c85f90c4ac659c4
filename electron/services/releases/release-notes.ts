/**
 * The commits a release brought to production (PREVIOUS_SHA..RELEASE_SHA), with their pull
 * request titles when GitHub is connected.
 */
import { runGit } from '../git/run-git';

export interface NoteCommit {
  readonly sha: string;
  readonly subject: string;
  readonly author: string;
  readonly pullRequest?: { readonly number: number; readonly title: string };
}

const MAX_COMMITS = 1000;

/** From `from` (exclusive; null = since the main branch) to `to`, oldest first. */
export async function releaseCommits(repoPath: string, from: string | null, mainRef: string, to: string): Promise<readonly NoteCommit[]> {
  const range = async (start: string) => {
    const run = await runGit(repoPath, ['log', '--reverse', `--max-count=${MAX_COMMITS}`, '--format=%H%x1f%s%x1f%ae', `${start}..${to}`, '--']);
    return run.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [sha = '', subject = '', author = ''] = line.split('\x1f');
        return { sha, subject: subject.slice(0, 1000), author: author.slice(0, 200) };
      });
  };
  if (from !== null) {
    const commits = await range(from).catch(() => null);
    if (commits !== null) return commits;
  }
  return range(mainRef).catch(() => []);
}
