/**
 * Finds the workspace the user asked for and says what state it is in. A workspace is a
 * folder holding `release-desk.yml` (the team's release configuration).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { WorkspaceStatus } from '../../../shared/domain/app';

export const WORKSPACE_FILE = 'release-desk.yml';

export const NO_WORKSPACE_HINT =
  'Start the demo with `release-desk demo`, or pass --workspace PATH (a folder with release-desk.yml).';

export async function readWorkspaceStatus(workspacePath: string | null): Promise<WorkspaceStatus> {
  if (workspacePath === null) return { kind: 'none', hint: NO_WORKSPACE_HINT };
  const folder = path.resolve(workspacePath);
  const folderStat = await stat(folder).catch(() => null);
  if (folderStat === null) {
    return { kind: 'invalid', path: folder, problems: [`${folder}: no such folder`] };
  }
  if (!folderStat.isDirectory()) {
    return { kind: 'invalid', path: folder, problems: [`${folder}: not a folder`] };
  }
  const configFile = path.join(folder, WORKSPACE_FILE);
  const configStat = await stat(configFile).catch(() => null);
  if (configStat === null || !configStat.isFile()) {
    return { kind: 'invalid', path: folder, problems: [`${configFile}: not found`] };
  }
  return { kind: 'ready', path: folder, name: path.basename(folder) };
}
