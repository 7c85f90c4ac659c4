/**
 * The board's CI source when release-desk.yml says `ci.provider: circleci`: for each branch
 * head, the latest pipeline of the branch, each of its workflows a check.
 *
 * `CiFacts.sha` is the pipeline's commit, so a pipeline for an older push does not count for
 * a new one (the readiness rule says CI has not reported on the head yet). A result is cached
 * per (branch, head SHA) once the pipeline ran on that head and every workflow is terminal:
 * a refresh where nothing moved asks CircleCI only about what is still running.
 *
 * Costs 2 requests per uncached branch (pipelines, workflows), at most 4 in flight. A revoked
 * token, an unknown project or a rate limit fails the whole read (the board keeps its last
 * good data, flagged stale, until `retryAt`); a transient error on one branch marks only
 * that branch unavailable, or keeps its last known result.
 */
import { isTerminalWorkflowStatus, workflowCheckState } from '../../../shared/ci/circleci-status';
import type { CheckResult, CiFacts } from '../../../shared/readiness/branch-facts';
import { mapWithConcurrency } from '../git/bounded-pool';
import type { BranchHead, CiBranchFacts, CiRead, CiSource } from '../readiness/readiness-service';
import { CircleCiClient, CircleCiError, type CircleCiProblem } from './circleci-client';
import { latestWorkflowPerName } from './circleci-details';
import { circleCiWebUrls } from './circleci-web-urls';

export const CIRCLECI_NOT_CONNECTED = 'CircleCI is not connected: connect it in Settings (the CLI reads CIRCLECI_TOKEN)';

export interface CircleCiCiSourceOptions {
  readonly projectSlug: string;
  /** The CircleCI token from the vault (or CIRCLECI_TOKEN in the CLI); null when not connected. */
  readonly token: () => Promise<string | null>;
  /** The API host; default https://circleci.com. */
  readonly baseUrl?: string;
  /** The web app for links; default https://app.circleci.com. */
  readonly webApp?: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
  /** Branches read at once; default 4. */
  readonly concurrency?: number;
  readonly now?: () => number;
}

type BranchOutcome =
  | { readonly kind: 'cached'; readonly facts: CiBranchFacts }
  | { readonly kind: 'read'; readonly facts: CiBranchFacts; readonly final: boolean }
  | { readonly kind: 'problem'; readonly problem: CircleCiProblem }
  | { readonly kind: 'skipped' };

const FATAL: ReadonlySet<CircleCiProblem['kind']> = new Set(['unauthorized', 'not-found', 'rate-limited']);

export class CircleCiCiSource implements CiSource {
  /** Final results: the pipeline ran on this head and every workflow is terminal. */
  private readonly final = new Map<string, CiBranchFacts>();
  /** The last result read for a head, final or not: shown when a later read of it fails. */
  private readonly lastKnown = new Map<string, CiBranchFacts>();
  private rateLimited: { readonly until: number; readonly message: string; readonly retryAt: string } | null = null;
  private readonly now: () => number;

  constructor(private readonly options: CircleCiCiSourceOptions) {
    this.now = options.now ?? Date.now;
  }

