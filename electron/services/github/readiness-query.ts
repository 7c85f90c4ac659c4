/**
 * The GraphQL queries that read CI results and open pull requests for many branches at
 * once (validated against GitHub's schema in tests/unit/electron/services/github).
 *
 * Cost (GitHub's formula: connections' requests / 100, at least 1 point): a page of 100
 * refs × contexts(first: 100) + associatedPullRequests(first: 1) + checkSuites(first: 3) ×
 * checkRuns is 1 + 100 + 100 + 100 + 300 = 601 requests → 6 points, so 300 branches cost 3
 * queries and about 18 points of the 5,000 points/hour GraphQL budget (6 without reading
 * re-runs). GraphQL has no conditional requests: every query costs.
 */
import type { CheckResult, CheckState, PullRequestFacts, TeamRecords } from '../../../shared/readiness/branch-facts';
import { checkHistories, type RunHistory } from '../../../shared/readiness/run-history';
import { LOCAL_TESTS_CONTEXT, MANUAL_TESTING_CONTEXT } from './commit-status-publisher';
import { parsePublishedRuns, type PublishedRuns } from '../../../shared/readiness/published-runs';

/**
 * Re-runs: the rollup holds only each check's latest run, so every completed run (checkType
 * ALL) of the commit's check suites is read too: RERUN_SUITES suites of RERUN_RUNS runs in
 * the branch's own query, then, for a head with more, the rest page by page (MORE_SUITES_QUERY,
 * MORE_RUNS_QUERY; check-run-pages.ts). A check run twice with different outcomes is flaky
 * (shared/readiness/run-history.ts); a head is never judged on part of its runs.
 */
export const RERUN_SUITES = 3;
export const RERUN_RUNS = 30;
/** Pages of the follow-up queries: 50 suites × 100 runs is 51 connection requests, 1 point. */
export const MORE_SUITES = 50;
export const MORE_RUNS = 100;

const RUN_FILTER = 'filterBy: { checkType: ALL, status: COMPLETED }';
const RUN_FIELDS = 'pageInfo { hasNextPage endCursor } nodes { name conclusion completedAt }';

const REF_FIELDS = `
  name
  target {
    __typename
    ... on Commit {
      oid
      statusCheckRollup {
        state
        contexts(first: 100) {
          nodes {
            __typename
            ... on CheckRun { name status conclusion detailsUrl }
            ... on StatusContext { context state targetUrl description createdAt creator { login } }
          }
        }
      }
      checkSuites(first: ${RERUN_SUITES}) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          checkRuns(first: ${RERUN_RUNS}, ${RUN_FILTER}) { ${RUN_FIELDS} }
        }
      }
    }
  }
  associatedPullRequests(first: 1, states: OPEN) { nodes { number url title reviewDecision } }`;

export const REFS_PAGE_QUERY = `query ReadinessRefs($owner: String!, $name: String!, $after: String) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    refs(refPrefix: "refs/heads/", first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {${REF_FIELDS}
      }
    }
  }
}`;

/**
 * The same fields for named branches only (new pushes, pending checks): aliases b0…bN with
 * the names passed as variables, never spliced into the query text.
 */
export function namedRefsQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `, $q${i}: String!`).join('');
  const refs = Array.from({ length: count }, (_, i) => `    b${i}: ref(qualifiedName: $q${i}) {${REF_FIELDS.replace(/\n/g, '\n    ')}\n    }`).join('\n');
  return `query ReadinessNamedRefs($owner: String!, $name: String!${variables}) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
${refs}
  }
}`;
}

/** A commit's check suites after `$after`, for a head with more than RERUN_SUITES. */
export const MORE_SUITES_QUERY = `query ReadinessMoreSuites($owner: String!, $name: String!, $oid: GitObjectID!, $after: String) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    object(oid: $oid) {
      __typename
      ... on Commit {
        checkSuites(first: ${MORE_SUITES}, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes { id checkRuns(first: ${MORE_RUNS}, ${RUN_FILTER}) { ${RUN_FIELDS} } }
        }
      }
    }
  }
}`;

