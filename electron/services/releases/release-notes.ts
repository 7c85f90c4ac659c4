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
  /** Committer time, ISO 8601 UTC with milliseconds (the journal's own format). */
  readonly committedAt?: string;
}

const MAX_COMMITS = 1000;

/** From `from` (exclusive; null = since the main branch) to `to`, oldest first. */
export async function releaseCommits(repoPath: string, from: string | null, mainRef: string, to: string): Promise<readonly NoteCommit[]> {
  const range = async (start: string) => {
    const run = await runGit(repoPath, ['log', '--reverse', `--max-count=${MAX_COMMITS}`, '--format=%H%x1f%ct%x1f%ae%x1f%s', `${start}..${to}`, '--']);
    return run.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        // The subject goes last: it is the only field that could hold the separator.
        const [sha = '', seconds = '', author = '', ...subject] = line.split('\x1f');
        const committedAt = committedAtOf(seconds);
        return { sha, subject: subject.join('\x1f').slice(0, 1000), author: author.slice(0, 200), ...(committedAt === null ? {} : { committedAt }) };
      });
  };
  if (from !== null) {
    const commits = await range(from).catch(() => null);
    if (commits !== null) return commits;
  }
  return range(mainRef).catch(() => []);
}

/** git's %ct (seconds since the epoch) as the journal writes times; null when git gave none. */
function committedAtOf(seconds: string): string | null {
  const value = Number(seconds);
  return seconds.trim() === '' || !Number.isFinite(value) ? null : new Date(value * 1000).toISOString();
}
