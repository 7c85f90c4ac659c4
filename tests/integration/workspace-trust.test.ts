/**
 * Workspace trust, end to end through the app's services and handlers: a real git repo, a
 * real workspace whose localTests.command leaves a mark when it runs, the readiness runtime
 * with the local CI provider, and the user settings (conf, as the CLI uses it) as the store.
 */
import Conf from 'conf';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/ipc/dispatch';
import { runCli } from '../../electron/cli/cli';
import type { CliIo } from '../../electron/cli/cli-io';
import { createAppServices, vaultFileIn, type AppServices } from '../../electron/services/app-services';
import { memoryEndpointStore } from '../../electron/services/connections/api-url-settings';
import { createUserSettings } from '../../electron/services/settings/user-settings';
import type { TrustDialogRequest } from '../../electron/services/trust/trust-handlers';
import { createDevEncryptor } from '../../electron/services/vault/dev-encryptor';
import type { WorkspaceStatus } from '../../shared/domain/app';
import type { BoardSnapshot } from '../../shared/readiness/board-schema';
import type { Result } from '../../shared/ipc/result';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { writeWorkspaceFile } from '../fixtures/workspace-file';

const BRANCH = 'feat/trust-me';
let repo: TestRepo;
let workspace: string;
/** The same folder through a symlink: trust is kept by real path, so both spellings agree. */
let workspaceLink: string;
let marker: string;
let headSha: string;

