/**
 * ReadinessService and its sources: what the board shows when git or CI fails, what it
 * refuses to hide, and how often it reads. The sources are scripted in memory (the service
 * takes them as parameters); the records are the real file on a temp dir; the clock is fixed
 * and moved by hand.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitConfigError } from '../../../../../electron/services/git/git-errors';
import type { GitBranchState, GitSnapshot } from '../../../../../electron/services/git/git-readiness';
import { ReadinessRecords } from '../../../../../electron/services/readiness/readiness-records';
import {
  OWN_STATUS_PREFIX,
  ReadinessService,
  type BranchHead,
  type CiBranchFacts,
  type CiRead,
  type CiSource,
} from '../../../../../electron/services/readiness/readiness-service';
import type { BoardSnapshot } from '../../../../../shared/readiness/board-schema';
import type { CheckResult } from '../../../../../shared/readiness/branch-facts';
import { DEFAULT_READINESS_POLICY } from '../../../../../shared/readiness/readiness-policy';
import { rowOf } from '../../../../fixtures/board-rows';

const MAIN = '0'.repeat(40);
const A1 = 'a'.repeat(40);
const A2 = 'a1'.repeat(20);
const B1 = 'b'.repeat(40);
const T0 = '2026-11-26T12:00:00.000Z';
const T1 = '2026-11-26T12:01:00.000Z';
const T2 = '2026-11-26T12:02:00.000Z';
const RETRY_AT = '2026-11-26T12:30:00.000Z';

function branch(name: string, headSha: string): GitBranchState {
  return {
    name,
    ref: `refs/remotes/origin/${name}`,
    headSha,
    author: { name: 'Ada', email: 'ada@example.com' },
    lastCommitAt: '2026-11-25T10:00:00.000Z',
    subject: `work on ${name}`,
    ahead: 1,
    behind: 0,
    conflict: { kind: 'none' },
  };
}

function gitSnapshot(heads: Readonly<Record<string, string>>, fetch: GitSnapshot['fetch'] = { ok: 'skipped' }): GitSnapshot {
  return { mainBranch: 'master', mainSha: MAIN, fetch, branches: Object.entries(heads).map(([name, sha]) => branch(name, sha)) };
}

/** Answers each read with the next scripted outcome (the last one repeats); counts the calls. */
class ScriptedGit {
  readonly calls: { readonly fetch: boolean }[] = [];
  /** When set, reads wait for it (to hold a refresh in flight). */
  gate: Promise<void> | null = null;
  constructor(private readonly script: (GitSnapshot | Error)[]) {}
  async read(options: { readonly fetch: boolean }): Promise<GitSnapshot> {
    this.calls.push(options);
    if (this.gate !== null) await this.gate;
    const next = (this.script.length > 1 ? this.script.shift() : this.script[0]) as GitSnapshot | Error;
    if (next instanceof Error) throw next;
    return next;
  }
}

class ScriptedCi implements CiSource {
  readonly calls: (readonly BranchHead[])[] = [];
  constructor(private readonly script: CiRead[]) {}
  async read(heads: readonly BranchHead[]): Promise<CiRead> {
    this.calls.push(heads);
    return (this.script.length > 1 ? this.script.shift() : this.script[0]) as CiRead;
  }
}

const check = (name: string, state: CheckResult['state']): CheckResult => ({ name, state, url: `https://ci.example/${name}` });

function ciOk(reports: Readonly<Record<string, { readonly sha: string; readonly checks: readonly CheckResult[] }>>): CiRead {
  const branches = new Map<string, CiBranchFacts>(
    Object.entries(reports).map(([name, { sha, checks }]) => [name, { ci: { kind: 'reported', sha, checks }, pullRequest: null }]),
  );
  return { kind: 'ok', branches };
}

const ciFailed = (reason: string, retryAt: string | null = null): CiRead => ({ kind: 'failed', reason, retryAt });

let data: string;
let records: ReadinessRecords;
let clock: Date;

