#!/usr/bin/env node
// Starts the bundled CLI. The bundle is made by `npm run build` (which `npm ci` runs too).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(`release-desk: ${bundle} is missing; run \`npm run build\` in the Release Desk folder\n`);
  process.exit(2);
}
await import(bundle);
