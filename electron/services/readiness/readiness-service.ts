/**
 * Puts the board together: git's view of every branch, CI results for their heads, the
 * recorded local test runs and sign-offs, and the readiness rule's verdict for each. Keeps
 * the last good data of each source, so an offline, rate-limited or failing source shows
 * what was last known, flagged stale with the reason, instead of an empty board.
 */
import type { BoardRow, BoardSnapshot, SourceStatus } from '../../../shared/readiness/board-schema';
import type { CiFacts, LocalTestFacts, PullRequestFacts, TeamRecords } from '../../../shared/readiness/branch-facts';
import { summarizeReadiness } from '../../../shared/readiness/blockers';
import { evaluateReadiness } from '../../../shared/readiness/evaluate-readiness';
import type { ReadinessPolicy } from '../../../shared/readiness/readiness-policy';
import { publishedRunHistory } from '../../../shared/readiness/published-runs';
import { flakyResults, LOCAL_TESTS_RUN_NAME, type RunHistory } from '../../../shared/readiness/run-history';
import { allowedSignOff, recordForHead } from '../../../shared/readiness/team-records';
import type { GitSnapshot } from '../git/git-readiness';
import type { ReadinessRecords, RecordsSnapshot } from './readiness-records';

export interface BranchHead {
  readonly name: string;
  readonly headSha: string;
}

export interface CiBranchFacts {
  readonly ci: CiFacts;
  readonly pullRequest: PullRequestFacts | null;
  /** Local test results and sign-offs teammates published (GitHub only). */
  readonly team?: TeamRecords;
  /** Checks the provider reports more than once on a commit (re-runs), every outcome. */
  readonly runHistory?: readonly RunHistory[];
}

export type CiRead =
  | {
      readonly kind: 'ok';
      readonly branches: ReadonlyMap<string, CiBranchFacts>;
      /**
       * Some branches were not read (a rate limit, a source that kept failing, a budget
       * that ran out): the answers read are kept, and the source is shown stale for this.
       */
      readonly incomplete?: { readonly reason: string; readonly retryAt: string | null };
    }
  | { readonly kind: 'failed'; readonly reason: string; readonly retryAt: string | null };

/** A CI provider as the board needs it: results for many branch heads at once. */
export interface CiSource {
  read(heads: readonly BranchHead[]): Promise<CiRead>;
  /**
   * One branch by its name alone, cheaper than `read([head])` where the provider can (GitHub:
   * one query by ref name). Needing no head, it goes out while git is still reading the branch;
   * the facts name the commit they are about, and the board uses them only for git's head.
   */
  readByName?(name: string): Promise<CiRead>;
  /** Forget cached results (after Release Desk itself changed them, e.g. published a status). */
  invalidate?(): void;
}

/**
 * Release Desk's own commit statuses (release-desk/local-tests, release-desk/manual-testing)
 * are the local-tests and sign-off conditions, not CI: counting them as CI checks would
 * block a branch twice for one reason.
 */
export const OWN_STATUS_PREFIX = 'release-desk/';

/**
 * What the board may say about a head's CI. Last good data for an older head means nothing
 * while CI cannot be asked: the head is "cannot tell, because …", not "CI has not reported".
 */
function ciFactsFor(headSha: string, fromCi: CiBranchFacts | undefined, status: SourceStatus): CiFacts {
  const stale = status.state === 'stale';
  const known = fromCi?.ci;
  if (known === undefined || (stale && known.kind === 'reported' && known.sha !== headSha)) {
    return { kind: 'unavailable', reason: stale ? status.reason : 'no CI data yet' };
  }
  return known;
}

function withoutOwnStatuses(ci: CiFacts): CiFacts {
  return ci.kind === 'reported' ? { ...ci, checks: ci.checks.filter((check) => !check.name.startsWith(OWN_STATUS_PREFIX)) } : ci;
}

/**
 * The head's runs that can make it flaky: the CI provider's re-runs (only while it reports
 * on the head, and never Release Desk's own statuses) and the local test runs recorded here.
 */