beforeEach(async () => {
  data = await mkdtemp(path.join(os.tmpdir(), 'readiness-sources-'));
  records = new ReadinessRecords(data);
  clock = new Date(T0);
});
afterEach(async () => {
  await rm(data, { recursive: true, force: true });
});

function service(git: ScriptedGit, ci: CiSource | null): ReadinessService {
  return new ReadinessService({
    git,
    ci,
    records,
    policy: DEFAULT_READINESS_POLICY,
    checklist: ['Log in'],
    signers: ['ada', 'dave'],
    ciProvider: 'github-checks',
    me: async () => ({ login: 'ada', email: 'ada@example.com' }),
    now: () => clock,
  });
}

/** Local tests passed and manual testing signed off on `sha`: only CI and git decide. */
async function testedAndSignedOff(name: string, sha: string): Promise<void> {
  await records.append({ type: 'local-tests', branch: name, sha, outcome: 'passed', at: T0, durationMs: 500, logFile: 'run.log' });
  await records.append({ type: 'sign-off', branch: name, sha, by: 'ada', at: T0, items: ['Log in'] });
}


describe('ReadinessService when CI fails', () => {
  it('keeps the last good checks for the same heads, flagged stale with the reason, when and until when', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1, 'feat/b': B1 })]);
    const ci = new ScriptedCi([
      ciOk({ 'feat/a': { sha: A1, checks: [check('build', 'success')] }, 'feat/b': { sha: B1, checks: [check('build', 'failure')] } }),
      ciFailed('GitHub is rate-limited until 12:30', RETRY_AT),
    ]);
    const desk = service(git, ci);
    const good = await desk.refresh({ fetch: false });
    expect(good.sources.ci).toEqual({ state: 'fresh', at: T0 });

    clock = new Date(T1);
    const stale = await desk.refresh({ fetch: false });
    expect(ci.calls).toHaveLength(2);
    expect(stale.refreshedAt).toBe(T1);
    expect(stale.sources.ci).toEqual({ state: 'stale', reason: 'GitHub is rate-limited until 12:30', lastGoodAt: T0, retryAt: RETRY_AT });
    expect(rowOf(stale, 'feat/a').checks).toEqual([check('build', 'success')]);
    expect(rowOf(stale, 'feat/b').checks).toEqual([check('build', 'failure')]);
    expect(rowOf(stale, 'feat/b').readiness).toMatchObject({ state: 'blocked', blockers: expect.arrayContaining([expect.objectContaining({ kind: 'ci-failed', check: 'build' })]) });

    clock = new Date(T2);
    const stillStale = await desk.refresh({ fetch: false });
    expect(stillStale.sources.ci).toMatchObject({ state: 'stale', lastGoodAt: T0 });
    expect(rowOf(stillStale, 'feat/a').checks).toEqual([check('build', 'success')]);
  });

  it('cannot tell, with the reason, for a head that moved while CI is failing (the old head’s checks do not count)', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 }), gitSnapshot({ 'feat/a': A2 })]);
    const ci = new ScriptedCi([ciOk({ 'feat/a': { sha: A1, checks: [check('build', 'success')] } }), ciFailed('GitHub did not answer in time')]);
    await testedAndSignedOff('feat/a', A1);
    const desk = service(git, ci);
    expect(rowOf(await desk.refresh({ fetch: false }), 'feat/a').readiness.state).toBe('eligible');

    const moved = rowOf(await desk.refresh({ fetch: false }), 'feat/a');
    expect(moved.headSha).toBe(A2);
    expect(moved.checks).toEqual([]);
    expect(moved.readiness).toEqual({
      state: 'blocked',
      sha: A2,
      blockers: [
        { kind: 'local-tests-stale', testedSha: A1, reason: 'local tests ran on aaaaaaa, not on the latest push a1a1a1a' },
        { kind: 'sign-off-stale', signedSha: A1, by: 'ada', reason: 'ada signed off aaaaaaa, not the latest push a1a1a1a' },
      ],
      unknowns: [{ fact: 'ci', reason: 'CI results unavailable: GitHub did not answer in time' }],
    });
  });

  it('says it cannot tell, with the reason, when CI fails on the very first read', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 })]);
    const ci = new ScriptedCi([ciFailed('GitHub rejected the token: reconnect GitHub in Settings')]);
    await testedAndSignedOff('feat/a', A1);
    const board = await service(git, ci).refresh({ fetch: false });

    expect(board.sources.ci).toEqual({ state: 'stale', reason: 'GitHub rejected the token: reconnect GitHub in Settings', lastGoodAt: null, retryAt: null });
    const only = rowOf(board, 'feat/a');
    expect(only.checks).toEqual([]);
    expect(only.readiness).toEqual({
      state: 'unknown',
      sha: A1,
      unknowns: [{ fact: 'ci', reason: 'CI results unavailable: GitHub rejected the token: reconnect GitHub in Settings' }],
    });
    expect(only.summary).toBe('cannot tell: CI results unavailable: GitHub rejected the token: reconnect GitHub in Settings');
  });
});