/** One check suite's completed runs after `$after`, for a suite with more than fit its first page. */
export const MORE_RUNS_QUERY = `query ReadinessMoreRuns($suite: ID!, $after: String) {
  rateLimit { cost remaining resetAt }
  node(id: $suite) {
    __typename
    ... on CheckSuite { checkRuns(first: ${MORE_RUNS}, after: $after, ${RUN_FILTER}) { ${RUN_FIELDS} } }
  }
}`;

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export interface CheckRunPage {
  /** Absent in answers to queries older than paging (a reader state kept on disk never holds these). */
  readonly pageInfo?: PageInfo;
  readonly nodes: readonly (CompletedRunNode | null)[];
}

export interface CheckSuitePage {
  readonly pageInfo?: PageInfo;
  readonly nodes: readonly ({ readonly id?: string; readonly checkRuns: CheckRunPage | null } | null)[];
}

export interface MoreSuites {
  readonly rateLimit: RateLimitInfo | null;
  readonly repository: { readonly object: { readonly __typename: string; readonly checkSuites?: CheckSuitePage | null } | null } | null;
}

export interface MoreRuns {
  readonly rateLimit: RateLimitInfo | null;
  readonly node: { readonly __typename: string; readonly checkRuns?: CheckRunPage | null } | null;
}

export interface RefNode {
  readonly name: string;
  readonly target: {
    readonly __typename: string;
    readonly oid?: string;
    readonly checkSuites?: CheckSuitePage | null;
    readonly statusCheckRollup?: {
      readonly state: string;
      readonly contexts: { readonly nodes: readonly (ContextNode | null)[] };
    } | null;
  } | null;
  readonly associatedPullRequests: { readonly nodes: readonly (PullRequestNode | null)[] };
}

type ContextNode =
  | { readonly __typename: 'CheckRun'; readonly name: string; readonly status: string; readonly conclusion: string | null; readonly detailsUrl: string | null }
  | {
      readonly __typename: 'StatusContext';
      readonly context: string;
      readonly state: string;
      readonly targetUrl: string | null;
      readonly description: string | null;
      readonly createdAt: string;
      readonly creator: { readonly login: string } | null;
    };
type StatusNode = Extract<ContextNode, { __typename: 'StatusContext' }>;

export interface CompletedRunNode {
  readonly name: string;
  readonly conclusion: string | null;
  readonly completedAt: string | null;
}

interface PullRequestNode {
  readonly number: number;
  readonly url: string;
  readonly title: string;
  readonly reviewDecision: PullRequestFacts['reviewDecision'];
}

export interface RateLimitInfo {
  readonly cost: number;
  readonly remaining: number;
  readonly resetAt: string;
}

export interface RefsPage {
  readonly rateLimit: RateLimitInfo | null;
  readonly repository: {
    readonly refs: { readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null }; readonly nodes: readonly RefNode[] };
  } | null;
}

export interface NamedRefs {
  readonly rateLimit: RateLimitInfo | null;
  readonly repository: Readonly<Record<string, RefNode | null>> | null;
}

/** CI for one branch head, as read from GitHub. */
export interface RemoteCi {
  readonly branch: string;
  readonly sha: string;
  readonly checks: readonly CheckResult[];
  /** False while any check is still queued or running: worth asking again soon. */
  readonly complete: boolean;
  readonly pullRequest: PullRequestFacts | null;
  /** What teammates published on this commit through Release Desk's own statuses. */
  readonly team: TeamRecords;
  /** Checks run more than once on this commit (re-runs), every completed outcome. */
  readonly runHistory?: readonly RunHistory[];
}

/**
 * `completedRuns`: every completed run of the head's check suites, when the query's own
 * pages did not hold them all (check-run-pages.ts); default the runs the query holds.
 */