function runHistoryOf(branch: string, headSha: string, ci: CiFacts, fromCi: CiBranchFacts | undefined, records: RecordsSnapshot): RunHistory[] {
  const fromProvider = ci.kind === 'reported' && ci.sha === headSha ? (fromCi?.runHistory ?? []) : [];
  const local = records.localTestHistory(branch, headSha);
  // A teammate's published runs count when this machine has none of its own on the head (else
  // the published status may be this machine's own, already in `local`).
  const team = local === null ? teamRunHistory(fromCi?.team?.localTests ?? null, headSha) : null;
  return [...fromProvider.filter((history) => history.sha === headSha && !history.name.startsWith(OWN_STATUS_PREFIX)), ...(local === null ? [] : [local]), ...(team === null ? [] : [team])];
}

function teamRunHistory(published: LocalTestFacts | null, headSha: string): RunHistory | null {
  if (published?.runs === undefined || published.sha !== headSha) return null;
  return publishedRunHistory(published.runs, published.outcome, headSha, LOCAL_TESTS_RUN_NAME);
}

export interface ReadinessServiceDeps {
  readonly git: {
    read(options: { readonly fetch: boolean }): Promise<GitSnapshot>;
    /** One branch alone (`readiness BRANCH`); without it, the whole board is read and filtered. */
    readBranch?(name: string, options: { readonly fetch: boolean }): Promise<GitSnapshot & { readonly remoteBranches: number }>;
  };
  /** Null when the workspace configures no CI provider. */
  readonly ci: CiSource | null;
  readonly records: ReadinessRecords;
  readonly policy: ReadinessPolicy;
  readonly checklist: readonly string[];
  /** people.signOff: whose published sign-offs count (empty: anyone's). */
  readonly signers?: readonly string[];
  readonly ciProvider: BoardSnapshot['ciProvider'];
  readonly me: () => Promise<BoardSnapshot['me']>;
  readonly now: () => Date;
  /**
   * Receives the first board of the workspace as soon as git is read, with CI and the
   * records marked as still being read: a CI read (or the demo's seed) can take seconds,
   * and the branches themselves are known long before.
   */
  readonly onGitRead?: (early: BoardSnapshot) => void;
}

interface LastGoodCi {
  readonly branches: ReadonlyMap<string, CiBranchFacts>;
  readonly at: string | null;
}

/** What the last fetch from the remote did; a read that does not fetch leaves it as it is. */
type FetchState =
  | { readonly kind: 'never' }
  | { readonly kind: 'ok'; readonly at: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly lastGoodAt: string | null };

export class ReadinessService {
  private lastGoodCi: LastGoodCi = { branches: new Map(), at: null };
  private fetchState: FetchState = { kind: 'never' };
  private latest: BoardSnapshot | null = null;
  /** The read under way: it may already have read some sources. */
  private reading: Promise<BoardSnapshot> | null = null;
  /** The read that starts when `reading` ends; everyone who asked meanwhile shares it. */
  private queued: { fetch: boolean; readonly board: Promise<BoardSnapshot> } | null = null;

  constructor(private readonly deps: ReadinessServiceDeps) {}

  /** The last board, or a first one read without fetching (fast: local data only). */
  async board(): Promise<BoardSnapshot> {
    return this.latest ?? this.reading ?? this.refresh({ fetch: false });
  }

  /**
   * Re-reads every source, and never answers with a read that began before the call: one
   * already under way may have missed what the caller just changed (a test run it recorded,
   * say). Callers arriving meanwhile share the next read, which fetches if any of them asked.
   */
  refresh(options: { readonly fetch: boolean }): Promise<BoardSnapshot> {
    if (this.queued !== null) {
      if (options.fetch) this.queued.fetch = true;
      return this.queued.board;
    }
    const reading = this.reading;
    if (reading === null) return this.startReading(options.fetch);
    const ended = reading.then(
      () => undefined,
      () => undefined,
    );
    const queued: { fetch: boolean; board: Promise<BoardSnapshot> } = {
      fetch: options.fetch,
      board: ended.then(() => {
        this.queued = null;
        return this.startReading(queued.fetch);
      }),
    };
    this.queued = queued;
    return queued.board;
  }

  private startReading(fetch: boolean): Promise<BoardSnapshot> {
    const board = this.read({ fetch }).finally(() => {
      if (this.reading === board) this.reading = null;
    });
    this.reading = board;
    return board;
  }

