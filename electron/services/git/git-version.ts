/**
 * The installed git's version, asked once per process: features such as
 * `merge-tree --stdin` (2.42) decide between one process and one per question.
 */
import { runGit } from './run-git';

export interface GitVersion {
  readonly major: number;
  readonly minor: number;
}

let cached: Promise<GitVersion | null> | undefined;

/** "git version 2.39.5" (or "2.42.0.windows.1") → {2, 39}; null when unreadable. */
export function parseGitVersion(text: string): GitVersion | null {
  const match = /git version (\d+)\.(\d+)/.exec(text);
  return match === null ? null : { major: Number(match[1]), minor: Number(match[2]) };
}

export function gitVersion(repoPath: string): Promise<GitVersion | null> {
  cached ??= runGit(repoPath, ['version']).then(
    ({ stdout }) => parseGitVersion(stdout),
    () => null,
  );
  return cached;
}

export function atLeast(version: GitVersion | null, major: number, minor: number): boolean {
  return version !== null && (version.major > major || (version.major === major && version.minor >= minor));
}