export function toRemoteCi(node: RefNode, completedRuns?: readonly CompletedRunNode[]): RemoteCi | null {
  const target = node.target;
  if (target === null || target.oid === undefined) return null; // a ref to a tag or tree: not a branch head
  const checks = (target.statusCheckRollup?.contexts.nodes ?? []).flatMap((context): CheckResult[] => {
    if (context === null) return [];
    if (context.__typename === 'CheckRun') {
      return [{ name: context.name, state: checkRunState(context.status, context.conclusion), url: context.detailsUrl }];
    }
    return [{ name: context.context, state: commitStatusState(context.state), url: context.targetUrl }];
  });
  const pr = node.associatedPullRequests.nodes.find((candidate) => candidate !== null) ?? null;
  const statuses = (target.statusCheckRollup?.contexts.nodes ?? []).filter((context): context is StatusNode => context?.__typename === 'StatusContext');
  const runHistory = rerunHistory(target.oid, completedRuns ?? runsOnPage(target.checkSuites ?? null));
  return {
    branch: node.name,
    sha: target.oid,
    ...(runHistory.length === 0 ? {} : { runHistory }),
    team: teamRecords(target.oid, statuses),
    checks,
    complete: checks.every((check) => check.state !== 'pending'),
    pullRequest: pr === null ? null : { number: pr.number, url: pr.url, title: pr.title, reviewDecision: pr.reviewDecision ?? null },
  };
}

/** The completed runs a page of check suites holds. */
export function runsOnPage(suites: CheckSuitePage | null): CompletedRunNode[] {
  return (suites?.nodes ?? []).flatMap((suite) => (suite?.checkRuns?.nodes ?? []).filter((run): run is CompletedRunNode => run !== null));
}

/** Completed runs, oldest first, as run histories. */
function rerunHistory(sha: string, runs: readonly CompletedRunNode[]): RunHistory[] {
  const oldestFirst = [...runs].sort((a, b) => Date.parse(a.completedAt ?? '') - Date.parse(b.completedAt ?? ''));
  return checkHistories(sha, oldestFirst.map((run) => ({ name: run.name, state: checkRunState('COMPLETED', run.conclusion), url: null })));
}

/**
 * Teammates' local test results and sign-offs on `sha`, from Release Desk's statuses (the
 * rollup holds the latest per context). A sign-off counts only with a known publisher: the
 * rule needs a name, and the signer list is checked against it.
 */
export function teamRecords(sha: string, statuses: readonly StatusNode[]): TeamRecords {
  const find = (context: string) => statuses.find((status) => status.context.toLowerCase() === context);
  const tests = find(LOCAL_TESTS_CONTEXT);
  const testState = tests === undefined ? null : commitStatusState(tests.state);
  const tester = tests?.creator?.login;
  const signOff = find(MANUAL_TESTING_CONTEXT);
  const signer = signOff?.creator?.login;
  return {
    localTests:
      tests === undefined || (testState !== 'success' && testState !== 'failure' && testState !== 'error')
        ? null
        : {
            sha,
            outcome: testState === 'success' ? 'passed' : 'failed',
            at: tests.createdAt,
            ...(tester === undefined ? {} : { by: tester }),
            ...withPublishedRuns(tests.description),
          },
    signOff:
      signOff === undefined || signer === undefined || commitStatusState(signOff.state) !== 'success'
        ? null
        : { sha, by: signer, at: signOff.createdAt, items: [] },
  };
}

/** A check run's status/conclusion (REST uses the same words in lower case). */
export function checkRunState(status: string, conclusion: string | null): CheckState {
  if (status.toUpperCase() !== 'COMPLETED' || conclusion === null) return 'pending';
  switch (conclusion.toUpperCase()) {
    case 'SUCCESS':
      return 'success';
    case 'FAILURE':
    case 'STARTUP_FAILURE':
      return 'failure';
    case 'TIMED_OUT':
      return 'timed-out';
    case 'ACTION_REQUIRED':
      return 'action-required';
    case 'CANCELLED':
      return 'cancelled';
    case 'SKIPPED':
      return 'skipped';
    case 'NEUTRAL':
      return 'neutral';
    case 'STALE':
      return 'stale';
    default:
      return 'failure';
  }
}

/** A commit status state: error, expected, failure, pending, success. */
export function commitStatusState(state: string): CheckState {
  switch (state.toUpperCase()) {
    case 'SUCCESS':
      return 'success';
    case 'FAILURE':
      return 'failure';
    case 'ERROR':
      return 'error';
    default:
      return 'pending'; // PENDING, EXPECTED
  }
}

function withPublishedRuns(description: string | null): { runs?: PublishedRuns } {
  const runs = parsePublishedRuns(description);
  return runs === null ? {} : { runs };
}
