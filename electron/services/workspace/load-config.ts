/**
 * Reads `<folder>/release-desk.yml` and says whether it is a usable configuration: either
 * the configuration (name filled in, repository path made absolute) or every problem, each
 * with its line.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { validateWorkspaceConfig, sortProblems } from '../../../shared/config/config-issues';
import { CONFIG_FILE_NAME, type ConfigProblem } from '../../../shared/config/config-problem';
import type { ParsedWorkspaceConfig, WorkspaceConfig } from '../../../shared/config/workspace-config';
import { decodeConfigBytes, MAX_CONFIG_BYTES, tooLargeReason } from './config-bytes';
import { readYamlSource } from './yaml-source';

/**
 * At most this many problems are kept; the rest are counted (`moreProblems`). A file of
 * 200,000 unknown keys is fixed by reading the first few lines, not by printing 200,000.
 */
export const MAX_REPORTED_PROBLEMS = 50;

export type ConfigLoad =
  | { readonly kind: 'valid'; readonly file: string; readonly config: WorkspaceConfig }
  | {
      readonly kind: 'invalid';
      readonly file: string;
      /** The first MAX_REPORTED_PROBLEMS problems, in line order. */
      readonly problems: readonly ConfigProblem[];
      /** How many problems there are beyond those (absent when none). */
      readonly moreProblems?: number;
    }
  /** The file could not be read at all (absent, a folder, no permission). */
  | { readonly kind: 'unreadable'; readonly file: string; readonly reason: string };

export function configFileOf(folder: string): string {
  return path.join(path.resolve(folder), CONFIG_FILE_NAME);
}

export async function loadWorkspaceConfig(folder: string): Promise<ConfigLoad> {
  const file = configFileOf(folder);
  let bytes: Buffer;
  try {
    // Sized before reading, so a huge file costs one stat, not a read and a parse.
    const info = await stat(file);
    if (info.isFile() && info.size > MAX_CONFIG_BYTES) return { kind: 'unreadable', file, reason: tooLargeReason(info.size) };
    bytes = await readFile(file);
  } catch (error) {
    return { kind: 'unreadable', file, reason: unreadableReason(error) };
  }
  // The file may have grown between the stat and the read.
  if (bytes.length > MAX_CONFIG_BYTES) return { kind: 'unreadable', file, reason: tooLargeReason(bytes.length) };
  const decoded = decodeConfigBytes(bytes);
  if (!decoded.ok) return { kind: 'invalid', file, problems: [decoded.problem] };
  return parseWorkspaceConfig(decoded.text, path.dirname(file));
}

/** The same, from the file's text; `folder` is where relative paths start. */
export function parseWorkspaceConfig(text: string, folder: string): ConfigLoad {
  const file = path.join(folder, CONFIG_FILE_NAME);
  if (text.trim() === '' || /^(?:\s*#.*\n?|\s*\n)*\s*$/.test(text)) {
    return { kind: 'invalid', file, problems: [EMPTY_FILE] };
  }
  const source = readYamlSource(text);
  if (source.syntaxProblems.length > 0) return invalidLoad(file, source.syntaxProblems);
  const validation = validateWorkspaceConfig(source.data, source.lineOf);
  const problems = [...source.duplicateKeyProblems, ...(validation.ok ? [] : validation.problems)];
  if (!validation.ok || problems.length > 0) return invalidLoad(file, sortProblems(problems));
  return { kind: 'valid', file, config: resolveConfig(validation.config, folder) };
}

function invalidLoad(file: string, problems: readonly ConfigProblem[]): ConfigLoad {
  if (problems.length <= MAX_REPORTED_PROBLEMS) return { kind: 'invalid', file, problems };
  return { kind: 'invalid', file, problems: problems.slice(0, MAX_REPORTED_PROBLEMS), moreProblems: problems.length - MAX_REPORTED_PROBLEMS };
}

const EMPTY_FILE: ConfigProblem = {
  line: 1,
  path: '(top level)',
  message: 'the file is empty; start from the example in docs/configuration.md',
};

function resolveConfig(parsed: ParsedWorkspaceConfig, folder: string): WorkspaceConfig {
  return {
    ...parsed,
    name: parsed.name ?? path.basename(folder),
    repository: { ...parsed.repository, path: path.resolve(folder, parsed.repository.path) },
  };
}

function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'not found';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied)';
    default:
      return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}
