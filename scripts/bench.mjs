// `npm run bench`: bundles each bench/*.bench.ts with esbuild (no TypeScript loader needed)
// and runs it with Node; each bench prints its own figures.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'node_modules', '.cache', 'bench');
mkdirSync(outDir, { recursive: true });
const only = process.argv[2];
const benches = readdirSync(path.join(root, 'bench')).filter((file) => file.endsWith('.bench.ts') && (only === undefined || file.includes(only)));
let failed = 0;
for (const file of benches) {
  const outfile = path.join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({ entryPoints: [path.join(root, 'bench', file)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, [outfile], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
