/**
 * Every completed check run of a branch head, for "passing reliably": the branch's query reads
 * the first RERUN_SUITES check suites with RERUN_RUNS runs each; a head with more suites (apps,
 * workflows) or more runs in a suite (a matrix re-run) gets the rest here, page by page, so
 * a flaky check is never missed for being past the first page. Most heads fit the first page
 * and cost nothing more.
 */
import { MORE_RUNS_QUERY, MORE_SUITES_QUERY, type CheckRunPage, type CheckSuitePage, type CompletedRunNode, type MoreRuns, type MoreSuites, type RefNode } from './readiness-query';

/** Runs a query; `inRepository`: whether it takes the repository's $owner and $name. */
export type AskGitHub = <T extends { readonly rateLimit: { readonly cost: number } | null }>(query: string, variables: Readonly<Record<string, unknown>>, inRepository: boolean) => Promise<T>;

/** Whether the branch's query left some of the head's check suites or runs unread. */
export function hasMoreRuns(node: RefNode): boolean {
  const suites = node.target?.checkSuites;
  if (suites === null || suites === undefined) return false;
  return suites.pageInfo?.hasNextPage === true || suites.nodes.some((suite) => suite?.checkRuns?.pageInfo?.hasNextPage === true);
}

/**
 * Every completed run of the head's check suites: those the branch's query held and the rest,
 * asked page by page. Throws (as any GitHub failure) when a page cannot be read: a partial
 * list would make a flaky check look reliable.
 */
export async function everyCompletedRun(node: RefNode, ask: AskGitHub): Promise<CompletedRunNode[]> {
  const target = node.target;
  const runs: CompletedRunNode[] = [];
  let suites: CheckSuitePage | null = target?.checkSuites ?? null;
  while (suites !== null) {
    for (const suite of suites.nodes) {
      if (suite === null) continue;
      let page: CheckRunPage | null = suite.checkRuns;
      while (page !== null) {
        runs.push(...page.nodes.filter((run): run is CompletedRunNode => run !== null));
        const after = nextCursor(page);
        if (after === null) break;
        if (suite.id === undefined) throw new Error(`GitHub gave a check suite of ${node.name} without an id: its other runs cannot be read`);
        const answer: MoreRuns = await ask<MoreRuns>(MORE_RUNS_QUERY, { suite: suite.id, after }, false);
        page = answer.node?.checkRuns ?? null;
        if (page === null) throw new Error(`GitHub no longer knows check suite ${suite.id} of ${node.name}`);
      }
    }
    const after = nextCursor(suites);
    if (after === null) break;
    const answer: MoreSuites = await ask<MoreSuites>(MORE_SUITES_QUERY, { oid: target?.oid, after }, true);
    suites = answer.repository?.object?.checkSuites ?? null;
    if (suites === null) throw new Error(`GitHub no longer knows commit ${String(target?.oid)} of ${node.name}`);
  }
  return runs;
}

function nextCursor(page: { readonly pageInfo?: { readonly hasNextPage: boolean; readonly endCursor: string | null } }): string | null {
  if (page.pageInfo?.hasNextPage !== true) return null;
  if (page.pageInfo.endCursor === null) throw new Error('GitHub said more check runs follow but gave no cursor to them');
  return page.pageInfo.endCursor;
}
