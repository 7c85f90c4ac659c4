/**
 * The demo's deploy scripts, written into the workspace's `deploy/` folder: ordinary Node
 * scripts a team could have written, driven by release-desk.yml's commands. They take their
 * inputs only from environment variables (RELEASE_SHA, RELEASE_BRANCH, PREVIEW_URL,
 * PREVIOUS_SHA, RELEASE_ID, RELEASE_ENV, REPO_PATH) and keep their state in
 * `.demo/state.json`.
 *
 * Kept as String.raw text without template literals or `${`, so what is here is byte for
 * byte what lands on disk.
 */

const LIB = String.raw`// Shared helpers of the demo deploy scripts: state, processes, builds, HTTP checks.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspace = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
export const demoDir = path.join(workspace, '.demo');
export const repoPath = process.env.REPO_PATH ? path.resolve(process.env.REPO_PATH) : path.join(workspace, 'repo');
const statePath = path.join(demoDir, 'state.json');
const processesPath = path.join(demoDir, 'processes.json');

export function fail(message) {
  console.error('error: ' + message);
  process.exit(1);
}

export function requireEnv(name) {
  const value = process.env[name];
  if (value === undefined || value === '') fail(name + ' is not set');
  return value;
}

export function readJson(file, fallback) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return fallback;
  }
}

// Write to a temporary file, then rename: readers (the switch) never see half a file.
export function writeJson(file, value) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = file + '.' + process.pid + '.tmp';
  writeFileSync(temporary, JSON.stringify(value, null, 2) + '\n');
  renameSync(temporary, file);
}

export function readState() {
  const state = readJson(statePath, {});
  return { production: null, current: null, previous: null, previews: {}, ...state };
}

export function writeState(state) {
  writeJson(statePath, state);
}

export function recordProcess(entry) {
  const record = readJson(processesPath, { processes: [] });
  record.processes = record.processes.filter((known) => known.pid !== entry.pid).concat([entry]);
  writeJson(processesPath, record);
}

export function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync('/proc/' + pid + '/stat', 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = server.address().port;
      server.close(() => resolve(port));
    });
  });
}

// GET a URL: { status, body, json } or { status: 0, error } when nothing answers.
export function get(url, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        let json = null;
        try {
          json = JSON.parse(body);
        } catch {
          json = null;
        }
        resolve({ status: response.statusCode ?? 0, body, json });
      });
    });
    request.on('timeout', () => request.destroy(new Error('timed out after ' + timeoutMs + ' ms')));
    request.on('error', (error) => resolve({ status: 0, body: '', json: null, error: error.message }));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) fail(what + ' (waited ' + timeoutMs + ' ms)');
    await sleep(50);
  }
}

export function git(args) {
  return execFileSync('git', ['-C', repoPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

// The exact commit a ref names; fetches from origin once if it is not known locally.
export function resolveSha(ref) {
  if (ref.startsWith('-')) fail('not a commit: ' + ref);
  const attempt = () => {
    try {
      return git(['rev-parse', '--verify', '--quiet', ref + '^{commit}']);
    } catch {
      return null;
    }
  };
  let sha = attempt();
  if (sha === null) {
    try {
      git(['fetch', '--quiet', 'origin']);
    } catch (error) {
      console.error('warning: git fetch failed: ' + error.message);
    }
    sha = attempt();
  }
  if (sha === null) fail('no commit ' + ref + ' in ' + repoPath);
  return sha;
}

// The files of exactly that commit, exported (not checked out) to .demo/builds/<sha>.
export function ensureBuild(sha) {
  const dir = path.join(demoDir, 'builds', sha);
  if (existsSync(path.join(dir, 'app', 'main.mjs'))) return dir;
  const temporary = dir + '.' + process.pid + '.tmp';
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary, { recursive: true });
  const archive = temporary + '.tar';
  git(['archive', '--format=tar', '-o', archive, sha]);
  execFileSync('tar', ['-xf', archive, '-C', temporary]);
  rmSync(archive, { force: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(temporary, dir);
  return dir;
}

export function productionUrl(state) {
  if (!state.production) fail('the production switch has never started; run release-desk demo');
  return 'http://127.0.0.1:' + state.production.port;
}

// A running, healthy copy of the app at that commit: reused when one runs, started if not.
export async function ensureRunning(sha) {
  const known = readState().previews[sha];
  if (known && isAlive(known.pid)) {
    const health = await get(known.url + '/health');
    if (health.status === 200) return known;
  }
  const dir = ensureBuild(sha);
  const port = await freePort();
  mkdirSync(path.join(demoDir, 'logs'), { recursive: true });
  const logFile = path.join(demoDir, 'logs', 'app-' + sha.slice(0, 7) + '-' + port + '.log');
  const log = openSync(logFile, 'a');
  // Its own process group and session, output to a file: it outlives this script.
  const child = spawn(process.execPath, ['app/main.mjs'], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), APP_VERSION: sha },
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  recordProcess({ pid: child.pid, pgid: child.pid, role: 'app', sha, port, startedAt: new Date().toISOString() });
  const url = 'http://127.0.0.1:' + port;
  await waitFor(async () => {
    if (!isAlive(child.pid)) fail('the app at ' + sha + ' exited while starting; see ' + logFile);
    return (await get(url + '/health', 1000)).status === 200;
  }, 10000, 'the app at ' + sha + ' did not become healthy at ' + url);
  const entry = { sha, port, pid: child.pid, url };
  const state = readState();
  state.previews = { ...state.previews, [sha]: entry };
  writeState(state);
  return entry;
}
`;