  async read(heads: readonly BranchHead[]): Promise<CiRead> {
    if (this.rateLimited !== null && this.now() < this.rateLimited.until) {
      // Told to wait: asking again before the reset only extends the penalty.
      return { kind: 'failed', reason: this.rateLimited.message, retryAt: this.rateLimited.retryAt };
    }
    this.rateLimited = null;
    let token: string | null;
    try {
      token = await this.options.token();
    } catch (error) {
      // The vault could not decrypt it, say: the board shows why instead of failing to refresh.
      return { kind: 'failed', reason: `the CircleCI token could not be read: ${error instanceof Error ? error.message : String(error)}`, retryAt: null };
    }
    if (token === null || token === '') return { kind: 'failed', reason: CIRCLECI_NOT_CONNECTED, retryAt: null };

    const client = new CircleCiClient({ token, baseUrl: this.options.baseUrl, timeoutMs: this.options.timeoutMs, now: this.now });
    this.forgetGone(heads);
    // Set by the first branch that fails for every branch: the rest are not asked.
    const stop: { problem: CircleCiProblem | null } = { problem: null };
    const outcomes = await mapWithConcurrency(heads, this.options.concurrency ?? 4, async (head): Promise<BranchOutcome> => {
      const cached = this.final.get(keyOf(head));
      if (cached !== undefined) return { kind: 'cached', facts: cached };
      if (stop.problem !== null) return { kind: 'skipped' };
      try {
        return await this.readBranch(client, head);
      } catch (error) {
        if (!(error instanceof CircleCiError)) throw error;
        if (FATAL.has(error.problem.kind)) stop.problem ??= error.problem;
        return { kind: 'problem', problem: error.problem };
      }
    });

    if (stop.problem !== null) return this.failWith(stop.problem);
    const problems = outcomes.flatMap((outcome) => (outcome.kind === 'problem' ? [outcome.problem] : []));
    const asked = outcomes.filter((outcome) => outcome.kind === 'read' || outcome.kind === 'problem').length;
    // Every branch we asked about failed: CircleCI is down, not one branch.
    const [firstProblem] = problems;
    if (firstProblem !== undefined && problems.length === asked) return this.failWith(firstProblem);

    const branches = new Map<string, CiBranchFacts>();
    heads.forEach((head, i) => {
      const outcome = outcomes[i] as BranchOutcome;
      const key = keyOf(head);
      if (outcome.kind === 'cached') {
        branches.set(head.name, outcome.facts);
      } else if (outcome.kind === 'read') {
        this.lastKnown.set(key, outcome.facts);
        if (outcome.final) this.final.set(key, outcome.facts);
        branches.set(head.name, outcome.facts);
      } else if (outcome.kind === 'problem') {
        branches.set(head.name, this.lastKnown.get(key) ?? { pullRequest: null, ci: { kind: 'unavailable', reason: outcome.problem.message } });
      }
    });
    return { kind: 'ok', branches };
  }

  private async readBranch(client: CircleCiClient, head: BranchHead): Promise<BranchOutcome> {
    const [pipeline] = await client.branchPipelines(this.options.projectSlug, head.name);
    if (pipeline === undefined) {
      // CircleCI answered and has nothing for this branch: no check has reported on the head.
      // Not final: the push may still be on its way to CircleCI.
      return { kind: 'read', final: false, facts: { pullRequest: null, ci: { kind: 'reported', sha: head.headSha, checks: [] } } };
    }
    const workflows = latestWorkflowPerName(await client.pipelineWorkflows(pipeline.id));
    const urls = circleCiWebUrls(this.options.projectSlug, this.options.webApp);
    const checks: CheckResult[] = workflows.map((workflow) => ({
      name: workflow.name,
      state: workflowCheckState(workflow.status),
      url: urls.workflow(pipeline.number, workflow.id),
    }));
    const sha = pipeline.vcs?.revision ?? '';
    const ci: CiFacts = { kind: 'reported', sha, checks };
    // A pipeline with no workflow yet may still be setting up, unless it errored.
    const settled = workflows.length > 0 ? workflows.every((workflow) => isTerminalWorkflowStatus(workflow.status)) : pipeline.state === 'errored';
    return { kind: 'read', final: sha === head.headSha && settled, facts: { pullRequest: null, ci } };
  }

  private failWith(problem: CircleCiProblem): CiRead {
    if (problem.kind === 'rate-limited') {
      this.rateLimited = { until: Date.parse(problem.retryAt), message: problem.message, retryAt: problem.retryAt };
      return { kind: 'failed', reason: problem.message, retryAt: problem.retryAt };
    }
    return { kind: 'failed', reason: problem.message, retryAt: null };
  }

  /** Drops what was kept for heads that are gone (a push moved them, the branch was deleted). */
  private forgetGone(heads: readonly BranchHead[]): void {
    const live = new Set(heads.map(keyOf));
    for (const cache of [this.final, this.lastKnown]) for (const key of [...cache.keys()]) if (!live.has(key)) cache.delete(key);
  }
}

function keyOf(head: BranchHead): string {
  return `${head.name}\u0000${head.headSha}`;
}
