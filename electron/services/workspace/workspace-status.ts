/**
 * Finds the workspace the user asked for and says what state it is in. A workspace is a
 * folder holding `release-desk.yml` (the team's release configuration).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAME, formatConfigProblems } from '../../../shared/config/config-problem';
import type { WorkspaceStatus } from '../../../shared/domain/app';
import { loadWorkspaceConfig } from './load-config';

export const WORKSPACE_FILE = CONFIG_FILE_NAME;

export const NO_WORKSPACE_HINT =
  'Start the demo with `release-desk demo`, or pass --workspace PATH (a folder with release-desk.yml).';

/**
 * The state of the workspace as the file says now, with no memory of earlier reads (the CLI).
 * The app uses a WorkspaceSession, which also keeps the last valid configuration.
 */
export async function readWorkspaceStatus(workspacePath: string | null): Promise<WorkspaceStatus> {
  if (workspacePath === null) return { kind: 'none', hint: NO_WORKSPACE_HINT };
  const folder = path.resolve(workspacePath);
  const problemInFolder = await folderProblem(folder);
  if (problemInFolder !== null) return { kind: 'invalid', path: folder, problems: [problemInFolder] };
  const load = await loadWorkspaceConfig(folder);
  switch (load.kind) {
    case 'valid':
      return { kind: 'ready', path: folder, name: load.config.name };
    case 'invalid':
      return { kind: 'invalid', path: folder, problems: formatConfigProblems(load.problems, load.moreProblems) };
    case 'unreadable':
      return { kind: 'invalid', path: folder, problems: [`${load.file}: ${load.reason}`] };
  }
}

/** Why `folder` cannot be a workspace folder at all, or null when it can. */
export async function folderProblem(folder: string): Promise<string | null> {
  const folderStat = await stat(folder).catch(() => null);
  if (folderStat === null) return `${folder}: no such folder`;
  if (!folderStat.isDirectory()) return `${folder}: not a folder`;
  return null;
}
