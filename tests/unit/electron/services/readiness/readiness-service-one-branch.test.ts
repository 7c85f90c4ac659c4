/**
 * `ReadinessService.readBranch` (`release-desk readiness BRANCH`): a CI source that reads a
 * branch by name is asked while git is still reading, not after (issue 11: the answer waits
 * for the slower of the two, not their sum), and its facts count only for the head git reads.
 * git and CI are scripted in memory; the records are the real file on a temp dir.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitSnapshot } from '../../../../../electron/services/git/git-readiness';
import { ReadinessRecords } from '../../../../../electron/services/readiness/readiness-records';
import { ReadinessService, type BranchHead, type CiRead, type CiSource } from '../../../../../electron/services/readiness/readiness-service';
import { DEFAULT_READINESS_POLICY } from '../../../../../shared/readiness/readiness-policy';

const MAIN = '0'.repeat(40);
const HEAD = 'a'.repeat(40);
const OLDER = 'b'.repeat(40);

let data: string;
let records: ReadinessRecords;

beforeEach(async () => {
  data = await mkdtemp(path.join(os.tmpdir(), 'readiness-one-branch-'));
  records = new ReadinessRecords(data);
});
afterEach(async () => {
  await rm(data, { recursive: true, force: true });
});

function snapshotWith(name: string | null): GitSnapshot & { remoteBranches: number } {
  const branches =
    name === null
      ? []
      : [{ name, ref: `refs/remotes/origin/${name}`, headSha: HEAD, author: { name: 'Ada', email: 'ada@example.com' }, lastCommitAt: '2026-11-25T10:00:00.000Z', subject: 'work', ahead: 1, behind: 0, conflict: { kind: 'none' } as const }];
  return { mainBranch: 'master', mainSha: MAIN, fetch: { ok: 'skipped' }, branches, remoteBranches: 3 };
}

/** CI by name, counting what it was asked and noting what git had done by then. */
class ByNameCi implements CiSource {
  readonly asked: string[] = [];
  readonly heads: (readonly BranchHead[])[] = [];
  constructor(
    private readonly sha: string,
    private readonly gitDone: () => boolean,
    readonly askedWhileGitRead: boolean[] = [],
  ) {}
  async read(heads: readonly BranchHead[]): Promise<CiRead> {
    this.heads.push(heads);
    return { kind: 'ok', branches: new Map() };
  }
  async readByName(name: string): Promise<CiRead> {
    this.asked.push(name);
    this.askedWhileGitRead.push(!this.gitDone());
    return { kind: 'ok', branches: new Map([[name, { ci: { kind: 'reported', sha: this.sha, checks: [{ name: 'build', state: 'success', url: null }] }, pullRequest: null }]]) };
  }
}

function serviceWith(ci: CiSource, git: { readBranch(name: string): Promise<GitSnapshot & { remoteBranches: number }> }): ReadinessService {
  return new ReadinessService({
    git: { read: () => Promise.reject(new Error('the board is not read for one branch')), readBranch: (name) => git.readBranch(name) },
    ci,
    records,
    policy: DEFAULT_READINESS_POLICY,
    checklist: [],
    ciProvider: 'github-checks',
    me: async () => ({ login: 'ada', email: 'ada@example.com' }),
    now: () => new Date('2026-11-26T12:00:00.000Z'),
  });
}

describe('ReadinessService.readBranch', () => {
  it('asks CI about the branch by name while git is still reading it, once', async () => {
    let gitDone = false;
    const ci = new ByNameCi(HEAD, () => gitDone);
    const git = {
      readBranch: async (name: string) => {
        // git takes a while (processes); CI must have been asked meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 20));
        gitDone = true;
        return snapshotWith(name);
      },
    };
    const { board } = await serviceWith(ci, git).readBranch('feat/a', { fetch: false });
    expect(ci.asked).toEqual(['feat/a']);
    expect(ci.askedWhileGitRead).toEqual([true]);
    expect(ci.heads).toEqual([]);
    expect(board.branches[0]?.checks).toEqual([{ name: 'build', state: 'success', url: null }]);
    expect(board.sources.ci).toEqual({ state: 'fresh', at: '2026-11-26T12:00:00.000Z' });
  });

  it('shows no checks when CI reported another commit than git’s head (the branch moved meanwhile)', async () => {
    const ci = new ByNameCi(OLDER, () => true);
    const { board } = await serviceWith(ci, { readBranch: async (name) => snapshotWith(name) }).readBranch('feat/a', { fetch: false });
    expect(board.branches[0]?.headSha).toBe(HEAD);
    expect(board.branches[0]?.checks).toEqual([]);
    expect(board.branches[0]?.readiness.state).not.toBe('eligible');
  });

  it('a branch git does not have: no row, and a git failure leaves no unhandled CI answer', async () => {
    const ci = new ByNameCi(HEAD, () => true);
    const { board, remoteBranches } = await serviceWith(ci, { readBranch: async () => snapshotWith(null) }).readBranch('feat/nope', { fetch: false });
    expect(board.branches).toEqual([]);
    expect(remoteBranches).toBe(3);
    // Both fail: git's error is the answer; CI's rejection must not surface as an unhandled one.
    const rejectingCi: CiSource = { read: () => Promise.reject(new Error('unused')), readByName: () => Promise.reject(new Error('GitHub exploded')) };
    const failing = serviceWith(rejectingCi, { readBranch: () => Promise.reject(new Error('not a git repository')) });
    await expect(failing.readBranch('feat/a', { fetch: false })).rejects.toThrow('not a git repository');
  });
});