  /**
   * One branch, read on its own (`readiness BRANCH`): its ref, ahead/behind and conflict, its
   * CI and records, with the board's rule, so its verdict is the board's. `board.branches` holds
   * it, or nothing when the remote has no such branch. The board's own state is left alone.
   */
  async readBranch(name: string, options: { readonly fetch: boolean }): Promise<{ readonly board: BoardSnapshot; readonly remoteBranches: number }> {
    const reader = this.deps.git;
    if (reader.readBranch === undefined) {
      const board = await this.refresh(options);
      return { board: { ...board, branches: board.branches.filter((row) => row.name === name) }, remoteBranches: board.branches.length };
    }
    const at = this.deps.now().toISOString();
    const ci = this.deps.ci;
    // Alongside git's processes, not after them: a one-branch answer waits for the slower of the two.
    const byName = ci?.readByName?.(name) ?? null;
    byName?.catch(() => undefined); // git failing leaves it unread
    const snapshot = await reader.readBranch(name, options);
    const git = this.gitStatus(snapshot, at);
    const head = snapshot.branches[0];
    const read = head === undefined || ci === null ? null : (byName ?? ci.read([head]));
    return { board: await this.assemble(git, await this.ciStatus(read, at, false), at), remoteBranches: snapshot.remoteBranches };
  }

  private async read(options: { readonly fetch: boolean }): Promise<BoardSnapshot> {
    const at = this.deps.now().toISOString();
    const git = await this.readGit(options, at);
    if (this.latest === null && this.deps.onGitRead !== undefined) this.deps.onGitRead(await this.earlyBoard(git, at));
    const heads = git.snapshot.branches.map((branch) => ({ name: branch.name, headSha: branch.headSha }));
    const ci = await this.readCi(heads, at);
    this.latest = await this.assemble(git, ci, at);
    return this.latest;
  }

  /** The board of what git and CI said: each branch's facts, records and verdict. */
  private async assemble(
    git: { snapshot: GitSnapshot; status: SourceStatus },
    ci: { branches: ReadonlyMap<string, CiBranchFacts>; status: SourceStatus },
    at: string,
  ): Promise<BoardSnapshot> {
    const records = await this.deps.records.read();
    const branches: BoardRow[] = git.snapshot.branches.map((branch) => {
      const fromCi = ci.branches.get(branch.name);
      const recorded = records.forBranch(branch.name);
      const ciFacts: CiFacts = this.deps.ci === null ? { kind: 'not-configured' } : withoutOwnStatuses(ciFactsFor(branch.headSha, fromCi, ci.status));
      const shared = {
        ...gitFactsOf(branch),
        localTests: recordForHead(recorded.localTests, fromCi?.team?.localTests ?? null, branch.headSha),
        signOff: recordForHead(recorded.signOff, allowedSignOff(fromCi?.team?.signOff ?? null, this.deps.signers ?? []), branch.headSha),
        pullRequest: fromCi?.pullRequest ?? null,
      };
      const runHistory = runHistoryOf(branch.name, branch.headSha, ciFacts, fromCi, records);
      const readiness = evaluateReadiness({ ...shared, conflict: branch.conflict, ci: ciFacts, runHistory }, this.deps.policy);
      const flaky = flakyResults(runHistory, branch.headSha);
      return {
        ...shared,
        checks: ciFacts.kind === 'reported' && ciFacts.sha === branch.headSha ? [...ciFacts.checks] : [],
        readiness,
        summary: summarizeReadiness(readiness),
        ...(flaky.length === 0 ? {} : { flaky }),
      };
    });
    return {
      mainBranch: git.snapshot.mainBranch,
      mainSha: git.snapshot.mainSha,
      branches,
      sources: { git: git.status, ci: ci.status },
      ciProvider: this.deps.ciProvider,
      checklist: [...this.deps.checklist],
      me: await this.deps.me(),
      refreshedAt: at,
    };
  }

