import { readWorkspaceStatus } from '../../services/workspace/workspace-status';
import { CliError, EXIT } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { resolveWorkspacePath } from '../resolve-workspace';

export async function statusCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const status = await readWorkspaceStatus(resolveWorkspacePath(options, io));
  switch (status.kind) {
    case 'none':
      throw new CliError(`no workspace configured: ${status.hint}`);
    case 'invalid':
      throw new CliError(status.problems.join('; '));
    case 'ready':
      if (options.json) {
        io.stdout(`${JSON.stringify({ workspace: { name: status.name, path: status.path } }, null, 2)}\n`);
      } else {
        io.stdout(`Workspace ${status.name}\n  folder: ${status.path}\n`);
      }
      return EXIT.ok;
  }
}
