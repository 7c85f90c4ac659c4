/**
 * What an untrusted workspace does instead of running its commands: say so, in words the
 * board, the CLI and Settings share.
 */
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { CiSource } from '../readiness/readiness-service';
import type { CommandSpec } from '../runner/run-command';

export const LOCAL_TESTS_WAIT_FOR_TRUST = 'Local tests wait until you trust this folder: Trust… (above the board) lists the commands it would run.';
export const LOCAL_CI_WAITS_FOR_TRUST = 'local CI waits until you trust this folder (its localTests.command is not run until then)';

/** The `local` CI provider of an untrusted folder: nothing is tested, and the board says why. */
export const untrustedLocalCi: CiSource = {
  read: async () => ({ kind: 'failed', reason: LOCAL_CI_WAITS_FOR_TRUST, retryAt: null }),
};

export interface WorkspaceCommand {
  /** Where it is configured, e.g. `localTests.command` or `environments.production.commands.rollback`. */
  readonly key: string;
  /** What will run, as written (an argv list joined by spaces). */
  readonly command: string;
}

/** Every command the workspace's release-desk.yml would have Release Desk run: the trust dialog lists them. */
export function workspaceCommands(config: WorkspaceConfig): WorkspaceCommand[] {
  const commands: WorkspaceCommand[] = [];
  if (config.localTests !== undefined) commands.push({ key: 'localTests.command', command: show(config.localTests.command) });
  for (const [name, environment] of Object.entries(config.environments)) {
    for (const [step, spec] of Object.entries(environment.commands)) {
      if (spec !== undefined) commands.push({ key: `environments.${name}.commands.${step}`, command: show(spec as CommandSpec) });
    }
  }
  return commands;
}

function show(spec: CommandSpec): string {
  return typeof spec === 'string' ? spec : spec.map((part) => (/^[\w./:=@+-]+$/.test(part) ? part : JSON.stringify(part))).join(' ');
}
