/** Process entry of the rollback bundle (dist/cli-rollback.js), started by bin/release-desk.js for `rollback` and `unlock`. */
import { runRollbackCli } from './rollback-cli';

declare const RELEASE_DESK_VERSION: string;

const code = await runRollbackCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    interactive: process.stdin.isTTY === true,
    ask: async (question) => {
      // Loaded only when someone is asked: the --yes path does not pay for it.
      const { createInterface } = await import('node:readline/promises');
      const terminal = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await terminal.question(question);
      } finally {
        terminal.close();
      }
    },
  },
  RELEASE_DESK_VERSION,
);
process.exitCode = code;
