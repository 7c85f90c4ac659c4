// `npm start`: builds, makes sure Electron's binary is there, and runs the app.
//
// Electron 42+ has no install script: its `electron` command fetches the binary from GitHub
// the first time it runs (node_modules/electron/index.js runs install.js, which uses
// @electron/get, which needs Node >= 22.12), and when that fails it ends in a stack trace
// ("TypeError: fetch failed"). So this script does what index.js does, but runs the fetch
// as a child whose output it keeps, and on failure prints one paragraph a newcomer can act on.
//
// `--no-build` skips the build (the tests use it); other arguments go to Electron.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const electronArgs = args.filter((arg) => arg !== '--no-build');

if (!skipBuild) {
  const build = runNpm(['run', 'build']);
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const electronDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
const electronVersion = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;

let binary = installedBinary();
if (binary === null) {
  process.stderr.write(`Fetching Electron ${electronVersion}'s binary (first start only)…\n`);
  const fetch = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: electronDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_GET_NO_PROGRESS: '1' },
  });
  binary = fetch.status === 0 ? installedBinary() : null;
  if (binary === null) {
    process.stderr.write(`${cannotFetchParagraph(causeOf(fetch))}\n`);
    process.exit(1);
  }
}

const child = spawn(binary, [root, ...electronArgs], { stdio: 'inherit', windowsHide: false });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (error) => {
  process.stderr.write(`release-desk: could not run Electron at ${binary}: ${error.message}\n`);
  process.exit(1);
});
child.on('close', (code, signal) => {
  if (code === null) process.stderr.write(`release-desk: Electron ended with ${signal}\n`);
  process.exit(code ?? 1);
});

/** The Electron executable when it is installed (the same test as electron/install.js), else null. */
function installedBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8');
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist');
  const full = path.join(distDir, relative);
  return existsSync(full) ? full : null;
}

/** The fetch's own one-line reason ("TypeError: fetch failed"), without its stack. */
function causeOf(result) {
  if (result.error) return result.error.message;
  const lines = `${result.stderr ?? ''}\n${result.stdout ?? ''}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at ') && !line.startsWith('Downloading'));
  return lines[0] ?? `the installer exited with ${result.status ?? result.signal}`;
}

function cannotFetchParagraph(cause) {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const oldNode = major < 22 || (major === 22 && minor < 12);
  const nodeNote = oldNode
    ? ` Fetching it needs Node >= 22.12; this is Node ${process.versions.node}, so upgrade Node first.`
    : '';
  return wrap(
    `release-desk: npm start cannot open the desktop app: Electron ${electronVersion}'s binary is not installed, ` +
      `and fetching it from GitHub failed (${cause}).${nodeNote} To retry, run \`npm start\` again once github.com ` +
      'is reachable (`ELECTRON_MIRROR=<url>` fetches from a mirror instead). Without Electron, ' +
      '`npm run dev:browser` opens the same app in your browser, and `npx release-desk` runs the command line.',
  );
}

/** One paragraph, broken between words at 96 columns; a `command` is never broken. */
function wrap(text, width = 96) {
  const lines = [];
  let line = '';
  for (const word of text.match(/(?:`[^`]*`|\S)+/g) ?? []) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

function runNpm(npmArgs) {
  // Under `npm start`, npm says where its own CLI is; run that with this Node.
  const npmCli = process.env.npm_execpath;
  if (npmCli && npmCli.endsWith('.js')) return spawnSync(process.execPath, [npmCli, ...npmArgs], { cwd: root, stdio: 'inherit' });
  return spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', npmArgs, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
}
