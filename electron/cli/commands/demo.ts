import { Argument, type Command } from 'commander';
import path from 'node:path';
import { startDemo, stopDemo } from '../../services/demo';
import { userDataDir } from '../../services/settings/settings-location';
import { CliError, EXIT } from '../cli-error';
import { cliTrustService } from '../cli-trust';
import type { CliIo, GlobalOptions } from '../cli-io';

export interface DemoCommandOptions {
  readonly dir?: string;
}

export function registerDemoCommand(program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void): void {
  program
    .command('demo')
    .description('create (if absent) and start the demo workspace, printing its folder last; `demo stop` stops it')
    .addArgument(new Argument('[action]', 'start or stop').choices(['start', 'stop']).default('start'))
    .option('--dir <path>', 'the demo workspace folder (default: <settings folder>/demo)')
    .action(async (action: 'start' | 'stop', options: DemoCommandOptions) => {
      done(await demoCommand(action, options, globals(), io));
    });
}

/** The demo's default home: `<userData>/demo`, next to the app's settings. */
export function defaultDemoDir(env: NodeJS.ProcessEnv): string {
  return path.join(userDataDir(env), 'demo');
}

/**
 * `release-desk demo [--dir DIR]`: creates the demo workspace if absent, starts it (or
 * reuses the running one) and prints the folder as the last line of stdout. Its processes
 * run on after this command exits. `release-desk demo stop` ends them.
 */
export async function demoCommand(action: 'start' | 'stop', options: DemoCommandOptions, globals: GlobalOptions, io: CliIo): Promise<number> {
  const dir = options.dir === undefined ? defaultDemoDir(io.env) : path.resolve(io.cwd, options.dir);
  if (action === 'stop') {
    const { stopped } = await stopDemo(dir);
    if (globals.json) io.stdout(`${JSON.stringify({ path: dir, stopped }, null, 2)}\n`);
    else io.stdout(`${stopped.length === 0 ? 'No demo process was running' : `Stopped ${stopped.length} demo processes`} in ${dir}\n`);
    return EXIT.ok;
  }
  let demo;
  try {
    demo = await startDemo(dir, { env: io.env, onProgress: (line) => io.stderr(`${line}\n`) });
  } catch (error) {
    throw new CliError(`demo did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Release Desk wrote the demo and its commands: trusted from the start, in the app too.
  await (await cliTrustService(io)).grant(demo.dir, 'demo');
  if (globals.json) {
    io.stdout(`${JSON.stringify({ path: demo.dir, productionUrl: demo.productionUrl, deployedSha: demo.deployedSha, reused: demo.reused }, null, 2)}\n`);
  } else {
    io.stdout(`${demo.reused ? 'The demo is already running' : 'The demo is running'}: production ${demo.productionUrl} serves ${demo.deployedSha}\n`);
    const dirOption = options.dir === undefined ? '' : ` --dir ${JSON.stringify(demo.dir)}`;
    io.stdout(`Try: release-desk status --workspace ${JSON.stringify(demo.dir)}; stop it with: release-desk demo stop${dirOption}\n`);
    io.stdout(`${demo.dir}\n`);
  }
  return EXIT.ok;
}
