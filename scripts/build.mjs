// Bundles the Node-side entries with esbuild (the renderer is built by Vite).
// dist/electron/ is what the packaged app ships; dist/cli.js is the CLI; dist/bridge/ is the
// development-only browser bridge and is excluded from packaging.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  define: { RELEASE_DESK_VERSION: JSON.stringify(pkg.version) },
};

/**
 * zod re-exports all its ~60 error-message languages as `z.locales`, so bundling it takes
 * them all (350 of its 750 KB) although only English is ever used (zod sets it itself, from
 * locales/en.js). For the CLI, whose start is compiled on every run, `locales` holds English
 * only. Nothing here calls z.locales; a zod that moves the file makes this a no-op, not an error.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: 'zod-locales-en', namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: process.cwd() }));
  },
};

await Promise.all([
  build({ ...node, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.js', external: ['electron'] }),
  build({
    ...node,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    platform: 'browser',
    packages: undefined,
    external: ['electron'],
  }),
  // Split: each command's modules are a chunk loaded when that command runs (cli/command-modules.ts).
  // Libraries of many small files (zod, yaml, commander) are bundled in: resolving and reading
  // hundreds of files costs more at start than compiling them. The GitHub and Slack clients
  // and conf stay outside (loaded only by the commands that use them; the rollback test's
  // module hook names them).
  build({
    ...node,
    packages: undefined,
    external: ['electron', '@octokit/*', '@slack/*', 'conf'],
    // Bundled CommonJS libraries require Node's built-ins.
    banner: { js: "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);" },
    entryPoints: { cli: 'electron/cli/entry.ts' },
    plugins: [zodEnglishOnly],
    outdir: 'dist',
    splitting: true,
    chunkNames: 'cli-chunks/[name]-[hash]',
  }),
  // rollback and unlock only: loads nothing else (bin/release-desk.js picks it for them).
  // Split, so what it imports dynamically (the settings store) stays out until needed.
  build({ ...node, entryPoints: { 'cli-rollback': 'electron/cli/rollback-entry.ts' }, outdir: 'dist', splitting: true, chunkNames: 'cli-rollback-chunks/[name]-[hash]' }),
  build({ ...node, entryPoints: ['electron/bridge/serve.ts'], outfile: 'dist/bridge/serve.js' }),
  // audit verify's worker thread, for every bundle above (each finds it in dist/, the common
  // root: electron/services/audit/verify-worker-location.ts). Self-contained and minified: a
  // worker starts faster from one file than by resolving packages (84 ms instead of 110 on
  // a loaded machine, minified; an empty worker takes 41).
  build({ ...node, packages: undefined, minify: true, entryPoints: { 'audit-verify-worker': 'electron/services/audit/verify-worker.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' } }),
  build({
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    logLevel: 'warning',
    entryPoints: ['renderer/bridge-client/browser-desk.ts'],
    outfile: 'dist/bridge/desk-client.js',
  }),
]);
