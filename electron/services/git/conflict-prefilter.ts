/**
 * Which branches could conflict with main at all? A three-way merge with a single merge base
 * only has work to do where both sides changed something since that base, so one
 * `git diff-tree --stdin` (both sides' changed paths for every branch, one process) rules out
 * most branches before any `git merge-tree` runs.
 *
 * The overlap rule errs towards "could conflict": a false candidate costs one merge-tree
 * process, a missed conflict would be a wrong verdict. Two change sets may conflict when:
 *  - both sides changed the same path (content, mode, type, add/add, modify/delete, and the
 *    old path of a rename, which shows as a delete);
 *  - a path one side changed is a directory above a path the other side changed
 *    (file/directory conflicts);
 *  - one side deleted a path (a delete, or the old half of a rename) and the other side
 *    changed anything under any directory above it: merge-ort's directory-rename detection
 *    can move the other side's new files into the renamed directory, where they may collide.
 *    The top level is never a renamed directory in merge-ort, so a deleted top-level file
 *    adds nothing here.
 */
import { runGit } from './run-git';

export interface ChangeSet {
  /** Every path changed since the merge base. */
  readonly paths: ReadonlySet<string>;
  /** Every directory above a path that was changed (`a/b/c` gives `a` and `a/b`). */
  readonly directories: ReadonlySet<string>;
  /** Every directory (top level excluded) above a deleted path. */
  readonly deletedUnder: ReadonlySet<string>;
}

export interface DiffPair {
  readonly base: string;
  readonly side: string;
}

function parentDirectories(filePath: string): string[] {
  const dirs: string[] = [];
  for (let slash = filePath.indexOf('/'); slash !== -1; slash = filePath.indexOf('/', slash + 1)) dirs.push(filePath.slice(0, slash));
  return dirs;
}

export function changeSet(entries: readonly { readonly status: string; readonly path: string }[]): ChangeSet {
  const paths = new Set<string>();
  const directories = new Set<string>();
  const deletedUnder = new Set<string>();
  for (const { status, path } of entries) {
    paths.add(path);
    for (const dir of parentDirectories(path)) {
      directories.add(dir);
      if (status === 'D') deletedUnder.add(dir);
    }
  }
  return { paths, directories, deletedUnder };
}

function touchesAny(changes: ChangeSet, wanted: ReadonlySet<string>): boolean {
  for (const dir of wanted) if (changes.directories.has(dir)) return true;
  return false;
}

/** True when merging the two change sets (from one merge base) could conflict; see above. */
export function couldConflict(main: ChangeSet, branch: ChangeSet): boolean {
  const [small, large] = main.paths.size <= branch.paths.size ? [main, branch] : [branch, main];
  for (const path of small.paths) {
    // Same path, or a file on one side where the other side has a directory.
    if (large.paths.has(path) || large.directories.has(path)) return true;
  }
  for (const path of large.paths) if (small.directories.has(path)) return true;
  return touchesAny(branch, main.deletedUnder) || touchesAny(main, branch.deletedUnder);
}

/**
 * Both sides' changes for many (base, side) pairs in one `git diff-tree --stdin` process.
 * A line "<side> <base>" diffs base → side; `--always` prints the header for every line,
 * even an empty diff, so output sections map to input lines one for one.
 */
export async function changedPaths(repoPath: string, pairs: readonly DiffPair[]): Promise<ChangeSet[]> {
  if (pairs.length === 0) return [];
  const input = pairs.map(({ base, side }) => `${side} ${base}\n`).join('');
  const { stdout } = await runGit(repoPath, ['diff-tree', '--stdin', '--always', '-r', '--name-status', '--no-renames', '-z'], { input });
  return parseDiffTree(stdout, pairs).map(changeSet);
}

/**
 * `-z --name-status` output: "<side sha>\0" then "<status>\0<path>\0" per change, for each
 * input line. A status is one letter, a header a full object id, so a token where a status
 * may stand is told apart by its length; a path always follows its status.
 */
export function parseDiffTree(stdout: string, pairs: readonly DiffPair[]): { status: string; path: string }[][] {
  const tokens = stdout.split('\0');
  const sections: { status: string; path: string }[][] = [];
  let current: { status: string; path: string }[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (token === '' && i === tokens.length - 1) break;
    if (token.length > 2) {
      const expected = pairs[sections.length]?.side;
      if (token !== expected) throw new Error(`git diff-tree --stdin: section ${sections.length + 1} is for ${token}, expected ${expected ?? 'no more sections'}`);
      current = [];
      sections.push(current);
      continue;
    }
    const path = tokens[++i];
    if (current === null || path === undefined || path === '') throw new Error(`git diff-tree --stdin: unexpected output near "${token}"`);
    current.push({ status: token, path });
  }
  if (sections.length !== pairs.length) throw new Error(`git diff-tree --stdin: ${sections.length} sections for ${pairs.length} pairs`);
  return sections;
}