beforeAll(async () => {
  repo = await createTestRepo();
  await repo.commit('master', { 'app.txt': 'app\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await repo.git('checkout', '--quiet', '-b', BRANCH);
  headSha = await repo.commit('a feature', { 'feature.txt': 'feature\n' });
  await repo.git('push', '--quiet', 'origin', BRANCH);
  workspace = await mkdtemp(path.join(os.tmpdir(), 'desk-trust-workspace-'));
  workspaceLink = `${workspace}-link`;
  await symlink(workspace, workspaceLink);
  marker = path.join(workspace, 'commands-ran.txt');
  // What a hostile release-desk.yml could do; here it only appends the tested SHA to a file.
  await writeWorkspaceFile(workspace, {
    repoPath: repo.clone,
    ci: { provider: 'local' },
    localTests: { command: `echo "$RELEASE_SHA" >> ${JSON.stringify(marker)}` },
    checklist: ['Open the page'],
  });
});

afterAll(async () => {
  await rm(workspaceLink, { force: true });
  await rm(workspace, { recursive: true, force: true });
  await repo.cleanup();
});

describe('an untrusted workspace in the app', () => {
  let userData: string;
  let services: AppServices;
  let answer: boolean;
  let asked: TrustDialogRequest[];
  let events: { event: string; payload: unknown }[];
  let settings: ReturnType<typeof createUserSettings>;

  beforeEach(async () => {
    await rm(marker, { force: true });
    userData = await mkdtemp(path.join(os.tmpdir(), 'desk-trust-userdata-'));
    settings = createUserSettings(new Conf({ cwd: userData, configName: 'settings', projectName: 'release-desk' }));
    asked = [];
    answer = false;
    events = [];
    services = createAppServices({
      host: 'browser-bridge',
      version: '0.0.0-test',
      userDataDir: userData,
      vaultFile: vaultFileIn(userData),
      encryptor: createDevEncryptor(),
      env: {},
      savedEndpoints: memoryEndpointStore(),
      externalHosts: ['github.com'],
      openExternal: async () => undefined,
      // Opened through the symlink, as a user might.
      workspacePath: () => workspaceLink,
      confirmPlaintextStorage: async () => false,
      trustStore: settings.trust,
      askTrust: async (request) => {
        asked.push(request);
        return answer;
      },
    });
    services.attachEmitter((event, payload) => events.push({ event, payload }));
  });
  afterEach(async () => {
    await services.stop();
    await rm(userData, { recursive: true, force: true });
  });

  async function call<T>(name: Parameters<typeof dispatch>[1], ...args: unknown[]): Promise<Result<T>> {
    return (await dispatch(services.handlers, name, args, (_call, error) => console.error(error), services.secrets)) as Result<T>;
  }
  async function value<T>(name: Parameters<typeof dispatch>[1], ...args: unknown[]): Promise<T> {
    const result = await call<T>(name, ...args);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }
  async function markedShas(): Promise<string[]> {
    return (await readFile(marker, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
  }
  /** The board once the local CI has no more heads to test (it tests in the background). */
  async function settledBoard(): Promise<BoardSnapshot> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const board = await value<BoardSnapshot>('readiness.refresh');
      const pending = board.sources.ci.state === 'fresh' && JSON.stringify(board.branches).includes('"pending"');
      if (!pending || Date.now() > deadline) return board;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('reads git but runs nothing, and says what waits for trust', async () => {
    const status = await value<WorkspaceStatus>('workspace.getStatus');
    expect(status).toMatchObject({
      kind: 'ready',
      trust: {
        trusted: false,
        waiting: [
          'Local tests wait until you trust this folder.',
          'The local CI waits until you trust this folder (its localTests.command is not run until then).',
          'Environment commands (stage1, switchover, rollback, preflight, currentVersion) wait until you trust this folder.',
        ],
      },
    });

    const board = await settledBoard();
    expect(board.branches.map((row) => row.name)).toEqual([BRANCH]);
    expect(board.branches[0]?.headSha).toBe(headSha);
    expect(board.sources.ci).toMatchObject({ reason: 'local CI waits until you trust this folder (its localTests.command is not run until then)' });

    const run = await call('readiness.runLocalTests', BRANCH, headSha);
    expect(run).toEqual({ ok: false, error: { code: 'untrusted', message: 'Local tests wait until you trust this folder: Trust… (above the board) lists the commands it would run.' } });
    // Give the (absent) local CI every chance: one more full refresh.
    await settledBoard();
    expect(existsSync(marker)).toBe(false);
  });

  it('trusts only through the dialog, which lists the commands; then runs them; a revoke stops them again', async () => {
    const real = await realpath(workspace);
    answer = false;
    expect(await value('workspace.requestTrust')).toMatchObject({ outcome: 'refused', trust: { trusted: false } });
    expect(asked).toHaveLength(1);
    expect(asked[0]?.folder).toBe(real);
    expect(asked[0]?.commands).toContainEqual({ key: 'localTests.command', command: `echo "$RELEASE_SHA" >> ${JSON.stringify(marker)}` });
    expect(asked[0]?.commands).toContainEqual({ key: 'environments.production.commands.rollback', command: './rollback.sh' });
    await settledBoard();
    expect(existsSync(marker)).toBe(false);

    answer = true;
    expect(await value('workspace.requestTrust')).toMatchObject({ outcome: 'trusted', trust: { trusted: true, waiting: [] } });
    // Kept in the user settings by real path, and the window is told.
    expect(settings.read().trustedFolders).toMatchObject([{ path: real, how: 'dialog' }]);
    expect(events.some(({ event, payload }) => event === 'workspace.changed' && (payload as WorkspaceStatus & { trust?: { trusted: boolean } }).trust?.trusted === true)).toBe(true);
    expect(await value('workspace.requestTrust')).toMatchObject({ outcome: 'already-trusted' });
    expect(asked).toHaveLength(2);

    // The local CI tests the head, and local tests run on request.
    const board = await settledBoard();
    expect(board.sources.ci.state).toBe('fresh');
    expect(await markedShas()).toEqual([headSha]);
    expect(await value('readiness.runLocalTests', BRANCH, headSha)).toMatchObject({ kind: 'passed', sha: headSha });
    expect(await markedShas()).toEqual([headSha, headSha]);

    // Revoked in Settings: nothing runs again.
    expect(await value('workspace.trustedFolders')).toMatchObject([{ path: real }]);
    expect(await value('workspace.revokeTrust', real)).toEqual([]);
    expect(settings.read().trustedFolders).toEqual([]);
    expect(await value<WorkspaceStatus>('workspace.getStatus')).toMatchObject({ trust: { trusted: false } });
    expect(await call('readiness.runLocalTests', BRANCH, headSha)).toMatchObject({ ok: false, error: { code: 'untrusted' } });
    await settledBoard();
    expect(await markedShas()).toEqual([headSha, headSha]);
  });

  it('the demo is trusted when the app opens it', async () => {
    const { openDemoWorkspace } = await import('../../electron/demo-fallback');
    const demoDir = path.join(userData, 'demo');
    const demo = await openDemoWorkspace(demoDir, () => undefined, services.trust);
    try {
      expect((await services.trust.decide(demoDir)).kind).toBe('trusted');
      expect(settings.read().trustedFolders).toMatchObject([{ path: await realpath(demoDir), how: 'demo' }]);
    } finally {
      await demo.stop();
    }
  }, 60_000);
});

describe('the CLI', () => {
  let configDir: string;
  beforeEach(async () => {
    await rm(marker, { force: true });
    configDir = await mkdtemp(path.join(os.tmpdir(), 'desk-trust-cli-'));
  });
  afterEach(async () => {
    await rm(configDir, { recursive: true, force: true });
  });

  function capture(env: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { RELEASE_DESK_CONFIG_DIR: configDir, ...env }, cwd: configDir };
    return { io, out: () => out.join(''), err: () => err.join('') };
  }
  function rememberInApp(folder: string) {
    createUserSettings(new Conf({ cwd: configDir, configName: 'settings', projectName: 'release-desk' })).rememberWorkspace(folder);
  }

  it('runs the commands of a folder named with --workspace', async () => {
    const run = capture();
    expect(await runCli(['readiness', '--workspace', workspace], run.io, '0.0.0')).toBe(0);
    expect(run.out()).toContain(BRANCH);
    expect(await readFile(marker, 'utf8')).toBe(`${headSha}\n`);
  });

  it('and of a folder named by RELEASE_DESK_WORKSPACE', async () => {
    const run = capture({ RELEASE_DESK_WORKSPACE: workspace });
    expect(await runCli(['readiness'], run.io, '0.0.0')).toBe(0);
    expect(await readFile(marker, 'utf8')).toBe(`${headSha}\n`);
  });

  it("refuses to run the app's remembered, untrusted workspace's commands, and says how to trust it", async () => {
    rememberInApp(workspace);
    for (const command of [['readiness'], ['status']]) {
      const run = capture();
      expect(await runCli(command, run.io, '0.0.0')).toBe(2);
      expect(run.err()).toContain('is not trusted');
      expect(run.err()).toContain(`name it to trust it for this command: --workspace ${JSON.stringify(workspace)}`);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('`release-desk demo` trusts the demo it creates, in the settings the app reads', async () => {
    const demoDir = path.join(configDir, 'demo');
    const run = capture();
    expect(await runCli(['demo', '--dir', demoDir], run.io, '0.0.0')).toBe(0);
    try {
      const settings = createUserSettings(new Conf({ cwd: configDir, configName: 'settings', projectName: 'release-desk' }));
      expect(settings.read().trustedFolders).toMatchObject([{ path: await realpath(demoDir), how: 'demo' }]);
    } finally {
      expect(await runCli(['demo', 'stop', '--dir', demoDir], capture().io, '0.0.0')).toBe(0);
    }
  }, 60_000);

  it('runs the remembered workspace once the user trusted it in the app', async () => {
    rememberInApp(workspace);
    const settings = createUserSettings(new Conf({ cwd: configDir, configName: 'settings', projectName: 'release-desk' }));
    settings.trust.write([{ path: await realpath(workspace), trustedAt: new Date().toISOString(), how: 'dialog' }]);
    const run = capture();
    expect(await runCli(['readiness'], run.io, '0.0.0')).toBe(0);
    expect(await readFile(marker, 'utf8')).toBe(`${headSha}\n`);
  });
});