describe('ReadinessService with what teammates published', () => {
  const teamRead = (team: CiBranchFacts['team']): CiRead => ({
    kind: 'ok',
    branches: new Map([['feat/a', { ci: { kind: 'reported', sha: A1, checks: [check('build', 'success')] }, pullRequest: null, ...(team === undefined ? {} : { team }) }]]),
  });

  it('a teammate’s local tests and sign-off on the head make the branch eligible here', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 })]);
    const team = { localTests: { sha: A1, outcome: 'passed' as const, at: T0 }, signOff: { sha: A1, by: 'dave', at: T0, items: [] } };
    const board = await service(git, new ScriptedCi([teamRead(team)])).refresh({ fetch: false });
    expect(rowOf(board, 'feat/a').readiness).toEqual({ state: 'eligible', sha: A1 });
    expect(rowOf(board, 'feat/a').signOff).toEqual(team.signOff);
    expect(rowOf(board, 'feat/a').localTests).toEqual(team.localTests);
  });

  it('ignores a published sign-off by someone people.signOff does not list', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 })]);
    const team = { localTests: { sha: A1, outcome: 'passed' as const, at: T0 }, signOff: { sha: A1, by: 'mallory', at: T0, items: [] } };
    const board = await service(git, new ScriptedCi([teamRead(team)])).refresh({ fetch: false });
    expect(rowOf(board, 'feat/a').signOff).toBeNull();
    expect(rowOf(board, 'feat/a').readiness).toMatchObject({ state: 'blocked', blockers: [{ kind: 'sign-off-missing' }] });
  });

  it('a local run on the head after a teammate’s pass decides: it failed here, later', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 })]);
    await records.append({ type: 'local-tests', branch: 'feat/a', sha: A1, outcome: 'failed', at: T1, durationMs: 500, logFile: 'run.log' });
    const team = { localTests: { sha: A1, outcome: 'passed' as const, at: T0 }, signOff: null };
    const board = await service(git, new ScriptedCi([teamRead(team)])).refresh({ fetch: false });
    expect(rowOf(board, 'feat/a').localTests).toMatchObject({ outcome: 'failed', at: T1 });
  });
});

