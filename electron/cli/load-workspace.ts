import { formatConfigProblems } from '../../shared/config/config-problem';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import { loadWorkspaceConfig } from '../services/workspace/load-config';
import { readWorkspaceStatus } from '../services/workspace/workspace-status';
import { CliError } from './cli-error';
import type { CliIo, GlobalOptions } from './cli-io';
import { cliTrust } from './cli-trust';
import { resolveWorkspace } from './resolve-workspace';
import type { WorkspaceTrust } from '../services/trust/workspace-trust';

export interface LoadedWorkspace {
  readonly folder: string;
  readonly config: WorkspaceConfig;
  /** Null when the folder is untrusted: its commands must not run. */
  readonly trust: WorkspaceTrust | null;
}

/** The workspace a command works on, with a valid configuration, or a CliError (exit 2) saying why not. */
export async function loadWorkspaceForCli(options: GlobalOptions, io: CliIo): Promise<LoadedWorkspace> {
  const resolved = await resolveWorkspace(options, io);
  const status = await readWorkspaceStatus(resolved?.path ?? null);
  switch (status.kind) {
    case 'none':
      throw new CliError(`no workspace configured: ${status.hint}`);
    case 'invalid':
      throw new CliError(status.problems.join('; '));
    case 'ready':
      break;
  }
  const load = await loadWorkspaceConfig(status.path);
  if (load.kind === 'unreadable') throw new CliError(`${load.file}: ${load.reason}`);
  if (load.kind === 'invalid') {
    throw new CliError(`${formatConfigProblems(load.problems, load.moreProblems).join('; ')} (see \`release-desk config check\`)`);
  }
  return { folder: status.path, config: load.config, trust: await cliTrust(status.path, resolved?.named ?? false, io) };
}
