/** Process entry of the CLI bundle (dist/cli.js), started by bin/release-desk.js. */
import { runCli } from './cli';
import { prepareOneShotProcess } from './one-shot-process';
import { askOnTerminal } from './terminal-ask';

declare const RELEASE_DESK_VERSION: string;

prepareOneShotProcess();
const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    interactive: process.stdin.isTTY === true,
    ask: askOnTerminal,
  },
  RELEASE_DESK_VERSION,
);
process.exitCode = code;
