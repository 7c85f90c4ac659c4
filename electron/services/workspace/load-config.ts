/**
 * Reads `<folder>/release-desk.yml` and says whether it is a usable configuration: either
 * the configuration (name filled in, repository path made absolute) or every problem, each
 * with its line.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateWorkspaceConfig, sortProblems } from '../../../shared/config/config-issues';
import { CONFIG_FILE_NAME, type ConfigProblem } from '../../../shared/config/config-problem';
import type { ParsedWorkspaceConfig, WorkspaceConfig } from '../../../shared/config/workspace-config';
import { readYamlSource } from './yaml-source';

export type ConfigLoad =
  | { readonly kind: 'valid'; readonly file: string; readonly config: WorkspaceConfig }
  | { readonly kind: 'invalid'; readonly file: string; readonly problems: readonly ConfigProblem[] }
  /** The file could not be read at all (absent, a folder, no permission). */
  | { readonly kind: 'unreadable'; readonly file: string; readonly reason: string };

export function configFileOf(folder: string): string {
  return path.join(path.resolve(folder), CONFIG_FILE_NAME);
}

export async function loadWorkspaceConfig(folder: string): Promise<ConfigLoad> {
  const file = configFileOf(folder);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { kind: 'unreadable', file, reason: unreadableReason(error) };
  }
  return parseWorkspaceConfig(text, path.dirname(file));
}

/** The same, from the file's text; `folder` is where relative paths start. */
export function parseWorkspaceConfig(text: string, folder: string): ConfigLoad {
  const file = path.join(folder, CONFIG_FILE_NAME);
  if (text.trim() === '' || /^(?:\s*#.*\n?|\s*\n)*\s*$/.test(text)) {
    return { kind: 'invalid', file, problems: [EMPTY_FILE] };
  }
  const source = readYamlSource(text);
  if (source.syntaxProblems.length > 0) return { kind: 'invalid', file, problems: source.syntaxProblems };
  const validation = validateWorkspaceConfig(source.data, source.lineOf);
  const problems = [...source.duplicateKeyProblems, ...(validation.ok ? [] : validation.problems)];
  if (!validation.ok || problems.length > 0) return { kind: 'invalid', file, problems: sortProblems(problems) };
  return { kind: 'valid', file, config: resolveConfig(validation.config, folder) };
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
