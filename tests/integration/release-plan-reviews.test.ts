/**
 * What a plan freezes for the audit, through the real release service on a real repository:
 * the board's readiness snapshot and each reviewer's standing decision, read from a fake
 * GitHub on 127.0.0.1 whose reviews answer in GitHub's documented shape (checked against
 * @octokit/openapi). A later comment does not undo an approval; GitHub hanging or refusing
 * never delays the plan past its bound and leaves the reviews unrecorded, never invented.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { createReleaseGitHub } from '../../electron/services/releases/release-github';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import type { ReadinessSnapshot } from '../../shared/releases/readiness-snapshot';
import type { EventOf } from '../../shared/releases/release-events';
import { githubUser } from '../fakes/fake-github-commit-pulls';
import { startFakeHttpServer, type FakeHttpServer } from '../fakes/fake-http-server';
import { checkAgainst, responseSchema } from '../fakes/openapi-check';
import { writeLocalCiWorkspace } from '../fixtures/local-ci-workspace';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { testReleaseService } from '../fixtures/test-release-service';

const TOKEN = 'ghp_planreviewstoken0123456789abcdefabcd';
const CAROL = 'carol@example.com';
let repo: TestRepo;
let config: WorkspaceConfig;
let github: FakeHttpServer;
let head: string;

const SNAPSHOT: ReadinessSnapshot = {
  reviewDecision: 'APPROVED',
  ci: { provider: 'github-checks', sha: '', checks: [{ name: 'ci/test', state: 'success', url: 'https://ci.example/1' }] },
  localTests: null,
  signOff: null,
  summary: 'eligible for release',
};

function review(id: number, login: string, state: string, submittedAt: string) {
  const html = `https://github.com/welkin/web/pull/7#pullrequestreview-${id}`;
  return {
    id,
    node_id: `PRR_${id}`,
    user: githubUser(login, id * 10),
    body: '',
    state,
    html_url: html,
    pull_request_url: 'https://api.github.com/repos/welkin/web/pulls/7',
    _links: { html: { href: html }, pull_request: { href: 'https://api.github.com/repos/welkin/web/pulls/7' } },
    submitted_at: submittedAt,
    commit_id: head,
    author_association: 'MEMBER',
  };
}

beforeAll(async () => {
  repo = await createTestRepo();
  await repo.commit('master', { 'page.txt': 'heading\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await repo.git('checkout', '--quiet', '-b', 'feat/reviewed', 'master');
  head = await repo.commit('feat/reviewed', { 'new.txt': 'reviewed\n' });
  await repo.git('push', '--quiet', 'origin', 'feat/reviewed');
  await repo.git('checkout', '--quiet', 'master');
  await repo.git('config', 'user.email', CAROL);
  config = await writeLocalCiWorkspace(repo.root, {
    repository: { github: 'welkin/web' },
    environments: {
      production: { commands: { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' } },
      staging: { commands: { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' } },
    },
    people: { coordinators: [CAROL], onCall: [CAROL], signOff: [CAROL] },
  });

  github = await startFakeHttpServer();
  github.route((request) => {
    if (request.headers.authorization !== `token ${TOKEN}`) return { status: 401, body: { message: 'Bad credentials' } };
    if (request.method === 'GET' && request.path === '/repos/welkin/web/pulls/7/reviews') {
      return {
        status: 200,
        body: [
          review(1, 'erin', 'CHANGES_REQUESTED', '2026-11-20T10:00:00Z'),
          review(2, 'erin', 'APPROVED', '2026-11-20T11:00:00Z'),
          // A comment after the approval does not take it back.
          review(3, 'erin', 'COMMENTED', '2026-11-20T11:30:00Z'),
          review(4, 'frank', 'COMMENTED', '2026-11-20T12:00:00Z'),
          review(5, 'grace', 'DISMISSED', '2026-11-20T12:30:00Z'),
        ],
      };
    }
    return undefined;
  });
});

afterAll(async () => {
  await github.close();
  await repo.cleanup();
});

async function planWith(environment: string): Promise<{ planned: EventOf<'planned'>; ms: number }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'plan-reviews-data-'));
  try {
    const journal = openReleaseJournal({ file: journalFileFor(dataDir) });
    const releases = testReleaseService({
      journal,
      config,
      workspaceDir: repo.root,
      dataDir,
      actor: CAROL,
      secrets: () => [TOKEN],
      eligibility: async (branch) =>
        branch === 'feat/reviewed'
          ? { headSha: head, eligible: true, summary: 'eligible for release', pullRequest: { number: 7, url: 'https://github.com/welkin/web/pull/7', title: 'Reviewed' }, snapshot: { ...SNAPSHOT, ci: SNAPSHOT.ci === null ? null : { ...SNAPSHOT.ci, sha: head } } }
          : null,
      github: createReleaseGitHub({ repository: 'welkin/web', baseUrl: github.url, token: async () => TOKEN }),
    });
    const started = performance.now();
    await releases.plan({ environment, branch: 'feat/reviewed' });
    const ms = performance.now() - started;
    const planned = (await journal.read()).events.find((event): event is EventOf<'planned'> => event.type === 'planned');
    if (planned === undefined) throw new Error('nothing planned');
    return { planned, ms };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('a plan freezes readiness and the reviewers\' decisions', () => {
  it('the fake\'s reviews are in GitHub\'s documented shape', async () => {
    const answer = await fetch(`${github.url}/repos/welkin/web/pulls/7/reviews`, { headers: { authorization: `token ${TOKEN}` } });
    expect(checkAgainst(responseSchema('/repos/{owner}/{repo}/pulls/{pull_number}/reviews', 'get'), await answer.json())).toEqual([]);
  });

  it('each reviewer\'s standing decision joins the snapshot: the latest decision, not a later comment', async () => {
    const { planned } = await planWith('production');
    expect(planned.data.readiness).toEqual({
      ...SNAPSHOT,
      ci: { ...SNAPSHOT.ci, sha: head },
      reviews: [
        { reviewer: 'erin', state: 'APPROVED', at: '2026-11-20T11:00:00Z' },
        { reviewer: 'frank', state: 'COMMENTED', at: '2026-11-20T12:00:00Z' },
        { reviewer: 'grace', state: 'DISMISSED', at: '2026-11-20T12:30:00Z' },
      ],
    });
    expect(github.requests.filter((request) => request.path === '/repos/welkin/web/pulls/7/reviews')).not.toHaveLength(0);
  });

  it('GitHub hanging: the plan goes on within its bound, reviews not recorded; GitHub refusing: the same', async () => {
    github.faults.hang();
    try {
      const { planned, ms } = await planWith('staging');
      expect(planned.data.readiness).toEqual({ ...SNAPSHOT, ci: { ...SNAPSHOT.ci, sha: head } });
      expect(planned.data.readiness?.reviews).toBeUndefined();
      expect(ms).toBeLessThan(15_000);
    } finally {
      await github.faults.recover();
    }
    github.faults.answer({ status: 500, body: { message: 'Server Error' } });
    try {
      const { planned } = await planWith('staging');
      expect(planned.data.readiness?.reviews).toBeUndefined();
    } finally {
      await github.faults.recover();
    }
  }, 60_000);
});