describe('ReadinessService when git fails', () => {
  it('flags git stale with "git fetch failed: …" and still shows the branches last fetched', async () => {
    const git = new ScriptedGit([
      gitSnapshot({ 'feat/a': A1 }, { ok: true }),
      gitSnapshot({ 'feat/a': A1 }, { ok: false, reason: 'git fetch failed (exit 128): fatal: unable to access origin' }),
    ]);
    const ci = new ScriptedCi([ciOk({ 'feat/a': { sha: A1, checks: [check('build', 'success')] } })]);
    const desk = service(git, ci);
    expect((await desk.refresh({ fetch: true })).sources.git).toEqual({ state: 'fresh', at: T0 });

    clock = new Date(T1);
    const board = await desk.refresh({ fetch: true });
    expect(git.calls).toEqual([{ fetch: true }, { fetch: true }]);
    expect(board.sources.git).toEqual({
      state: 'stale',
      reason: 'git fetch failed: git fetch failed (exit 128): fatal: unable to access origin',
      lastGoodAt: T0,
      retryAt: null,
    });
    expect(board.branches.map((shown) => shown.name)).toEqual(['feat/a']);
    expect(board.sources.ci).toEqual({ state: 'fresh', at: T1 });
  });

  it('says the git data was never good when the very first fetch fails', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 }, { ok: false, reason: 'offline' })]);
    const board = await service(git, new ScriptedCi([ciOk({})])).refresh({ fetch: true });
    expect(board.sources.git).toEqual({ state: 'stale', reason: 'git fetch failed: offline', lastGoodAt: null, retryAt: null });
  });

  it('keeps saying "never good" while every fetch fails', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 }, { ok: false, reason: 'offline' })]);
    const desk = service(git, new ScriptedCi([ciOk({})]));
    await desk.refresh({ fetch: true });
    clock = new Date(T1);
    const second = await desk.refresh({ fetch: true });
    expect(second.sources.git).toEqual({ state: 'stale', reason: 'git fetch failed: offline', lastGoodAt: null, retryAt: null });
  });

  it('keeps a failed fetch flagged until a fetch succeeds, even through reads that do not fetch', async () => {
    const git = new ScriptedGit([
      gitSnapshot({ 'feat/a': A1 }, { ok: true }),
      gitSnapshot({ 'feat/a': A1 }, { ok: false, reason: 'offline' }),
      gitSnapshot({ 'feat/a': A1 }, { ok: 'skipped' }),
    ]);
    const desk = service(git, new ScriptedCi([ciOk({})]));
    await desk.refresh({ fetch: true });
    clock = new Date(T1);
    expect((await desk.refresh({ fetch: true })).sources.git).toMatchObject({ state: 'stale', lastGoodAt: T0 });
    clock = new Date(T2);
    const after = await desk.refresh({ fetch: false });
    expect(after.sources.git).toEqual({ state: 'stale', reason: 'git fetch failed: offline', lastGoodAt: T0, retryAt: null });
  });

  it('lets a configuration error through instead of showing stale data over a broken workspace', async () => {
    const broken = new GitConfigError('main-branch-missing', 'repository.mainBranch "main" does not exist on origin (it has: master)');
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 }), broken, gitSnapshot({ 'feat/a': A1 })]);
    const ci = new ScriptedCi([ciOk({ 'feat/a': { sha: A1, checks: [check('build', 'success')] } })]);
    const desk = service(git, ci);
    await desk.refresh({ fetch: false });

    const failing = desk.refresh({ fetch: true });
    await expect(failing).rejects.toBe(broken);
    await expect(failing).rejects.toMatchObject({ code: 'config-invalid', problem: 'main-branch-missing' });
    expect(ci.calls).toHaveLength(1); // CI is not asked about a workspace git cannot read

    // Once the workspace is fixed, the next refresh reads again (the failure is not kept).
    const fixed = await desk.refresh({ fetch: true });
    expect(git.calls).toHaveLength(3);
    expect(fixed.branches.map((shown) => shown.name)).toEqual(['feat/a']);
  });

  it('lets a configuration error on the very first read through as well', async () => {
    const git = new ScriptedGit([new GitConfigError('not-a-repository', 'repository.path /nowhere is not a git repository')]);
    await expect(service(git, new ScriptedCi([ciOk({})])).board()).rejects.toBeInstanceOf(GitConfigError);
  });
});

