/**
 * The board's CI source when release-desk.yml says `ci.provider: circleci`: for each branch
 * head, the latest pipeline of the branch, each of its workflows a check.
 *
 * `CiFacts.sha` is the pipeline's commit, so a pipeline for an older push does not count for
 * a new one (the readiness rule says CI has not reported on the head yet). A result is cached
 * per (branch, head SHA) once the pipeline ran on that head and every workflow is terminal:
 * a refresh where nothing moved asks CircleCI only about what is still running.
 *
 * Finding each branch's latest pipeline: by default from the project's pipeline pages
 * (circleci-pipeline-pages.ts), asking `?branch=` only for branches not met there; then one
 * workflow list per head that has a pipeline on it (a pipeline for an older push needs no
 * workflows: CI has not reported on the head, whatever they say). Finished heads are also
 * kept on disk (circleci-head-store.ts), so the next process asks nothing about them.
 * `locate: 'per-branch'` is the earlier way: 2 requests per uncached branch.
 *
 * At most 4 requests in flight. A revoked token, an unknown project or a rate limit fails
 * the whole read (the board keeps its last good data, flagged stale, until `retryAt`); a
 * transient error on one branch marks only that branch unavailable, or keeps its last
 * known result.
 */
import { isTerminalWorkflowStatus, workflowCheckState } from '../../../shared/ci/circleci-status';
import type { CheckResult, CiFacts } from '../../../shared/readiness/branch-facts';
import type { HttpFetch } from '../connections/http-fetch';
import { budgetWords, remainingMs, sleep, type ServiceBudget, type ServiceHost } from '../connections/service-budget';
import { mapWithConcurrency } from '../git/bounded-pool';
import type { BranchHead, CiBranchFacts, CiRead, CiSource } from '../readiness/readiness-service';
import { CircleCiClient, CircleCiError, type CircleCiPipeline, type CircleCiProblem } from './circleci-client';
import { latestWorkflowPerName, workflowRunHistory } from './circleci-details';
import { circleCiHeadStore, type CircleCiHeadStore } from './circleci-head-store';
import { PipelinePages, type PipelinePagesOptions } from './circleci-pipeline-pages';
import { circleCiWebUrls } from './circleci-web-urls';

export const CIRCLECI_NOT_CONNECTED = 'CircleCI is not connected: connect it in Settings (the CLI reads CIRCLECI_TOKEN)';
export const CLI_CIRCLECI_NOT_CONNECTED = 'CIRCLECI_TOKEN is not set, so CircleCI was not asked';

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
  /** A one-shot command's budget (the CLI): requests and rate-limit waits end with it. */
  readonly budget?: ServiceBudget;
  /** Whose words the reasons are in; default the app's. */
  readonly host?: ServiceHost;
  /**
   * How each branch's latest pipeline is found: `project-pages` (default) reads the
   * project's pipeline list newest first and asks per branch only for branches not met
   * there; `per-branch` asks `?branch=` for every branch (the earlier way, kept for the
   * benchmark's comparison).
   */
  readonly locate?: 'project-pages' | 'per-branch';
  readonly pages?: PipelinePagesOptions;
  /** The workspace's data folder: finished heads are kept there between processes. */
  readonly dataDir?: string;
  /** How requests go out; default the global fetch (the CLI: node-http-fetch.ts). */
  readonly transport?: HttpFetch;
}

type BranchOutcome =
  | { readonly kind: 'cached'; readonly facts: CiBranchFacts }
  | { readonly kind: 'read'; readonly facts: CiBranchFacts; readonly final: boolean }
  | { readonly kind: 'problem'; readonly problem: CircleCiProblem }
  | { readonly kind: 'skipped' };

/** Why a read stopped asking: `fatal` fails the whole read; `halted` keeps what was read. */
type Halt = { readonly kind: 'fatal' | 'halted'; readonly problem: CircleCiProblem };

