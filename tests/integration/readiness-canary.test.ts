/**
 * The readiness half of the canary test (tests/integration/connections-canary.test.ts drives
 * every call without a workspace). Here the workspace is real: a git origin and clone whose
 * committed test script PRINTS the very token that is saved in the vault (as if someone had
 * committed it), and asks for $GITHUB_TOKEN, which this process holds as the CLI would.
 *
 * The token is saved through `connections.connect`, then the readiness calls run through
 * dispatch() with the real app services, exactly as the renderer's calls would. The token
 * must come out nowhere: no reply, no pushed event (the live test output included), no log
 * file or record under the user-data folder — `***` stands where it was printed — and the
 * test command must not even receive GITHUB_TOKEN.
 *
 * The last test is the control: the same script, run without Release Desk's runner, does
 * print the token, so the first tests can fail.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/ipc/dispatch';
import { memoryEndpointStore } from '../../electron/services/connections/api-url-settings';
import { createAppServices, vaultFileIn, type AppServices } from '../../electron/services/app-services';
import { memoryTrustStore } from '../../electron/services/trust/workspace-trust';
import { ENDPOINT_ENV_VARS } from '../../electron/services/connections/endpoints';
import { createDevEncryptor } from '../../electron/services/vault/dev-encryptor';
import type { BoardSnapshot } from '../../shared/readiness/board-schema';
import type { Result } from '../../shared/ipc/result';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { writeWorkspaceFile } from '../fixtures/workspace-file';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { runCli } from '../../electron/cli/cli';

const exec = promisify(execFile);

const CANARY = `ghp_canaryReadiness${randomBytes(12).toString('hex')}`;
const BRANCH = 'feat/canary';
const CHECKLIST_ITEM = 'Open the patient chart';

/**
 * The committed test script: the token three ways (literal, read from a committed file, and
 * split across two writes so it reaches the runner in two chunks), once on stderr, then
 * whether GITHUB_TOKEN reached it (its length, never its value) and an ordinary variable
 * that must reach it (so "absent" means filtered, not "no environment at all").
 */
const TEST_SCRIPT = [
  '#!/bin/sh',
  `echo "literal: ${CANARY}"`,
  'echo "from file: $(cat leaked-token.txt)"',
  "printf 'split: '; head -c 14 leaked-token.txt; sleep 0.3; tail -c +15 leaked-token.txt; echo",
  `echo "on stderr: ${CANARY}" >&2`,
  'if [ -n "${GITHUB_TOKEN+set}" ]; then echo "GITHUB_TOKEN present (${#GITHUB_TOKEN} characters)"; else echo "GITHUB_TOKEN absent"; fi',
  'echo "ordinary variable: ${DESK_CANARY_ORDINARY:-missing}"',
  'echo "tests passed"',
  '',
].join('\n');

let repo: TestRepo;
let workspace: string;
let userData: string;
let github: FakeGitHub;
let services: AppServices;
let headSha: string;
const events: string[] = [];
const outputChunks: string[] = [];
const internalErrors: string[] = [];
const savedEnv = { GITHUB_TOKEN: process.env.GITHUB_TOKEN, DESK_CANARY_ORDINARY: process.env.DESK_CANARY_ORDINARY };

async function call(name: string, ...args: unknown[]): Promise<{ text: string; result: Result<unknown> }> {
  const result = await dispatch(
    services.handlers,
    name,
    args,
    (callName, error) => internalErrors.push(`${callName} ${error instanceof Error ? `${error.message} ${error.stack ?? ''}` : String(error)}`),
    services.secrets,
  );
  return { text: JSON.stringify(result), result };
}