describe('ReadinessService reads', () => {
  it('gives a caller who wants a fetch a fetching read, not a read without fetch already under way', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 }, { ok: 'skipped' }), gitSnapshot({ 'feat/a': A1 }, { ok: true })]);
    const desk = service(git, new ScriptedCi([ciOk({})]));
    let open = (): void => undefined;
    git.gate = new Promise((resolve) => {
      open = resolve;
    });
    const local = desk.refresh({ fetch: false });
    const fetched = desk.refresh({ fetch: true });
    const alsoLocal = desk.refresh({ fetch: false });
    open();
    await Promise.all([local, fetched, alsoLocal]);
    expect(git.calls).toEqual([{ fetch: false }, { fetch: true }]);
    expect(await alsoLocal).toBe(await fetched);
  });

  it('refreshes asked for during a read share the next read; board() shares the read under way', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 })]);
    const ci = new ScriptedCi([ciOk({ 'feat/a': { sha: A1, checks: [check('build', 'success')] } })]);
    const desk = service(git, ci);
    let open = (): void => undefined;
    git.gate = new Promise((resolve) => {
      open = resolve;
    });

    const first = desk.refresh({ fetch: true });
    const second = desk.refresh({ fetch: true });
    const third = desk.refresh({ fetch: false });
    const anyBoard = desk.board();
    open();
    const [a, b, c, d] = await Promise.all([first, second, third, anyBoard]);
    expect(git.calls).toEqual([{ fetch: true }, { fetch: true }]);
    expect(ci.calls).toHaveLength(2);
    expect(c).toBe(b);
    expect(b).not.toBe(a);
    expect(d).toBe(a);

    git.gate = null;
    await desk.refresh({ fetch: false });
    expect(git.calls).toEqual([{ fetch: true }, { fetch: true }, { fetch: false }]);
    expect(ci.calls).toHaveLength(3);
  });

  it('a refresh asked for after a change never answers with a read that began before it', async () => {
    // The local CI provider records a result, then asks for a refresh while the board is
    // being read: the answer must show the result, not the pending check read a moment ago.
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 })]);
    const ci = new ScriptedCi([
      ciOk({ 'feat/a': { sha: A1, checks: [check('build', 'pending')] } }),
      ciOk({ 'feat/a': { sha: A1, checks: [check('build', 'success')] } }),
    ]);
    const desk = service(git, ci);
    let open = (): void => undefined;
    git.gate = new Promise((resolve) => {
      open = resolve;
    });
    const underWay = desk.refresh({ fetch: false });
    const afterTheChange = desk.refresh({ fetch: false });
    open();
    expect(rowOf(await underWay, 'feat/a').checks).toEqual([check('build', 'pending')]);
    expect(rowOf(await afterTheChange, 'feat/a').checks).toEqual([check('build', 'success')]);
  });

  it('board() gives the last snapshot without reading again, and reads (without fetching) only when there is none', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 })]);
    const ci = new ScriptedCi([ciOk({ 'feat/a': { sha: A1, checks: [check('build', 'success')] } })]);
    const desk = service(git, ci);

    const first = await desk.board();
    expect(git.calls).toEqual([{ fetch: false }]);
    const refreshed = await desk.refresh({ fetch: true });
    expect(refreshed).not.toBe(first);

    clock = new Date(T2);
    const again = await desk.board();
    expect(again).toBe(refreshed);
    expect(again.refreshedAt).toBe(T0);
    expect(git.calls).toHaveLength(2);
    expect(ci.calls).toHaveLength(2);
  });

  it('asks CI about exactly the heads git reported', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1, 'feat/$(touch x)': B1 })]);
    const ci = new ScriptedCi([ciOk({})]);
    await service(git, ci).refresh({ fetch: false });
    expect(ci.calls).toEqual([
      [
        { name: 'feat/a', headSha: A1 },
        { name: 'feat/$(touch x)', headSha: B1 },
      ],
    ]);
  });
});

