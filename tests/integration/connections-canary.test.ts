/**
 * The canary test: tokens planted through the Connections calls must never come back out
 * of the main process — not in any reply of any contract call, not in an error message,
 * not in what the IPC layer logs. Every call goes through dispatch() with the real handlers,
 * the real vault and real HTTP fakes, exactly as the renderer's calls would.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/ipc/dispatch';
import { createConnections } from '../../electron/services/connections/connections';
import { createHandlers } from '../../electron/services/handlers';
import { testHandlerDeps } from '../fixtures/handler-deps';
import type { Encryptor } from '../../electron/services/vault/encryptor';
import { createDevEncryptor } from '../../electron/services/vault/dev-encryptor';
import { createSecretVault } from '../../electron/services/vault/secret-vault';
import { CALL_NAMES, type CallName } from '../../shared/ipc/names';
import { fakeEncryptor } from '../fakes/fake-encryptor';
import { startFakeCircleCi, type FakeCircleCi } from '../fakes/fake-circleci';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack';

/** Each canary carries a unique core, so even a partial echo is caught. */
const canary = (label: string) => `canary${label}${randomBytes(12).toString('hex')}`;
const ACCEPTED = { github: canary('GhOk'), circleci: canary('CciOk'), slack: `xoxb-${canary('SlackOk')}` } as const;
const REFUSED = { github: canary('GhBad'), circleci: canary('CciBad'), slack: `xoxb-${canary('SlackBad')}` } as const;
const MALFORMED = [`${canary('Spaced')} ${canary('Tail')}`, `${canary('Long')}${'x'.repeat(600)}`, `${canary('Line')}\n${canary('Break')}`];
const ALL_CANARIES = [...Object.values(ACCEPTED), ...Object.values(REFUSED), ...MALFORMED.flatMap((m) => m.split(/[\s]/))];

let github: FakeGitHub;
let circleci: FakeCircleCi;
let slack: FakeSlack;
let dir: string;