function valueOf<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`call failed: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** Every file under a folder, as [path, content]. */
async function filesUnder(folder: string): Promise<[string, string][]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (file): Promise<[string, string]> => [file, await readFile(file, 'utf8')]));
}

function expectNoCanary(text: string): void {
  expect(text).not.toContain(CANARY);
  // A partial echo: the token's random core alone.
  expect(text).not.toContain(CANARY.slice('ghp_canaryReadiness'.length));
  expect(text).not.toContain(Buffer.from(CANARY).toString('base64'));
}

beforeAll(async () => {
  process.env.GITHUB_TOKEN = CANARY;
  process.env.DESK_CANARY_ORDINARY = 'inherited';
  github = await startFakeGitHub();
  github.addToken(CANARY, { login: 'octocat', id: 1, name: 'The Octocat' });

  repo = await createTestRepo();
  const masterSha = await repo.commit('master', { 'test.sh': TEST_SCRIPT, 'leaked-token.txt': `${CANARY}\n`, 'app.txt': 'app\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await repo.git('checkout', '--quiet', '-b', BRANCH);
  headSha = await repo.commit('a feature', { 'feature.txt': 'feature\n' });
  await repo.git('push', '--quiet', 'origin', BRANCH);
  github.readiness.setBranch('master', masterSha);
  github.readiness.setBranch(BRANCH, headSha);

  workspace = await mkdtemp(path.join(os.tmpdir(), 'desk-canary-workspace-'));
  await writeWorkspaceFile(workspace, {
    repoPath: repo.clone,
    github: 'welkin/web',
    ci: { provider: 'local' },
    localTests: { command: 'sh test.sh', timeoutMinutes: 1 },
    checklist: [CHECKLIST_ITEM],
  });

  userData = await mkdtemp(path.join(os.tmpdir(), 'desk-canary-userdata-'));
  services = createAppServices({
    host: 'browser-bridge',
    version: '0.0.0-test',
    userDataDir: userData,
    vaultFile: vaultFileIn(userData),
    encryptor: createDevEncryptor(),
    env: {
      [ENDPOINT_ENV_VARS.github]: github.url,
      // Not used by a local-CI workspace; a closed port, so nothing leaves the machine.
      [ENDPOINT_ENV_VARS.circleci]: 'http://127.0.0.1:9',
      [ENDPOINT_ENV_VARS.slack]: 'http://127.0.0.1:9/api/',
    },
    savedEndpoints: memoryEndpointStore(),
    externalHosts: ['github.com'],
    openExternal: async () => undefined,
    workspacePath: () => workspace,
    confirmPlaintextStorage: async () => false,
    trustStore: memoryTrustStore(),
    askTrust: async () => false,
  });
  // The canary plants tokens where commands run: the folder is trusted, as the user would.
  await services.trust.grant(workspace, 'dialog');
  services.attachEmitter((event, payload) => {
    events.push(JSON.stringify({ event, payload }));
    if (event === 'readiness.localTestOutput') outputChunks.push((payload as { chunk: string }).chunk);
  });
});

afterAll(async () => {
  await services.stop();
  await github.close();
  await repo.cleanup();
  await rm(workspace, { recursive: true, force: true });
  await rm(userData, { recursive: true, force: true });
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** Polls the board until the local CI provider has tested the branch's head. */
async function boardWithCiDone(): Promise<{ texts: string[]; board: BoardSnapshot }> {
  const texts: string[] = [];
  for (let attempt = 0; attempt < 200; attempt++) {
    const { text, result } = await call('readiness.board');
    texts.push(text);
    const board = valueOf<BoardSnapshot>(result);
    const row = board.branches.find((branch) => branch.name === BRANCH);
    if (row !== undefined && row.checks.length > 0 && row.checks.every((check) => check.state !== 'pending')) return { texts, board };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the local CI provider did not finish testing the branch');
}

describe('readiness canary: a token the test command prints never leaves the main process', () => {
  const replies: string[] = [];

  it('saves the token through connections.connect, checked with (fake) GitHub', async () => {
    const { text, result } = await call('connections.connect', 'github', CANARY);
    replies.push(text);
    expect(valueOf(result)).toMatchObject({ kind: 'connected', connectedAs: '@octocat' });
    expect(services.vault.knownSecrets()).toContain(CANARY);
  });

  it('drives board, refresh, runLocalTests (twice), localTestRuns, localTestLog and signOff: no reply or event carries the token', async () => {
    const refresh = await call('readiness.refresh');
    replies.push(refresh.text);
    expect(valueOf<BoardSnapshot>(refresh.result).branches.map((branch) => branch.name)).toEqual([BRANCH]);

    // The local CI provider ran the same script on the head (its log is checked below).
    const settled = await boardWithCiDone();
    replies.push(...settled.texts);
    expect(settled.board.branches[0]?.checks).toEqual([{ name: 'local-ci', state: 'success', url: null }]);

    const run = await call('readiness.runLocalTests', BRANCH, headSha);
    replies.push(run.text);
    expect(valueOf(run.result)).toMatchObject({ kind: 'passed', sha: headSha, publication: { kind: 'published', context: 'release-desk/local-tests' } });

    // "Run again": the same commit once more; both runs are kept for it.
    const again = await call('readiness.runLocalTests', BRANCH, headSha);
    replies.push(again.text);
    expect(valueOf(again.result)).toMatchObject({ kind: 'passed', sha: headSha });
    const runs = await call('readiness.localTestRuns', BRANCH);
    replies.push(runs.text);
    expect(valueOf<{ sha: string; runs: { outcome: string }[] }[]>(runs.result)).toMatchObject([{ sha: headSha, runs: [{ outcome: 'passed' }, { outcome: 'passed' }] }]);

    const log = await call('readiness.localTestLog', BRANCH, headSha);
    replies.push(log.text);
    const logText = valueOf<string>(log.result);

    const signOff = await call('readiness.signOff', BRANCH, headSha, [CHECKLIST_ITEM]);
    replies.push(signOff.text);
    // The signer is the connected GitHub login, bare (people.signOff and "mine" use logins).
    expect(valueOf(signOff.result)).toMatchObject({
      signOff: { sha: headSha, by: 'octocat' },
      publication: { kind: 'published', context: 'release-desk/manual-testing' },
    });
    const after = await call('readiness.board');
    replies.push(after.text);
    expect(valueOf<BoardSnapshot>(after.result).me.login).toBe('octocat');

    // The calls really ran: the script's output came back, live and in the log.
    const streamed = outputChunks.join('');
    for (const text of [streamed, logText]) {
      expect(text).toContain('literal: ***\n');
      expect(text).toContain('from file: ***\n');
      expect(text).toContain('split: ***\n');
      expect(text).toContain('on stderr: ***\n');
      expect(text).toContain('ordinary variable: inherited\n');
      expect(text).toContain('GITHUB_TOKEN absent\n');
      expect(text).not.toContain('GITHUB_TOKEN present');
      expect(text).toContain('tests passed');
    }
    // The split write did reach the runner in more than one chunk of the live stream.
    expect(outputChunks.length).toBeGreaterThan(1);

    for (const text of [...replies, ...events]) expectNoCanary(text);
    expect(events.some((event) => event.includes('"event":"readiness.localTestOutput"'))).toBe(true);
    expect(events.some((event) => event.includes('"event":"readiness.changed"'))).toBe(true);
    expect(internalErrors).toEqual([]);
  });

  it('leaves no token in any log file, the records file or anything else under the user-data folder', async () => {
    const files = await filesUnder(userData);
    const names = files.map(([file]) => path.relative(userData, file));
    expect(names).toContain('vault.json');
    expect(names.some((name) => name.endsWith('readiness-records.jsonl'))).toBe(true);
    const logs = files.filter(([file]) => file.endsWith('.log'));
    // One log of the local CI run, one of "Run local tests".
    expect(logs.map(([file]) => path.basename(file).startsWith('ci-'))).toEqual(expect.arrayContaining([true, false]));
    for (const [file, content] of files) {
      expect.soft(content, file).not.toContain(CANARY);
      expect.soft(content, file).not.toContain(CANARY.slice('ghp_canaryReadiness'.length));
      expect.soft(content, file).not.toContain(Buffer.from(CANARY).toString('base64'));
    }
    for (const [file, content] of logs) {
      expect(content, file).toContain('literal: ***');
      expect(content, file).toContain('split: ***');
      expect(content, file).toContain('GITHUB_TOKEN absent');
    }
  });

  it('sent the token where it belongs: to GitHub, with the commit statuses', () => {
    expect(github.readiness.createdStatuses.map((status) => [status.sha, status.context])).toEqual([
      [headSha, 'release-desk/local-tests'],
      [headSha, 'release-desk/local-tests'], // run again
      [headSha, 'release-desk/manual-testing'],
    ]);
    const statusRequests = github.server.requests.filter((request) => request.path.includes('/statuses/'));
    expect(statusRequests.map((request) => request.headers.authorization?.replace(/^(token|bearer) /i, ''))).toEqual([CANARY, CANARY, CANARY]);
  });

  it('control: the committed script really prints the token when run without Release Desk', async () => {
    const committed = await repo.git('show', `${headSha}:leaked-token.txt`);
    expect(committed).toBe(CANARY);
    expect(await repo.git('show', `${headSha}:test.sh`)).toContain(CANARY);

    const raw = await exec('sh', ['test.sh'], { cwd: repo.clone, env: { ...process.env, GITHUB_TOKEN: CANARY } });
    expect(raw.stdout).toContain(`literal: ${CANARY}\n`);
    expect(raw.stdout).toContain(`from file: ${CANARY}\n`);
    expect(raw.stdout).toContain(`split: ${CANARY}\n`);
    expect(raw.stderr).toContain(`on stderr: ${CANARY}\n`);
    expect(raw.stdout).toContain(`GITHUB_TOKEN present (${CANARY.length} characters)`);
  });
});

/**
 * A GitHub that repeats the request's Authorization header in its errors (a 400, a 422, a
 * GraphQL error). The board turns such an error into a source's reason, so the token would
 * reach the board's replies, its pushed events and `readiness --json`: every one of those
 * boundaries must scrub it.
 */
describe('readiness canary: GitHub errors that echo the Authorization header', () => {
  const echoes = [400, 422, 'graphql'] as const;
  let echoWorkspace: string;
  let echoUserData: string;
  let cliConfig: string;
  let echoServices: AppServices;
  const echoEvents: string[] = [];
  const echoErrors: string[] = [];

  const echoCall = async (name: string, ...args: unknown[]) => {
    const result = await dispatch(
      echoServices.handlers,
      name,
      args,
      (callName, error) => echoErrors.push(`${callName} ${error instanceof Error ? `${error.message} ${error.stack ?? ''}` : String(error)}`),
      echoServices.secrets,
    );
    return { text: JSON.stringify(result), result };
  };

  beforeAll(async () => {
    echoWorkspace = await mkdtemp(path.join(os.tmpdir(), 'desk-canary-echo-workspace-'));
    await writeWorkspaceFile(echoWorkspace, { repoPath: repo.clone, github: 'welkin/web', ci: { provider: 'github-checks' }, localTests: { command: 'true' } });
    echoUserData = await mkdtemp(path.join(os.tmpdir(), 'desk-canary-echo-userdata-'));
    cliConfig = await mkdtemp(path.join(os.tmpdir(), 'desk-canary-echo-cli-'));
    echoServices = createAppServices({
      host: 'browser-bridge',
      version: '0.0.0-test',
      userDataDir: echoUserData,
      vaultFile: vaultFileIn(echoUserData),
      encryptor: createDevEncryptor(),
      // No token variable here: only the vault knows the token.
      env: { [ENDPOINT_ENV_VARS.github]: github.url, [ENDPOINT_ENV_VARS.circleci]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.slack]: 'http://127.0.0.1:9/api/' },
      savedEndpoints: memoryEndpointStore(),
      externalHosts: ['github.com'],
      openExternal: async () => undefined,
      workspacePath: () => echoWorkspace,
      confirmPlaintextStorage: async () => false,
      // Untrusted, as a folder opened for the first time: nothing here runs its commands.
      trustStore: memoryTrustStore(),
      askTrust: async () => false,
    });
    echoServices.attachEmitter((event, payload) => echoEvents.push(JSON.stringify({ event, payload })));
  });

  afterAll(async () => {
    github.readiness.setFault(null);
    await echoServices.stop();
    await rm(echoWorkspace, { recursive: true, force: true });
    await rm(echoUserData, { recursive: true, force: true });
    await rm(cliConfig, { recursive: true, force: true });
  });

  it('no reply, event or stored file of the app carries the echoed token', async () => {
    const connected = await echoCall('connections.connect', 'github', CANARY);
    expect(valueOf(connected.result)).toMatchObject({ kind: 'connected' });
    const replies: string[] = [];
    for (const as of echoes) {
      github.readiness.setFault({ kind: 'echo-authorization', as });
      const before = github.server.requests.length;
      const refreshed = await echoCall('readiness.refresh');
      replies.push(refreshed.text, (await echoCall('readiness.board')).text);
      // The echo really happened: GitHub was asked with the token and answered with it.
      expect(github.server.requests.slice(before).some((request) => request.headers.authorization?.includes(CANARY))).toBe(true);
      const board = valueOf<BoardSnapshot>(refreshed.result);
      expect(board.sources.ci.state, String(as)).not.toBe('fresh');
      expect(JSON.stringify(board.sources.ci), String(as)).toContain('***');
    }
    github.readiness.setFault(null);
    for (const text of [...replies, ...echoEvents, ...echoErrors]) expectNoCanary(text);
    expect(echoEvents.some((event) => event.includes('"event":"readiness.changed"'))).toBe(true);
    for (const [file, content] of await filesUnder(echoUserData)) {
      if (path.basename(file) === 'vault.json') continue; // encrypted; checked by the vault's own tests
      expect.soft(content, file).not.toContain(CANARY);
    }
  });

  it('`readiness --json` prints the echoed token nowhere, on stdout or stderr', async () => {
    for (const as of echoes) {
      github.readiness.setFault({ kind: 'echo-authorization', as });
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(
        ['--workspace', echoWorkspace, '--json', 'readiness'],
        {
          stdout: (text) => out.push(text),
          stderr: (text) => err.push(text),
          env: { ...process.env, GITHUB_TOKEN: CANARY, [ENDPOINT_ENV_VARS.github]: github.url, RELEASE_DESK_CONFIG_DIR: cliConfig },
          cwd: echoWorkspace,
        },
        '0.0.0-test',
      );
      const stdout = out.join('');
      const board = JSON.parse(stdout) as BoardSnapshot;
      expect(board.sources.ci.state, String(as)).not.toBe('fresh');
      expect(JSON.stringify(board.sources.ci), String(as)).toContain('***');
      expectNoCanary(stdout);
      expectNoCanary(err.join(''));
      expect([0, 1]).toContain(code);
    }
    github.readiness.setFault(null);
  });
});

