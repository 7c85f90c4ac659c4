/**
 * The CLI rollback's "who am I" (`git config user.email`) without a git process on every
 * rollback: one git run costs 20-100 ms on a loaded machine, before the intent can be
 * journaled. The answer is kept with every config file git read to give it (`--show-origin`)
 * and their size and mtime, plus the standard places git would also read; it is reused only
 * while none of those changed, none of the absent ones appeared and git's environment is the
 * same. Anything that makes that unsure (an include, a value from the command line, a quoted
 * path) is simply not kept: git is asked every time.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { runGit } from '../git/run-git';

interface FileStamp {
  readonly file: string;
  /** null: the file did not exist. */
  readonly stamp: string | null;
}

interface CachedIdentity {
  readonly key: string;
  readonly email: string;
  readonly files: readonly FileStamp[];
}

/** What git said, and the config files it read (null when the answer cannot be kept). */
export interface GitIdentityAnswer {
  readonly email: string | null;
  readonly files: readonly string[] | null;
}

export async function cachedGitUserEmail(
  repoPath: string,
  options: { readonly cacheFile: string; readonly env: Readonly<Record<string, string | undefined>>; readonly ask?: (repoPath: string) => Promise<GitIdentityAnswer> },
): Promise<string | null> {
  const repo = path.resolve(repoPath);
  const key = fingerprint(repo, options.env);
  const cached = readCache(options.cacheFile);
  if (cached !== null && cached.key === key && cached.files.every((entry) => stampOf(entry.file) === entry.stamp)) return cached.email;
  const answer = await (options.ask ?? askGit)(repo);
  if (answer.email !== null && answer.files !== null) {
    const watched = [...new Set([...answer.files, ...standardPlaces(repo, options.env)])];
    writeCache(options.cacheFile, { key, email: answer.email, files: watched.map((file) => ({ file, stamp: stampOf(file) })) });
  }
  return answer.email;
}

/** `git config --show-origin --list -z`: every value with the file it came from. */
export async function askGit(repo: string): Promise<GitIdentityAnswer> {
  const run = await runGit(repo, ['config', '--show-origin', '--list', '-z'], { okExitCodes: [0, 1] }).catch(() => null);
  if (run === null) return { email: null, files: null };
  const fields = run.stdout.split('\0');
  const files = new Set<string>();
  let email: string | null = null;
  let keepable = true;
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const origin = fields[index] ?? '';
    const entry = fields[index + 1] ?? '';
    const newline = entry.indexOf('\n');
    const name = (newline === -1 ? entry : entry.slice(0, newline)).toLowerCase();
    if (!origin.startsWith('file:') || origin.startsWith('file:"')) keepable = false;
    else files.add(path.resolve(repo, origin.slice('file:'.length)));
    if (name.startsWith('include.') || name.startsWith('includeif.')) keepable = false;
    if (name === 'user.email') email = newline === -1 ? null : entry.slice(newline + 1).trim() || null;
  }
  return { email, files: keepable ? [...files] : null };
}

/** Where git reads config from when the files exist (a file created there later must be noticed). */
function standardPlaces(repo: string, env: Readonly<Record<string, string | undefined>>): string[] {
  const home = env.HOME ?? homedir();
  const xdg = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return [path.join(home, '.gitconfig'), path.join(xdg, 'git', 'config'), '/etc/gitconfig', path.join(repo, '.git', 'config'), path.join(repo, '.git', 'config.worktree')];
}

/** The repository and every environment variable that changes what git config answers. */
function fingerprint(repo: string, env: Readonly<Record<string, string | undefined>>): string {
  const relevant = Object.keys(env)
    .filter((name) => name.startsWith('GIT_') || name === 'HOME' || name === 'XDG_CONFIG_HOME' || name === 'PREFIX')
    .sort()
    .map((name) => `${name}=${env[name] ?? ''}`);
  return JSON.stringify([repo, ...relevant]);
}

function stampOf(file: string): string | null {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats === undefined ? null : `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
}

function readCache(file: string): CachedIdentity | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CachedIdentity>;
    if (typeof parsed.key !== 'string' || typeof parsed.email !== 'string' || !Array.isArray(parsed.files)) return null;
    const files = parsed.files.filter((entry): entry is FileStamp => typeof entry?.file === 'string' && (typeof entry.stamp === 'string' || entry.stamp === null));
    return files.length === parsed.files.length ? { key: parsed.key, email: parsed.email, files } : null;
  } catch {
    return null;
  }
}

function writeCache(file: string, identity: CachedIdentity): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(identity), { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    // Not kept: git is asked next time.
  }
}
