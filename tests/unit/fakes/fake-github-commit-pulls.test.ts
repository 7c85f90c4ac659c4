import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../../fakes/fake-github';
import { checkAgainst, responseSchema } from '../../fakes/openapi-check';

const TOKEN = 'ghp_fakeCommitPulls';
let github: FakeGitHub;
const BRANCH_HEAD = 'b'.repeat(40);
const MERGE = 'c'.repeat(40);

beforeAll(async () => {
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'ada', id: 1, name: 'Ada' });
  github.commitPulls.add({ title: 'Hotfix outside Release Desk', headRef: 'hotfix/x', commits: [BRANCH_HEAD], merged: { mergeCommitSha: MERGE, mergedAt: '2026-11-03T10:00:00Z' } });
  github.commitPulls.add({ title: 'Still open', headRef: 'feature/open', commits: ['d'.repeat(40)], merged: null });
});
afterAll(() => github.close());

const get = async (path: string, token: string | null = TOKEN) => {
  const response = await fetch(`${github.url}${path}`, { headers: token === null ? {} : { authorization: `token ${token}` } });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('the fake GitHub\'s pull requests of a commit answer in the shape @octokit/openapi documents', () => {
  const schema = () => responseSchema('/repos/{owner}/{repo}/commits/{commit_sha}/pulls', 'get');

  it('a merged pull request, found by its merge commit and by the commit it carried', async () => {
    for (const sha of [MERGE, BRANCH_HEAD]) {
      const answer = await get(`/repos/welkin/web/commits/${sha}/pulls`);
      expect(answer.status).toBe(200);
      expect(checkAgainst(schema(), answer.body)).toEqual([]);
      // The check can fail: the same answer without its head is caught.
      const [first] = answer.body as Record<string, unknown>[];
      expect(checkAgainst(schema(), [{ ...first, head: undefined }]).length).toBeGreaterThan(0);
      expect(answer.body).toMatchObject([{ number: 500, merge_commit_sha: MERGE, merged_at: '2026-11-03T10:00:00Z', html_url: 'https://github.com/welkin/web/pull/500', state: 'closed' }]);
    }
  });

  it('an open one, and none for a direct push', async () => {
    const open = await get(`/repos/welkin/web/commits/${'d'.repeat(40)}/pulls`);
    expect(checkAgainst(schema(), open.body)).toEqual([]);
    expect(open.body).toMatchObject([{ number: 501, merged_at: null, merge_commit_sha: null, state: 'open' }]);
    expect(await get(`/repos/welkin/web/commits/${'e'.repeat(40)}/pulls`)).toEqual({ status: 200, body: [] });
  });

  it('refuses what GitHub refuses: not a SHA, no token', async () => {
    expect((await get('/repos/welkin/web/commits/not-a-sha/pulls')).status).toBe(422);
    expect((await get(`/repos/welkin/web/commits/${MERGE}/pulls`, null)).status).toBe(401);
  });
});
