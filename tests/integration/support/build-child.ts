/**
 * Bundles a `support/NAME.child.ts` script for a test to run as a real child process (plain
 * `node`, no TypeScript loader), packages left external. Returns the bundle's path.
 */
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../../..');

export async function buildChildScript(name: string): Promise<string> {
  const outfile = path.join(root, 'node_modules', '.cache', 'test-children', `${name}.mjs`);
  await build({
    entryPoints: [path.join(import.meta.dirname, `${name}.child.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}