/** Failures in a row (5xx, no answer) after which a read stops asking CircleCI. */
export const CIRCUIT_BREAKER_FAILURES = 3;

const FATAL: ReadonlySet<CircleCiProblem['kind']> = new Set(['unauthorized', 'not-found']);

export class CircleCiCiSource implements CiSource {
  /** Final results: the pipeline ran on this head and every workflow is terminal. */
  private readonly final = new Map<string, CiBranchFacts>();
  /** The last result read for a head, final or not: shown when a later read of it fails. */
  private readonly lastKnown = new Map<string, CiBranchFacts>();
  private rateLimited: { readonly until: number; readonly message: string; readonly retryAt: string } | null = null;
  private readonly now: () => number;
  private readonly pages: PipelinePages;
  private readonly store: CircleCiHeadStore | null;
  private storeRead = false;

  constructor(private readonly options: CircleCiCiSourceOptions) {
    this.now = options.now ?? Date.now;
    this.pages = new PipelinePages(options.pages);
    this.store = options.dataDir === undefined ? null : circleCiHeadStore(options.dataDir, options.projectSlug);
  }

  private get byPages(): boolean {
    return (this.options.locate ?? 'project-pages') === 'project-pages';
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
    if (token === null || token === '') return { kind: 'failed', reason: this.options.host === 'cli' ? CLI_CIRCLECI_NOT_CONNECTED : CIRCLECI_NOT_CONNECTED, retryAt: null };

    const { budget } = this.options;
    const client = new CircleCiClient({ token, baseUrl: this.options.baseUrl, timeoutMs: this.options.timeoutMs, now: this.now, budget, transport: this.options.transport });
    await this.readStore();
    this.forgetGone(heads);
    let located: ReadonlyMap<string, CircleCiPipeline | null> = new Map();
    // A page CircleCI could not serve is the first failure of the circuit breaker's run.
    let failedBefore = 0;
    if (this.byPages) {
      try {
        located = await this.locate(client, heads);
      } catch (error) {
        if (!(error instanceof CircleCiError)) throw error;
        // About every branch: asking each would only repeat it. Anything else (a page
        // CircleCI could not serve): each branch is asked on its own, as before.
        if (FATAL.has(error.problem.kind) || error.problem.kind === 'rate-limited') return this.failWith(error.problem);
        failedBefore = 1;
      }
    }
    const outcomes: BranchOutcome[] = heads.map(() => ({ kind: 'skipped' }));
    let pending = heads.map((_, i) => i);
    let halt: Halt | null = null;
    for (;;) {
      halt = await this.readSome(client, heads, pending, outcomes, located, failedBefore);
      failedBefore = 0;
      if (halt?.kind === 'fatal') return this.failWith(halt.problem);
      pending = pending.filter((i) => outcomes[i]?.kind === 'skipped');
      // Rate-limited with time left in the budget: wait as told, then read the rest.
      if (halt?.problem.kind !== 'rate-limited' || budget === undefined || pending.length === 0) break;
      const wait = Date.parse(halt.problem.retryAt) - this.now();
      if (wait > remainingMs(budget, this.now())) break;
      const waited = await sleep(Math.max(0, wait), budget.signal).then(
        () => true,
        () => false,
      );
      if (!waited) break;
    }

    const read = outcomes.filter((outcome) => outcome.kind === 'read').length;
    const problems = outcomes.flatMap((outcome) => (outcome.kind === 'problem' ? [outcome.problem] : []));
    // Nothing was read: CircleCI is down (or would not answer), not one branch.
    const [firstProblem] = problems;
    const cause = halt?.problem ?? firstProblem;
    if (read === 0 && cause !== undefined && outcomes.some((outcome) => outcome.kind !== 'cached')) return this.failWith(cause);

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
      } else {
        const reason = outcome.kind === 'problem' ? outcome.problem.message : `not read: ${this.words(halt?.problem ?? { kind: 'unreachable', message: 'CircleCI was not asked' })}`;
        branches.set(head.name, this.lastKnown.get(key) ?? { pullRequest: null, ci: { kind: 'unavailable', reason } });
      }
    });
    await this.writeStore();
    if (halt === null) return { kind: 'ok', branches };
    const unread = outcomes.filter((outcome) => outcome.kind === 'skipped').length;
    if (halt.problem.kind === 'rate-limited' && budget === undefined) this.remember(halt.problem);
    return {
      kind: 'ok',
      branches,
      incomplete: {
        reason: `${this.words(halt.problem)}; ${unread} of ${heads.length} branches not read`,
        retryAt: halt.problem.kind === 'rate-limited' ? halt.problem.retryAt : null,
      },
    };
  }

  /**
   * Reads the heads at `indices` into `outcomes`, at most `concurrency` at once. Stops
   * asking (the rest stay `skipped`) on a problem that is about every branch — a revoked
   * token, an unknown project (fatal), a rate limit — or after CircleCI failed
   * CIRCUIT_BREAKER_FAILURES times in a row, or when the budget ran out.
   */
  private async readSome(
    client: CircleCiClient,
    heads: readonly BranchHead[],
    indices: readonly number[],
    outcomes: BranchOutcome[],
    located: ReadonlyMap<string, CircleCiPipeline | null>,
    failedBefore: number,
  ): Promise<Halt | null> {
    let halt: Halt | null = null;
    let failuresInARow = failedBefore;
    await mapWithConcurrency(indices, this.options.concurrency ?? 4, async (i) => {
      const head = heads[i] as BranchHead;
      const cached = this.final.get(keyOf(head));
      if (cached !== undefined) {
        outcomes[i] = { kind: 'cached', facts: cached };
        return;
      }
      if (halt !== null) return;
      try {
        outcomes[i] = await this.readBranch(client, head, located);
        failuresInARow = 0;
      } catch (error) {
        if (!(error instanceof CircleCiError)) throw error;
        const { problem } = error;
        if (this.options.budget?.signal.aborted === true) {
          halt ??= { kind: 'halted', problem };
          return; // left skipped: not read within the budget
        }
        outcomes[i] = { kind: 'problem', problem };
        if (FATAL.has(problem.kind)) halt ??= { kind: 'fatal', problem };
        else if (problem.kind === 'rate-limited') {
          halt ??= { kind: 'halted', problem };
          outcomes[i] = { kind: 'skipped' }; // asked again after the wait
        } else if (++failuresInARow >= CIRCUIT_BREAKER_FAILURES) {
          halt ??= { kind: 'halted', problem: { kind: problem.kind, message: `${problem.message}, ${failuresInARow} times in a row` } };
        }
      }
    });
    return halt;
  }

  /** The problem in the host's words (the CLI has no Settings and no later refresh). */
  private words(problem: CircleCiProblem): string {
    if (this.options.host !== 'cli') return problem.message;
    if (problem.kind === 'unauthorized') return problem.message.startsWith('CircleCI rejected') ? 'CIRCLECI_TOKEN was refused by CircleCI' : 'CIRCLECI_TOKEN was refused access to the project by CircleCI';
    if (problem.kind === 'rate-limited') {
      const until = `${problem.retryAt.slice(11, 19)} UTC`;
      const budget = this.options.budget;
      return budget !== undefined && Date.parse(problem.retryAt) > budget.deadline
        ? `CircleCI's rate limit asks to wait until ${until}, past ${budgetWords(budget)}; not waiting`
        : `CircleCI's rate limit was reached; it lets requests through again at ${until}`;
    }
    return problem.message;
  }

  private remember(problem: Extract<CircleCiProblem, { kind: 'rate-limited' }>): void {
    this.rateLimited = { until: Date.parse(problem.retryAt), message: problem.message, retryAt: problem.retryAt };
  }

  /**
   * The latest pipeline of each head still to read, from the project's pipeline pages (a
   * refresh reads only the pages of pipelines created since the last one).
   */
  private async locate(client: CircleCiClient, heads: readonly BranchHead[]): Promise<ReadonlyMap<string, CircleCiPipeline | null>> {
    const wanted = new Set(heads.filter((head) => !this.final.has(keyOf(head))).map((head) => head.name));
    if (wanted.size === 0) return new Map();
    return (await this.pages.locate(client, this.options.projectSlug, wanted)).found;
  }

  private async readBranch(client: CircleCiClient, head: BranchHead, located: ReadonlyMap<string, CircleCiPipeline | null>): Promise<BranchOutcome> {
    let pipeline = located.get(head.name);
    if (pipeline === undefined) {
      [pipeline] = await client.branchPipelines(this.options.projectSlug, head.name);
      pipeline ??= null;
      this.pages.learn(head.name, pipeline);
    }
    if (pipeline === null) {
      // CircleCI answered and has nothing for this branch: no check has reported on the head.
      // Not final: the push may still be on its way to CircleCI.
      return { kind: 'read', final: false, facts: { pullRequest: null, ci: { kind: 'reported', sha: head.headSha, checks: [] } } };
    }
    const sha = pipeline.vcs?.revision ?? '';
    if (this.byPages && sha !== head.headSha) {
      // The latest pipeline is for an older push: CI has not reported on the head, whatever
      // its workflows say, so they are not asked for.
      return { kind: 'read', final: false, facts: { pullRequest: null, ci: { kind: 'reported', sha, checks: [] } } };
    }
    const all = await client.pipelineWorkflows(pipeline.id);
    const workflows = latestWorkflowPerName(all);
    const urls = circleCiWebUrls(this.options.projectSlug, this.options.webApp);
    const checks: CheckResult[] = workflows.map((workflow) => ({
      name: workflow.name,
      state: workflowCheckState(workflow.status),
      url: urls.workflow(pipeline.number, workflow.id),
    }));
    const ci: CiFacts = { kind: 'reported', sha, checks };
    // A pipeline with no workflow yet may still be setting up, unless it errored.
    const settled = workflows.length > 0 ? workflows.every((workflow) => isTerminalWorkflowStatus(workflow.status)) : pipeline.state === 'errored';
    const runHistory = workflowRunHistory(sha, all);
    return { kind: 'read', final: sha === head.headSha && settled, facts: { pullRequest: null, ci, ...(runHistory.length === 0 ? {} : { runHistory }) } };
  }

  private failWith(problem: CircleCiProblem): CiRead {
    if (problem.kind === 'rate-limited') {
      if (this.options.budget === undefined) this.remember(problem);
      return { kind: 'failed', reason: this.words(problem), retryAt: problem.retryAt };
    }
    return { kind: 'failed', reason: this.words(problem), retryAt: null };
  }

  /** Drops what was kept for heads that are gone (a push moved them, the branch was deleted). */
  private forgetGone(heads: readonly BranchHead[]): void {
    const live = new Set(heads.map(keyOf));
    for (const cache of [this.final, this.lastKnown]) for (const key of [...cache.keys()]) if (!live.has(key)) cache.delete(key);
  }

  /** Once per source: the finished heads an earlier process kept. */
  private async readStore(): Promise<void> {
    if (this.store === null || this.storeRead) return;
    this.storeRead = true;
    for (const head of await this.store.load()) {
      const key = keyOf({ name: head.branch, headSha: head.sha });
      if (!this.final.has(key)) this.final.set(key, head.facts);
    }
  }

  /** Keeps the finished heads for the next process; a store that cannot be written costs only requests later. */
  private async writeStore(): Promise<void> {
    if (this.store === null) return;
    const heads = [...this.final].map(([key, facts]) => {
      const [branch = '', sha = ''] = key.split('\u0000');
      return { branch, sha, facts };
    });
    await this.store.save(heads).catch(() => undefined);
  }
}

function keyOf(head: BranchHead): string {
  return `${head.name}\u0000${head.headSha}`;
}