beforeAll(async () => {
  [github, circleci, slack] = await Promise.all([startFakeGitHub(), startFakeCircleCi(), startFakeSlack()]);
  github.addToken(ACCEPTED.github, { login: 'octocat', id: 1, name: null });
  circleci.addToken(ACCEPTED.circleci, { id: 'c1', login: 'octocat', name: 'Octo Cat' });
  slack.addToken(ACCEPTED.slack, { team: 'Acme', teamId: 'T1', user: 'releasebot', userId: 'U1' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-canary-'));
});

afterAll(async () => {
  await Promise.all([github.close(), circleci.close(), slack.close()]);
  await rm(dir, { recursive: true, force: true });
});

/**
 * What each call is driven with. A call added to the contract needs a line here (the
 * first test says which), so no call escapes the canary check.
 */
function scenarios(): Readonly<Partial<Record<CallName, readonly (readonly unknown[])[]>>> {
  const services = ['github', 'circleci', 'slack'] as const;
  return {
    'app.getInfo': [[]],
    'workspace.getStatus': [[]],
    'workspace.reload': [[]],
    'workspace.open': [['/no/such/folder'], ['relative/path']],
    'links.openExternal': [['https://github.com/octo/app/pull/1']],
    'connections.list': [[]],
    'connections.storage': [[]],
    'connections.connect': [
      ...services.map((s) => [s, REFUSED[s]]),
      ...services.map((s) => [s, ` ${ACCEPTED[s]}\n`]),
      ...MALFORMED.map((token) => ['github', token]),
      ['gitlab', ACCEPTED.github],
      // The renderer can no longer give consent itself: an extra argument is refused.
      ['github', ACCEPTED.github, { acceptPlaintextRisk: true }],
    ],
    'connections.disconnect': [['slack'], ['slack'], ['bitbucket']],
    // The host keeps no settings here; a URL carrying a token is refused without echoing it.
    'connections.setApiUrl': [['github', 'https://ghe.example.com/api/v3'], ['github', `https://x:${ACCEPTED.github}@ghe.example.com/`]],
    // No workspace here: these answer "not configured" or "unavailable" without the
    // token. tests/integration/readiness-canary.test.ts drives them on a real workspace.
    'readiness.board': [[]],
    'readiness.refresh': [[]],
    'readiness.runLocalTests': [['feat/x', 'a'.repeat(40)], [ACCEPTED.github, 'a'.repeat(40)]],
    'readiness.cancelLocalTests': [['feat/x', 'a'.repeat(40)]],
    'readiness.localTestLog': [['feat/x', 'a'.repeat(40)]],
    'readiness.signOff': [['feat/x', 'a'.repeat(40), ['item']]],
    'readiness.circleciDetails': [['feat/x', 'a'.repeat(40)]],
    'readiness.localTestRuns': [['feat/x'], [ACCEPTED.github], ['-rf']],
    // No workspace here: these answer without the token. The release tests drive them on
    // the demo world; a token planted as an argument must not come back in the refusal.
    'releases.overview': [[]],
    'releases.history': [[]],
    'releases.get': [['r1'], [ACCEPTED.github]],
    'releases.plan': [[{ environment: 'production', branch: ACCEPTED.github, sha: 'a'.repeat(40) }]],
    'releases.editEngineers': [['r1', [ACCEPTED.github], {}]],
    'releases.startStage1': [['r1', { overrideReason: ACCEPTED.github }]],
    'releases.signOff': [['r1', { note: ACCEPTED.github }]],
    'releases.preflight': [['r1', {}]],
    'releases.switchover': [['r1', {}]],
    'releases.markVerdict': [['r1', 'healthy', {}]],
    'releases.merge': [['r1', {}]],
    'releases.abort': [['r1', ACCEPTED.github]],
    'releases.checkProduction': [['r1']],
    'releases.resolveInconclusive': [['r1', { resolution: 'failed', observedVersion: null }]],
    'releases.cancelStep': [['r1']],
    'releases.stepLog': [['r1', 'stage1', 1]],
    'monitor.overview': [[]],
    'connections.askPlaintextConsent': [[]],
    // No trust service in this host: each answers "unavailable"; the token never goes in.
    'workspace.requestTrust': [[]],
    'workspace.trustedFolders': [[]],
    'workspace.revokeTrust': [['/no/such/folder'], [ACCEPTED.github]],
    // No rollback host here: they answer "unavailable"; a token planted as a reason must not
    // come back. tests/integration/rollback-handlers.test.ts drives them on a real workspace.
    'rollback.preview': [['production'], ['NotAnEnvironment']],
    'rollback.start': [['production', { reason: ACCEPTED.github }], ['production', { toSha: ACCEPTED.github }]],
    'rollback.unlock': [['production', ACCEPTED.github]],
    // No workspace here: "not configured"; a canary as the date or environment is refused without an echo of it.
    'history.timeline': [['r1'], [ACCEPTED.github]],
    'history.metrics': [[{}], [{ since: ACCEPTED.github }], [{ until: ACCEPTED.github }], [{ environment: ACCEPTED.github }]],
    'history.conformance': [[{}], [{ since: ACCEPTED.github }]],
    // No journal in this host: each answers "unavailable"; the token goes in as a reason only.
    'audit.verify': [[]],
    'audit.acknowledge': [[ACCEPTED.github]],
    // No journal here: "unavailable"; a token as the release id or format is refused by the schema.
    'audit.exportEvidence': [['r1', 'html'], [ACCEPTED.github, 'json'], ['r1', ACCEPTED.github]],
    // No monitors in this host: "unavailable"; it takes no argument, so a planted one is refused.
    'monitor.health': [[], [ACCEPTED.github]],
  };
}

type Storage = 'encrypted' | 'basic_text' | 'basic_text, accepted';

async function driveEveryCall(storage: Storage) {
  const encryptor: Encryptor = storage === 'encrypted' ? createDevEncryptor() : fakeEncryptor({ backend: 'basic_text' });
  const filePath = path.join(dir, storage.replace(/\W+/g, '-'), 'vault.json');
  const vault = createSecretVault({ filePath, encryptor, now: () => new Date('2026-11-20T10:00:00Z') });
  const connections = createConnections({
    vault,
    endpoints: () => ({ github: github.url, circleci: circleci.url, slack: slack.apiUrl }),
    timeoutMs: 2_000,
    // The main process's dialog, answered as the user would.
    confirmPlaintextStorage: async () => storage === 'basic_text, accepted',
  });
  const opened: string[] = [];
  const handlers = createHandlers(
    testHandlerDeps({
      openExternal: async (url) => {
        opened.push(url);
      },
      connections,
    }),
  );
  const replies: string[] = [];
  const logged: string[] = [];
  const log = (call: string, error: unknown) =>
    logged.push(`${call} ${error instanceof Error ? `${error.message} ${error.stack ?? ''}` : String(error)}`);
  const table = scenarios();
  if (storage === 'basic_text, accepted') {
    replies.push(JSON.stringify(await dispatch(handlers, 'connections.askPlaintextConsent', [], log, vault.knownSecrets)));
  }
  for (const name of CALL_NAMES) {
    for (const args of table[name] ?? []) replies.push(JSON.stringify(await dispatch(handlers, name, args, log, vault.knownSecrets)));
  }
  // And once more after everything was planted: the read calls see a full vault.
  for (const name of ['connections.list', 'connections.storage', 'app.getInfo'] as const) {
    replies.push(JSON.stringify(await dispatch(handlers, name, [], log, vault.knownSecrets)));
  }
  return { replies, logged, vaultFile: await readFile(filePath, 'utf8').catch(() => ''), vault };
}

describe('canary: no token ever leaves the main process', () => {
  it('has a canary scenario for every contract call', () => {
    const table = scenarios();
    // A new call? Add how to drive it to scenarios() above.
    expect(CALL_NAMES.filter((name) => table[name] === undefined)).toEqual([]);
  });

  for (const storage of ['encrypted', 'basic_text', 'basic_text, accepted'] as const) {
    it(`no reply, error or log line carries a canary (storage: ${storage})`, async () => {
      const { replies, logged, vaultFile, vault } = await driveEveryCall(storage);
      const everything = [...replies, ...logged].join('\n');
      for (const token of ALL_CANARIES) {
        expect(everything).not.toContain(token);
        expect(everything).not.toContain(Buffer.from(token).toString('base64'));
        expect(vaultFile).not.toContain(token);
      }
      expect(logged).toEqual([]);

      // The test is only worth something if the calls really ran: tokens were checked and saved.
      expect(everything).toContain('"code":"invalid-argument"');
      const last = JSON.parse(replies.at(-3) ?? '{}') as { value?: { state: string }[] };
      if (storage === 'basic_text') {
        // The dialog was refused: the vault refuses before any service is asked, and the
        // window's own say-so (an extra argument) is no consent.
        expect(everything).toContain('The GitHub token was not saved');
        expect(everything).not.toContain('"reason":"Bad credentials"');
        expect(everything).not.toContain('"connectedAs":"@octocat"');
        expect(await vault.getToken('github', github.url)).toBeNull();
        expect(last.value?.map((entry) => entry.state)).toEqual(['not-connected', 'not-connected', 'not-connected']);
        expect((await vault.storage()).plaintextAcceptedAt).toBeNull();
        return;
      }
      expect(everything).toContain('"connectedAs":"@octocat"');
      expect(everything).toContain('"reason":"Bad credentials"');
      expect(everything).toContain('"reason":"Invalid token provided."');
      expect(everything).toContain('"reason":"invalid_auth"');
      expect(await vault.getToken('github', github.url)).toBe(ACCEPTED.github);
      expect(await vault.getToken('circleci', circleci.url)).toBe(ACCEPTED.circleci);
      expect(await vault.getToken('slack', slack.apiUrl)).toBeNull();
      if (storage === 'basic_text, accepted') {
        // Consent came from the main process's dialog, recorded with its date.
        expect(JSON.parse(vaultFile)).toMatchObject({ acceptPlaintextSecrets: { acceptedAt: '2026-11-20T10:00:00.000Z', backend: 'basic_text' } });
      }
      expect(last.value?.map((entry) => entry.state)).toEqual(['connected', 'connected', 'not-connected']);
      expect(vault.knownSecrets()).toContain(ACCEPTED.slack);
    });
  }
});

describe('canary: a GitHub that echoes the Authorization header in its errors', () => {
  for (const status of [400, 422] as const) {
    it(`connections.connect answers HTTP ${status} without the token`, async () => {
      const echoing = await startFakeGitHub();
      echoing.server.route((request) => {
        const echoed = `Authorization: ${request.headers.authorization ?? ''}`;
        return status === 400
          ? { status, body: { message: `Problems parsing JSON (${echoed})`, documentation_url: 'https://docs.github.com/rest' } }
          : { status, body: { message: `Validation Failed (${echoed})`, errors: [{ resource: 'User', code: 'custom', message: echoed }] } };
      });
      try {
        const vault = createSecretVault({ filePath: path.join(dir, `echo-${status}`, 'vault.json'), encryptor: createDevEncryptor(), now: () => new Date() });
        const connections = createConnections({
          vault,
          endpoints: () => ({ github: echoing.url, circleci: circleci.url, slack: slack.apiUrl }),
          timeoutMs: 2_000,
          confirmPlaintextStorage: async () => false,
        });
        const logged: string[] = [];
        const handlers = createHandlers(testHandlerDeps({ connections }));
        const reply = JSON.stringify(await dispatch(handlers, 'connections.connect', ['github', ACCEPTED.github], (call, error) => logged.push(`${call} ${String(error)}`), vault.knownSecrets));
        expect(echoing.server.requests.at(-1)?.headers.authorization).toBe(`token ${ACCEPTED.github}`);
        expect(reply).toContain('"kind":"refused"');
        expect(reply).toContain('Authorization: token ***');
        expect(reply).not.toContain(ACCEPTED.github);
        expect(logged).toEqual([]);
      } finally {
        await echoing.close();
      }
    });
  }
});

