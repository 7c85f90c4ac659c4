/**
 * The fake GitHub's "list pull requests associated with a commit", following
 * docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit:
 *  - GET /repos/{o}/{r}/commits/{commit_sha}/pulls   200 with pull-request-simple objects:
 *    the pull requests whose commits include the SHA, or whose merge wrote it; [] for a commit
 *    no pull request carried (a direct push); 422 for something that is not a SHA; 401 without
 *    a known token.
 * Answers are checked against @octokit/openapi in tests/unit/fakes.
 */
import type { FakeHttpServer, FakeReply, RecordedRequest } from './fake-http-server';

export interface FakeCommitPull {
  readonly number: number;
  readonly title: string;
  readonly headRef: string;
  /** The commits the pull request carries. */
  readonly commits: readonly string[];
  /** Set when merged: the commit the merge wrote on the base branch. */
  readonly merged: { readonly mergeCommitSha: string; readonly mergedAt: string } | null;
}

export interface FakeCommitPullsApi {
  /** A pull request outside Release Desk (numbered from 500). */
  add(pull: Omit<FakeCommitPull, 'number'>): FakeCommitPull;
  /** The requests this route answered. */
  readonly lookups: readonly string[];
}

export function installCommitPullRoutes(
  server: FakeHttpServer,
  repository: { readonly owner: string; readonly repo: string },
  userOf: (authorization: string | undefined) => { readonly login: string } | undefined,
): FakeCommitPullsApi {
  const pulls: FakeCommitPull[] = [];
  const lookups: string[] = [];
  const { owner, repo } = repository;
  const pattern = new RegExp(`^/repos/${owner}/${repo}/commits/([^/]+)/pulls$`);
  const api = () => `${server.url}/repos/${owner}/${repo}`;
  const html = `https://github.com/${owner}/${repo}`;

  server.route((request: RecordedRequest): FakeReply | undefined => {
    const match = request.method === 'GET' ? pattern.exec(request.path) : null;
    if (match === null) return undefined;
    if (userOf(request.headers.authorization) === undefined) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
    const sha = decodeURIComponent(match[1] ?? '');
    lookups.push(sha);
    if (!/^[0-9a-f]{7,40}$/.test(sha)) return { status: 422, body: { message: `No commit found for SHA: ${sha}`, documentation_url: 'https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit', status: '422' } };
    const found = pulls.filter((pull) => pull.commits.some((commit) => commit.startsWith(sha)) || pull.merged?.mergeCommitSha.startsWith(sha) === true);
    return { status: 200, body: found.map((pull) => pullJson(pull, api(), html, owner, repo, server.url)) };
  });

  return {
    add(pull) {
      const added = { ...pull, number: 500 + pulls.length };
      pulls.push(added);
      return added;
    },
    lookups,
  };
}

const STAMP = '2026-11-01T10:00:00Z';

function pullJson(pull: FakeCommitPull, api: string, html: string, owner: string, repo: string, apiRoot: string): Record<string, unknown> {
  const url = `${api}/pulls/${pull.number}`;
  const head = pull.commits.at(-1) ?? '0'.repeat(40);
  const link = (href: string) => ({ href });
  const author = githubUser('erin', 71, apiRoot);
  const side = (ref: string, sha: string) => ({ label: `${owner}:${ref}`, ref, sha, user: githubUser(owner, 1, apiRoot), repo: repositoryJson(owner, repo, api, html, apiRoot) });
  return {
    url,
    id: 900_000 + pull.number,
    node_id: `PR_${pull.number}`,
    html_url: `${html}/pull/${pull.number}`,
    diff_url: `${html}/pull/${pull.number}.diff`,
    patch_url: `${html}/pull/${pull.number}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${head}`,
    number: pull.number,
    state: pull.merged === null ? 'open' : 'closed',
    locked: false,
    title: pull.title,
    user: author,
    body: null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: STAMP,
    updated_at: pull.merged?.mergedAt ?? STAMP,
    closed_at: pull.merged?.mergedAt ?? null,
    merged_at: pull.merged?.mergedAt ?? null,
    merge_commit_sha: pull.merged?.mergeCommitSha ?? null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.headRef, head),
    base: side('master', '0'.repeat(40)),
    _links: {
      self: link(url),
      html: link(`${html}/pull/${pull.number}`),
      issue: link(`${api}/issues/${pull.number}`),
      comments: link(`${api}/issues/${pull.number}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${api}/statuses/${head}`),
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: false,
  };
}

/** A simple-user object as GitHub's REST API embeds it (in pulls, reviews, …). */
export function githubUser(login: string, id: number, apiRoot = 'https://api.github.com'): Record<string, unknown> {
  const url = `${apiRoot}/users/${login}`;
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'User',
    site_admin: false,
  };
}

/** GitHub's full repository object, as pull requests embed it in head and base. */
function repositoryJson(owner: string, name: string, api: string, html: string, apiRoot: string): Record<string, unknown> {
  const templated = ['archive', 'assignees', 'blobs', 'branches', 'collaborators', 'comments', 'commits', 'compare', 'contents', 'contributors', 'deployments', 'downloads', 'events', 'forks', 'git_commits', 'git_refs', 'git_tags', 'hooks', 'issue_comment', 'issue_events', 'issues', 'keys', 'labels', 'languages', 'merges', 'milestones', 'notifications', 'pulls', 'releases', 'stargazers', 'statuses', 'subscribers', 'subscription', 'tags', 'teams', 'trees'];
  return {
    id: 1296269,
    node_id: 'R_kgDOABCDEF',
    name,
    full_name: `${owner}/${name}`,
    owner: githubUser(owner, 1, apiRoot),
    private: true,
    html_url: html,
    description: null,
    fork: false,
    url: api,
    ...Object.fromEntries(templated.map((key) => [`${key}_url`, `${api}/${key.replace(/_/g, '/')}`])),
    clone_url: `${html}.git`,
    git_url: `git://github.com/${owner}/${name}.git`,
    ssh_url: `git@github.com:${owner}/${name}.git`,
    svn_url: html,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 1024,
    default_branch: 'master',
    open_issues: 0,
    open_issues_count: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: STAMP,
    created_at: STAMP,
    updated_at: STAMP,
  };
}
