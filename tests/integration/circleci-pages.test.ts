/**
 * The board's CircleCI source reading the project's pipeline pages (the default) against
 * the fake CircleCI API v2: the same verdicts as asking per branch on 300 branches (finished,
 * failed, running, re-run, missing, stale and long-quiet heads), what a cold and an
 * unchanged board cost, and the finished heads kept on disk for the next process.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CircleCiCiSource } from '../../electron/services/ci/circleci-ci-source';
import { CIRCLECI_HEAD_STORE_FILE, circleCiHeadStore } from '../../electron/services/ci/circleci-head-store';
import type { BranchHead, CiRead } from '../../electron/services/readiness/readiness-service';
import { evaluateReadiness } from '../../shared/readiness/evaluate-readiness';
import { DEFAULT_READINESS_POLICY } from '../../shared/readiness/readiness-policy';
import { startFakeCircleCi, type FakeCircleCi } from '../fakes/fake-circleci';

const SLUG = 'gh/acme/shop';
const TOKEN = 'circle-token-good';
const DAY = 24 * 60 * 60 * 1000;
const sha = (i: number, salt = 'a') => `${salt}${i.toString(16).padStart(39, '0')}`.slice(0, 40);

let fake: FakeCircleCi;
let dataDir: string;

beforeEach(async () => {
  fake = await startFakeCircleCi();
  fake.addToken(TOKEN, { id: 'u1', login: 'octocat', name: 'Octo Cat' });
  fake.addProject(SLUG);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-circleci-pages-'));
});

afterEach(async () => {
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

function ok(read: CiRead) {
  if (read.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(read)}`);
  if (read.incomplete !== undefined) throw new Error(`incomplete: ${read.incomplete.reason}`);
  return read.branches;
}

const source = (options: { locate?: 'project-pages' | 'per-branch'; dataDir?: string } = {}) =>
  new CircleCiCiSource({ projectSlug: SLUG, token: async () => TOKEN, baseUrl: fake.url, timeoutMs: 10_000, ...options });

type Kind = 'passed' | 'failed' | 'running' | 'rerun' | 'stale' | 'missing' | 'quiet' | 'errored';
const KINDS: readonly Kind[] = ['passed', 'failed', 'running', 'rerun', 'stale', 'missing', 'quiet', 'passed', 'passed', 'errored'];

/**
 * 300 branches: each kind of head, plus noise the pages must see past (main's pipelines,
 * older pushes of the same branches). `quiet` heads were last pushed weeks ago.
 */
function world(count = 300): { heads: BranchHead[]; running: string[]; pipelines: number } {
  const heads: BranchHead[] = [];
  const running: string[] = [];
  const now = Date.now();
  let pipelines = 0;
  const add: typeof fake.addPipeline = (slug, spec) => {
    pipelines++;
    return fake.addPipeline(slug, spec);
  };
  fake.setClock(new Date(now - 40 * DAY));
  for (let i = 0; i < count; i++) {
    if (KINDS[i % KINDS.length] === 'quiet') add(SLUG, { branch: `feat/b${i}`, revision: sha(i), workflows: [{ name: 'build', status: 'success' }] });
  }
  fake.setClock(new Date(now - 3 * DAY));
  for (let i = 0; i < count; i++) {
    const branch = `feat/b${i}`;
    const kind = KINDS[i % KINDS.length] as Kind;
    heads.push({ name: branch, headSha: sha(i) });
    if (i % 3 === 0 && kind !== 'missing' && kind !== 'quiet') {
      add(SLUG, { branch, revision: sha(i, 'c'), workflows: [{ name: 'build', status: 'failed' }] }); // an older push
    }
    if (i % 25 === 0) add(SLUG, { branch: 'master', revision: sha(i, 'd'), workflows: [{ name: 'build', status: 'success' }] });
    switch (kind) {
      case 'passed':
        add(SLUG, { branch, revision: sha(i), workflows: [{ name: 'build', status: 'success' }, { name: 'lint', status: 'success' }] });
        break;
      case 'failed':
        add(SLUG, { branch, revision: sha(i), workflows: [{ name: 'build', status: 'failed' }, { name: 'lint', status: 'success' }] });
        break;
      case 'running':
        running.push(...add(SLUG, { branch, revision: sha(i), workflows: [{ name: 'build', status: 'running' }] }).workflowIds);
        break;
      case 'rerun':
        add(SLUG, { branch, revision: sha(i), workflows: [{ name: 'build', status: 'failed' }, { name: 'build', status: 'success' }] });
        break;
      case 'stale':
        add(SLUG, { branch, revision: sha(i, 'e'), workflows: [{ name: 'build', status: 'success' }] });
        break;
      case 'errored':
        add(SLUG, { branch, revision: sha(i), state: 'errored', workflows: [] });
        break;
      case 'missing':
      case 'quiet':
        break;
    }
  }
  return { heads, running, pipelines };
}