  /**
   * The board with only git's facts: CI is "being read" (so no branch is called eligible
   * yet), local tests and sign-off are not judged at all, conflicts and behind already are.
   */
  private async earlyBoard(git: { snapshot: GitSnapshot; status: SourceStatus }, at: string): Promise<BoardSnapshot> {
    const reading: SourceStatus = { state: 'reading' };
    const policy: ReadinessPolicy = { ...this.deps.policy, requireLocalTests: false, requireSignOff: false };
    const branches: BoardRow[] = git.snapshot.branches.map((branch) => {
      const shared = {
        ...gitFactsOf(branch),
        localTests: null,
        signOff: null,
        pullRequest: null,
      };
      const ci: CiFacts = this.deps.ci === null ? { kind: 'not-configured' } : { kind: 'unavailable', reason: 'still being read' };
      const readiness = evaluateReadiness({ ...shared, conflict: branch.conflict, ci }, policy);
      return { ...shared, checks: [], readiness, summary: summarizeReadiness(readiness) };
    });
    return {
      mainBranch: git.snapshot.mainBranch,
      mainSha: git.snapshot.mainSha,
      branches,
      sources: { git: git.status, ci: this.deps.ci === null ? { state: 'not-configured', reason: 'no CI provider is configured in release-desk.yml' } : reading, records: reading },
      ciProvider: this.deps.ciProvider,
      checklist: [...this.deps.checklist],
      me: await this.deps.me(),
      refreshedAt: at,
    };
  }

  private async readGit(options: { readonly fetch: boolean }, at: string): Promise<{ snapshot: GitSnapshot; status: SourceStatus }> {
    // Configuration errors (not a repository, no such main branch) are thrown as they are:
    // stale data would hide a broken workspace.
    return this.gitStatus(await this.deps.git.read(options), at);
  }

  private gitStatus(snapshot: GitSnapshot, at: string): { snapshot: GitSnapshot; status: SourceStatus } {
    const previous = this.fetchState;
    if (snapshot.fetch.ok === true) this.fetchState = { kind: 'ok', at };
    if (snapshot.fetch.ok === false) {
      const lastGoodAt = previous.kind === 'ok' ? previous.at : previous.kind === 'failed' ? previous.lastGoodAt : null;
      this.fetchState = { kind: 'failed', reason: snapshot.fetch.reason, lastGoodAt };
    }
    const state = this.fetchState;
    if (state.kind === 'failed') {
      return { snapshot, status: { state: 'stale', reason: `git fetch failed: ${state.reason}`, lastGoodAt: state.lastGoodAt, retryAt: null } };
    }
    return { snapshot, status: { state: 'fresh', at } };
  }

  private async readCi(
    heads: readonly BranchHead[],
    at: string,
  ): Promise<{ branches: ReadonlyMap<string, CiBranchFacts>; status: SourceStatus }> {
    return this.ciStatus(this.deps.ci === null ? null : this.deps.ci.read(heads), at, true);
  }

  /** `remember`: whether this read is the board's (kept as its last good CI data) or one branch's. */
  private async ciStatus(reading: Promise<CiRead> | null, at: string, remember: boolean): Promise<{ branches: ReadonlyMap<string, CiBranchFacts>; status: SourceStatus }> {
    if (this.deps.ci === null) {
      return { branches: new Map(), status: { state: 'not-configured', reason: 'no CI provider is configured in release-desk.yml' } };
    }
    // No head to ask about (one branch the remote does not have): nothing was read, nothing failed.
    const read: CiRead = reading === null ? { kind: 'ok', branches: new Map() } : await reading;
    if (read.kind === 'ok' && read.incomplete !== undefined) {
      // What was read is the best there is; "last good" still means the last complete read.
      const lastGoodAt = this.lastGoodCi.at;
      if (remember) this.lastGoodCi = { branches: read.branches, at: lastGoodAt };
      return { branches: read.branches, status: { state: 'stale', reason: read.incomplete.reason, lastGoodAt, retryAt: read.incomplete.retryAt } };
    }
    if (read.kind === 'ok') {
      if (remember) this.lastGoodCi = { branches: read.branches, at };
      return { branches: read.branches, status: { state: 'fresh', at } };
    }
    const last = remember ? this.lastGoodCi : { branches: new Map<string, CiBranchFacts>(), at: null };
    return { branches: last.branches, status: { state: 'stale', reason: read.reason, lastGoodAt: last.at, retryAt: read.retryAt } };
  }
}

/** The row's facts that come from git alone. */
function gitFactsOf(branch: GitSnapshot['branches'][number]) {
  return {
    name: branch.name,
    headSha: branch.headSha,
    author: branch.author,
    lastCommitAt: branch.lastCommitAt,
    ahead: branch.ahead,
    behind: branch.behind,
  };
}