const SWITCH = String.raw`// The production switch: a tiny reverse proxy on 127.0.0.1 that forwards every request to
// the backend named by .demo/state.json ("current"). Switchover and rollback only rewrite
// that file; the switch reads it on each request.
import http from 'node:http';
import { readState, writeState } from './lib.mjs';

const preferred = Number(process.env.SWITCH_PORT || 0);

const server = http.createServer((req, res) => {
  const state = readState();
  if (req.url === '/__switch') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ role: 'switch', pid: process.pid, current: state.current }));
    return;
  }
  if (!state.current) {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'down', error: 'nothing is deployed' }));
    return;
  }
  const upstream = http.request(
    {
      host: '127.0.0.1',
      port: state.current.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, 'x-demo-via': 'production-switch' },
      timeout: 10000,
    },
    (response) => {
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
    },
  );
  upstream.on('timeout', () => upstream.destroy(new Error('backend timed out')));
  upstream.on('error', (error) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'unreachable', error: error.message }));
  });
  req.pipe(upstream);
});

function listen(port) {
  server.once('error', (error) => {
    // The old port is taken by someone else: any free one will do (the desk rewrites the URL).
    if (error.code === 'EADDRINUSE' && port !== 0) return listen(0);
    console.error(error.message);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const state = readState();
    state.production = { port: address.port, pid: process.pid, url: 'http://127.0.0.1:' + address.port };
    writeState(state);
    console.log('switch listening on http://127.0.0.1:' + address.port);
  });
}

listen(preferred);
process.on('SIGTERM', () => process.exit(0));
`;

const STAGE1 = String.raw`// Stage 1: start the exact commit RELEASE_SHA as a parallel copy of production and print
// its address as PREVIEW_URL=<url>.
import { ensureRunning, requireEnv, resolveSha } from './lib.mjs';

const sha = resolveSha(requireEnv('RELEASE_SHA'));
console.log('Stage 1 of ' + (process.env.RELEASE_BRANCH || sha) + ' at ' + sha + (process.env.RELEASE_ID ? ' (release ' + process.env.RELEASE_ID + ')' : ''));
const preview = await ensureRunning(sha);
console.log('Preview is healthy (pid ' + preview.pid + ').');
console.log('PREVIEW_URL=' + preview.url);
`;

const SWITCHOVER = String.raw`// Stage 2: point production's switch at the preview PREVIEW_URL; the version it replaces
// is recorded as "previous" (and kept running) for rollback.
import { fail, get, isAlive, productionUrl, readState, requireEnv, resolveSha, writeState } from './lib.mjs';

const previewUrl = requireEnv('PREVIEW_URL').replace(/\/+$/, '');
const state = readState();
const preview = Object.values(state.previews).find((entry) => entry.url === previewUrl);
if (!preview) fail('no Stage 1 preview runs at ' + previewUrl + '; run stage1 first');
if (process.env.RELEASE_SHA && resolveSha(process.env.RELEASE_SHA) !== preview.sha) {
  fail('PREVIEW_URL serves ' + preview.sha + ', not RELEASE_SHA ' + process.env.RELEASE_SHA);
}
if (!isAlive(preview.pid)) fail('the preview at ' + previewUrl + ' is not running any more; run stage1 again');
const production = productionUrl(state);
if ((await get(production + '/__switch')).status !== 200) fail('the production switch does not answer at ' + production);
// Tests slow the switch down to stop Release Desk in the middle of it; nobody else sets this.
const delayMs = Number(process.env.DEMO_SWITCHOVER_DELAY_MS || 0);
if (delayMs > 0) {
  console.log('Switching in ' + delayMs + ' ms (DEMO_SWITCHOVER_DELAY_MS)');
  await new Promise((resolve) => setTimeout(resolve, delayMs));
}

// Switching to the version already live keeps the recorded previous version.
if (state.current && state.current.sha !== preview.sha) state.previous = state.current;
state.current = { sha: preview.sha, port: preview.port, pid: preview.pid };
writeState(state);
const health = await get(production + '/health');
console.log('Production (' + production + ') now serves ' + preview.sha + '; /health answers HTTP ' + health.status + '.');
if (state.previous) console.log('Previous version ' + state.previous.sha + ' stays running for rollback.');
`;