const policy = { ...DEFAULT_READINESS_POLICY, requireLocalTests: false, requireSignOff: false };

/** The verdict each branch gets from these CI facts alone, and the re-runs read. */
function verdicts(heads: readonly BranchHead[], branches: ReturnType<typeof ok>) {
  return heads.map((head) => {
    const facts = branches.get(head.name);
    if (facts === undefined) return `${head.name}: no facts`;
    const readiness = evaluateReadiness(
      {
        name: head.name,
        headSha: head.headSha,
        author: { name: 'a', email: 'a@example.com' },
        lastCommitAt: '2026-11-01T00:00:00Z',
        ahead: 1,
        behind: 0,
        conflict: { kind: 'none' },
        ci: facts.ci,
        localTests: null,
        signOff: null,
        runHistory: facts.runHistory ?? [],
      },
      policy,
    );
    return { branch: head.name, readiness, runHistory: facts.runHistory ?? [] };
  });
}

describe('CircleCiCiSource by project pages', () => {
  it('gives the per-branch way’s verdicts on 300 branches for far fewer requests, and asks nothing about finished heads again', async () => {
    const { heads, running, pipelines } = world();
    const perBranch = ok(await source({ locate: 'per-branch' }).read(heads));
    const perBranchRequests = fake.requestCount();

    fake.resetCounts();
    const ci = source();
    const byPages = ok(await ci.read(heads));
    const cold = { pipelines: fake.requestCount('pipelines'), workflows: fake.requestCount('workflows') };

    expect(verdicts(heads, byPages)).toEqual(verdicts(heads, perBranch));
    // Not vacuous: every kind of verdict is there, and the re-runs were read.
    const states = new Set(verdicts(heads, byPages).map((v) => (typeof v === 'string' ? v : `${v.readiness.state}:${v.readiness.state === 'blocked' ? v.readiness.blockers[0]?.kind : ''}`)));
    expect([...states].sort()).toEqual(['blocked:ci-failed', 'blocked:ci-missing', 'blocked:ci-pending', 'eligible:'].sort());
    expect(byPages.get('feat/b3')?.runHistory).toEqual([{ source: 'check', name: 'build', sha: sha(3), outcomes: ['failed', 'passed'] }]);

    // Cold: the whole pipeline list, 20 a page (so a branch not in it has none: nothing is
    // asked per branch), and one workflow list per head with a pipeline on it. Per branch:
    // 2 requests a branch, 1 where CircleCI has no pipeline.
    const onHead = heads.filter((_, i) => ['passed', 'failed', 'running', 'rerun', 'quiet', 'errored'].includes(KINDS[i % KINDS.length] as Kind)).length;
    const missing = heads.filter((_, i) => KINDS[i % KINDS.length] === 'missing').length;
    expect(cold).toEqual({ pipelines: Math.ceil(pipelines / 20), workflows: onHead });
    expect(perBranchRequests).toBe(2 * heads.length - missing);

    // Unchanged: one page (nothing new) and the running heads' workflows, nothing else.
    fake.resetCounts();
    const again = ok(await ci.read(heads));
    expect(verdicts(heads, again)).toEqual(verdicts(heads, byPages));
    expect({ pipelines: fake.requestCount('pipelines'), workflows: fake.requestCount('workflows') }).toEqual({ pipelines: 1, workflows: running.length });

    // The running ones finish; a new pipeline appears for a missing branch (page 1 only).
    for (const id of running) fake.setWorkflowStatus(id, 'success');
    fake.setClock(new Date());
    fake.addPipeline(SLUG, { branch: 'feat/b5', revision: sha(5), workflows: [{ name: 'build', status: 'success' }] });
    fake.resetCounts();
    const later = ok(await ci.read(heads));
    expect(later.get('feat/b5')?.ci).toMatchObject({ kind: 'reported', sha: sha(5), checks: [{ name: 'build', state: 'success' }] });
    expect(later.get('feat/b2')?.ci).toMatchObject({ checks: [{ name: 'build', state: 'success' }] });
    expect({ pipelines: fake.requestCount('pipelines'), workflows: fake.requestCount('workflows') }).toEqual({ pipelines: 1, workflows: running.length + 1 });
  });

  it('asks per branch, with the same verdicts, for the branches the pages it may read did not reach', async () => {
    const { heads } = world(60);
    const perBranch = ok(await source({ locate: 'per-branch' }).read(heads));
    fake.resetCounts();
    const before = fake.server.requests.length;
    const ci = new CircleCiCiSource({ projectSlug: SLUG, token: async () => TOKEN, baseUrl: fake.url, pages: { maxPages: 2 } });
    const byPages = ok(await ci.read(heads));
    expect(verdicts(heads, byPages)).toEqual(verdicts(heads, perBranch));
    const branchQueries = fake.server.requests.slice(before).filter((request) => request.path.endsWith('/pipeline') && request.query.has('branch')).length;
    expect(branchQueries).toBeGreaterThan(10);
    expect(fake.requestCount('pipelines')).toBe(2 + branchQueries);

    // Unchanged: one page, and no branch asked again (each answer, a pipeline or none, is kept).
    fake.resetCounts();
    expect(verdicts(heads, ok(await ci.read(heads)))).toEqual(verdicts(heads, perBranch));
    expect(fake.requestCount('pipelines')).toBe(1);
  });

  it('after more new pipelines than it may read, forgets what it knew and asks per branch instead of trusting a gap', async () => {
    fake.setClock(new Date(Date.now() - DAY));
    const heads = [{ name: 'feat/slow', headSha: sha(1) }, { name: 'feat/new', headSha: sha(2) }];
    const slow = fake.addPipeline(SLUG, { branch: 'feat/slow', revision: sha(1), workflows: [{ name: 'build', status: 'running' }] });
    const ci = new CircleCiCiSource({ projectSlug: SLUG, token: async () => TOKEN, baseUrl: fake.url, pages: { maxPages: 2 } });
    expect(ok(await ci.read(heads)).get('feat/slow')?.ci).toMatchObject({ checks: [{ state: 'pending' }] });

    // A busy hour: 60 pipelines of other branches, and feat/slow rebuilt on its head (a new pipeline) below them.
    fake.addPipeline(SLUG, { branch: 'feat/slow', revision: sha(1), workflows: [{ name: 'build', status: 'success' }] });
    for (let i = 0; i < 60; i++) fake.addPipeline(SLUG, { branch: `other/${i}`, revision: sha(100 + i), workflows: [{ name: 'build', status: 'success' }] });
    fake.setWorkflowStatus(slow.workflowIds[0] ?? '', 'failed');
    fake.resetCounts();
    const read = ok(await ci.read(heads));
    // Two pages could not reach the last scan: feat/slow is asked on its own and its newest pipeline counts.
    expect(read.get('feat/slow')?.ci).toMatchObject({ checks: [{ name: 'build', state: 'success' }] });
    expect(fake.requestCount('pipelines')).toBe(2 + 2);
  });

  it('keeps finished heads on disk: a new process asks CircleCI nothing when nothing was pushed', async () => {
    fake.setClock(new Date(Date.now() - DAY));
    const heads = Array.from({ length: 40 }, (_, i) => ({ name: `feat/f${i}`, headSha: sha(i) }));
    for (const [i, head] of heads.entries()) {
      fake.addPipeline(SLUG, { branch: head.name, revision: head.headSha, workflows: [{ name: 'build', status: i % 4 === 0 ? 'failed' : 'success' }, ...(i === 7 ? [{ name: 'build', status: 'failed' }] : [])] });
    }
    const first = ok(await source({ dataDir }).read(heads));
    expect(fake.requestCount()).toBeGreaterThan(0);

    fake.resetCounts();
    const second = ok(await source({ dataDir }).read(heads));
    expect(fake.requestCount()).toBe(0);
    expect([...second]).toEqual([...first]);
    expect(second.get('feat/f7')?.runHistory).toEqual([{ source: 'check', name: 'build', sha: sha(7), outcomes: ['passed', 'failed'] }]);

    // A push moves one head: only that one is asked about.
    fake.addPipeline(SLUG, { branch: 'feat/f1', revision: sha(1, 'f'), workflows: [{ name: 'build', status: 'success' }] });
    fake.resetCounts();
    const pushed = ok(await source({ dataDir }).read(heads.map((head) => (head.name === 'feat/f1' ? { ...head, headSha: sha(1, 'f') } : head))));
    expect(pushed.get('feat/f1')?.ci).toMatchObject({ sha: sha(1, 'f') });
    expect({ pipelines: fake.requestCount('pipelines'), workflows: fake.requestCount('workflows') }).toEqual({ pipelines: 1, workflows: 1 });
  });

  it('discards a damaged, edited or foreign store and asks CircleCI instead, never trusting it', async () => {
    fake.setClock(new Date(Date.now() - DAY));
    const head = { name: 'feat/x', headSha: sha(1) };
    fake.addPipeline(SLUG, { branch: head.name, revision: head.headSha, workflows: [{ name: 'build', status: 'failed' }] });
    const file = path.join(dataDir, CIRCLECI_HEAD_STORE_FILE);
    const lie = { pullRequest: null, ci: { kind: 'reported', sha: head.headSha, checks: [{ name: 'build', state: 'success', url: null }] } } as const;
    // Another project's store says the head passed: not this project's answer.
    await circleCiHeadStore(dataDir, 'gh/acme/other').save([{ branch: head.name, sha: head.headSha, facts: lie }]);
    const foreign = await readFile(file, 'utf8');
    // This project's own file, its success edited in by hand: the digest no longer matches.
    await rm(file);
    await circleCiHeadStore(dataDir, SLUG).save([{ branch: head.name, sha: head.headSha, facts: { ...lie, ci: { ...lie.ci, checks: [{ name: 'build', state: 'failure', url: null }] } } }]);
    const edited = (await readFile(file, 'utf8')).replace('"failure"', '"success"');
    for (const text of ['{"format": "release-desk-cache", "kind": "circ', foreign, edited]) {
      await writeFile(file, text);
      fake.resetCounts();
      const read = ok(await source({ dataDir }).read([head]));
      expect(read.get(head.name)?.ci).toMatchObject({ checks: [{ name: 'build', state: 'failure' }] });
      expect(fake.requestCount()).toBeGreaterThan(0);
    }
    expect(await circleCiHeadStore(dataDir, SLUG).load()).toMatchObject([{ branch: head.name, sha: head.headSha, facts: { ci: { checks: [{ state: 'failure' }] } } }]);
  });

  it('fails the whole read when the pages are refused (revoked token, rate limit), without asking per branch', async () => {
    fake.setClock(new Date(Date.now() - DAY));
    const heads = [{ name: 'feat/x', headSha: sha(1) }];
    fake.addPipeline(SLUG, { branch: 'feat/x', revision: sha(1), workflows: [{ name: 'build', status: 'success' }] });
    fake.setFault({ status: 429, retryAfter: 30 });
    const read = await source().read(heads);
    expect(read).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/^CircleCI rate limit reached/) });
    expect(fake.requestCount()).toBe(1);
    fake.setFault({ status: 401 });
    fake.resetCounts();
    expect(await source().read(heads)).toMatchObject({ kind: 'failed', reason: 'CircleCI rejected the token: reconnect CircleCI' });
    expect(fake.requestCount()).toBe(1);
  });
});
