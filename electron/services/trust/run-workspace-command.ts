/**
 * The one way a workspace's own commands run (local tests, local CI, environment commands):
 * through the command runner, and only with a WorkspaceTrust that is still valid at the
 * moment the command would start. The lint rule in eslint.config.js keeps `runCommand` out
 * of every other service, so a new release or rollback service has to come through here.
 */
import { runCommand, type CommandSpec, type RunOptions, type RunResult } from '../runner/run-command';
import type { WorkspaceTrust } from './workspace-trust';

export async function runWorkspaceCommand(trust: WorkspaceTrust, spec: CommandSpec, options: RunOptions): Promise<RunResult> {
  if (!(await trust.stillTrusted())) {
    return { kind: 'failed-to-start', message: `not run: ${trust.folder} is no longer a trusted folder (trust it again in Release Desk)` };
  }
  return runCommand(spec, options);
}