const ROLLBACK = String.raw`// Rollback: point production back at the previous version (PREVIOUS_SHA, or the one
// recorded by the last switchover), restarting it if it no longer runs.
import { ensureRunning, fail, get, productionUrl, readState, resolveSha, waitFor, writeState } from './lib.mjs';

const before = readState();
const target = process.env.PREVIOUS_SHA ? resolveSha(process.env.PREVIOUS_SHA) : before.previous && before.previous.sha;
if (!target) fail('nothing to roll back to: no previous version is recorded and PREVIOUS_SHA is not set');
const production = productionUrl(before);
if ((await get(production + '/__switch')).status !== 200) fail('the production switch does not answer at ' + production);
console.log('Rolling production back to ' + target);
const running = await ensureRunning(target);
const state = readState();
if (state.current && state.current.sha !== target) state.previous = state.current;
state.current = { sha: target, port: running.port, pid: running.pid };
writeState(state);
const health = await waitFor(async () => {
  const answer = await get(production + '/health');
  return answer.json && answer.json.version === target ? answer : null;
}, 5000, 'production does not report ' + target + ' after the rollback');
console.log('Production serves ' + target + ' again; /health answers HTTP ' + health.status + '.');
`;

const CURRENT_VERSION = String.raw`// Prints the commit production serves, as its /health reports it.
import { fail, get, productionUrl, readState } from './lib.mjs';

const production = productionUrl(readState());
const answer = await get(production + '/health');
if (answer.status === 0) fail('production does not answer at ' + production + ': ' + answer.error);
const version = answer.json && answer.json.version;
if (typeof version !== 'string' || version === '') fail('production /health (HTTP ' + answer.status + ') reports no version');
if (answer.status !== 200) console.error('warning: production /health answers HTTP ' + answer.status);
console.log(version);
`;

const PREFLIGHT = String.raw`// Checks this machine can run the other commands: node, git, the repository, the switch.
import { fail, get, git, productionUrl, readState, repoPath } from './lib.mjs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 18) fail('node 18 or later is needed, this is ' + process.version);
console.log('ok  node ' + process.version);
try {
  console.log('ok  repository ' + repoPath + ' (HEAD ' + git(['rev-parse', '--short', 'HEAD']) + ')');
} catch (error) {
  fail('no git repository at ' + repoPath + ': ' + error.message);
}
const production = productionUrl(readState());
if ((await get(production + '/__switch')).status !== 200) fail('the production switch does not answer at ' + production + '; run release-desk demo');
console.log('ok  production switch ' + production);
`;

const TEARDOWN = String.raw`// Teardown: stop the Stage 1 preview of RELEASE_SHA (an aborted release), unless production
// or the rollback target still serves from it.
import { isAlive, readState, requireEnv, resolveSha, writeState } from './lib.mjs';

const sha = resolveSha(requireEnv('RELEASE_SHA'));
const state = readState();
const preview = state.previews[sha];
const inUse = (state.current && state.current.sha === sha) || (state.previous && state.previous.sha === sha);
if (!preview) {
  console.log('No preview of ' + sha + ' runs; nothing to tear down.');
} else if (inUse) {
  console.log('The copy of ' + sha + ' serves production (or is its rollback target); it stays.');
} else {
  if (isAlive(preview.pid)) {
    try {
      process.kill(-preview.pid, 'SIGTERM');
    } catch {
      process.kill(preview.pid, 'SIGTERM');
    }
  }
  delete state.previews[sha];
  writeState(state);
  console.log('Stopped the preview of ' + sha + ' at ' + preview.url + '.');
}
`;

/** Path inside the workspace → file content. */
export const DEPLOY_SCRIPTS: Readonly<Record<string, string>> = {
  'deploy/lib.mjs': LIB,
  'deploy/switch.mjs': SWITCH,
  'deploy/stage1.mjs': STAGE1,
  'deploy/switchover.mjs': SWITCHOVER,
  'deploy/rollback.mjs': ROLLBACK,
  'deploy/current-version.mjs': CURRENT_VERSION,
  'deploy/preflight.mjs': PREFLIGHT,
  'deploy/teardown.mjs': TEARDOWN,
};