describe("ReadinessService and Release Desk's own commit statuses", () => {
  it(`does not count ${OWN_STATUS_PREFIX}* statuses as CI checks`, async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 })]);
    const ci = new ScriptedCi([
      ciOk({
        'feat/a': {
          sha: A1,
          checks: [check('build', 'success'), check('release-desk/local-tests', 'failure'), check('release-desk/manual-testing', 'pending'), check('release-desk-lint', 'success')],
        },
      }),
    ]);
    await testedAndSignedOff('feat/a', A1);
    const only = rowOf(await service(git, ci).refresh({ fetch: false }), 'feat/a');
    // Only the prefix with its slash is ours: `release-desk-lint` is somebody's CI check.
    expect(only.checks.map((shown) => shown.name)).toEqual(['build', 'release-desk-lint']);
    expect(only.readiness).toEqual({ state: 'eligible', sha: A1 });
  });

  it('treats a head that only carries Release Desk statuses as having no CI result', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 })]);
    const ci = new ScriptedCi([ciOk({ 'feat/a': { sha: A1, checks: [check('release-desk/local-tests', 'success'), check('release-desk/manual-testing', 'success')] } })]);
    await testedAndSignedOff('feat/a', A1);
    const only = rowOf(await service(git, ci).refresh({ fetch: false }), 'feat/a');
    expect(only.checks).toEqual([]);
    expect(only.readiness).toMatchObject({ state: 'blocked', blockers: [{ kind: 'ci-missing', check: null }] });
  });
});

describe('ReadinessService without a CI provider', () => {
  it('says CI is not configured rather than stale', async () => {
    const git = new ScriptedGit([gitSnapshot({ 'feat/a': A1 })]);
    const board = await service(git, null).refresh({ fetch: false });
    expect(board.sources.ci).toEqual({ state: 'not-configured', reason: 'no CI provider is configured in release-desk.yml' });
    expect(rowOf(board, 'feat/a').checks).toEqual([]);
  });
});

describe('ReadinessService: the first board before CI is read', () => {
  it('sends the git facts as soon as git is read, CI and the records marked as still being read', async () => {
    const behind = { ...branch('feat/behind', B1), behind: 2 };
    const git = new ScriptedGit([{ ...gitSnapshot({ 'feat/a': A1 }), branches: [branch('feat/a', A1), behind] }]);
    // A CI that answers only when the test lets it: the early board must not wait for it.
    let answerCi: (read: CiRead) => void = () => undefined;
    let asked = 0;
    const slowCi: CiSource = {
      read: () =>
        new Promise<CiRead>((resolve) => {
          asked++;
          answerCi = resolve;
        }),
    };
    await testedAndSignedOff('feat/a', A1);
    const early: BoardSnapshot[] = [];
    const desk = new ReadinessService({
      git,
      ci: slowCi,
      records,
      policy: DEFAULT_READINESS_POLICY,
      checklist: ['Log in'],
      ciProvider: 'github-checks',
      me: async () => ({ login: 'ada', email: 'ada@example.com' }),
      now: () => clock,
      onGitRead: (board) => early.push(board),
    });
    const full = desk.refresh({ fetch: false });
    await expect.poll(() => early.length).toBe(1);
    const [first] = early as [BoardSnapshot];
    expect(first.sources).toEqual({ git: { state: 'fresh', at: T0 }, ci: { state: 'reading' }, records: { state: 'reading' } });
    expect(first.branches.map((row) => row.name)).toEqual(['feat/a', 'feat/behind']);
    // What git knows is judged already; nothing is called eligible before CI is in.
    expect(rowOf(first, 'feat/a').readiness.state).toBe('unknown');
    expect(rowOf(first, 'feat/behind').readiness).toMatchObject({ state: 'blocked', blockers: [{ kind: 'behind', behind: 2 }] });

    await expect.poll(() => asked).toBe(1);
    answerCi(ciOk({ 'feat/a': { sha: A1, checks: [check('build', 'success')] } }));
    const board = await full;
    expect(rowOf(board, 'feat/a').readiness.state).toBe('eligible');
    expect(board.sources.records).toBeUndefined();

    // Later reads keep showing the last full board meanwhile: no early board again.
    const again = desk.refresh({ fetch: false });
    await expect.poll(() => asked).toBe(2);
    answerCi(ciOk({ 'feat/a': { sha: A1, checks: [check('build', 'success')] } }));
    await again;
    expect(early).toHaveLength(1);
  });
});
