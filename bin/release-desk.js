#!/usr/bin/env node
// Starts the bundled CLI. The bundle is made by `npm run build` (which `npm ci` runs too).
// `rollback` and `unlock` start a smaller bundle that loads only what they need: a rollback
// must start fast and must not load the GitHub, Slack or CircleCI clients before it runs.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node >= 22.1 keeps compiled code on disk between runs (a faster start); Node 20 has no such cache.
module.enableCompileCache?.();

const FAST_COMMANDS = new Set(['rollback', 'unlock']);

/** The command word: the first argument that is neither an option nor the value of -w/--workspace. */
function commandOf(args) {
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '-w' || arg === '--workspace') index += 1;
    else if (!arg.startsWith('-')) return arg;
  }
  return null;
}

const fast = FAST_COMMANDS.has(commandOf(process.argv.slice(2)) ?? '');
const fastBundle = fileURLToPath(new URL('../dist/cli-rollback.js', import.meta.url));
const bundle = fast && existsSync(fastBundle) ? fastBundle : fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(`release-desk: ${bundle} is missing; run \`npm run build\` in the Release Desk folder\n`);
  process.exit(2);
}
await import(bundle);
