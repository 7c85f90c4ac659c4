/**
 * Where Release Desk keeps its own records for a workspace (local test runs, sign-offs,
 * logs): in the user-data folder, never in the product's checkout, one folder per workspace.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

export function workspaceDataDir(userDataDir: string, workspaceFolder: string): string {
  const resolved = path.resolve(workspaceFolder);
  const id = createHash('sha256').update(resolved).digest('hex').slice(0, 16);
  return path.join(userDataDir, 'workspaces', `${path.basename(resolved).replace(/[^A-Za-z0-9._-]/g, '_')}-${id}`);
}
