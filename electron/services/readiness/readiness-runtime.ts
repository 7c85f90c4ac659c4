/**
 * Everything branch readiness needs for one workspace, built from its release-desk.yml:
 * the git reader, the CI source, the records, the board service, and the local test runs
 * in progress (one per branch and commit, cancellable).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { BoardSnapshot } from '../../../shared/readiness/board-schema';
import type { SignOffFacts } from '../../../shared/readiness/branch-facts';
import { localTestRunsPerCommit, type LocalTestRunsOnCommit } from '../../../shared/readiness/local-test-history';
import { DeskError } from '../../../shared/ipc/result';
import { LocalCi } from '../ci/local-ci';
import { openCommitPairCache } from '../git/commit-pair-cache';
import { GitReadinessReader } from '../git/git-readiness';
import { runGit } from '../git/run-git';
import type { CircleCiDetails } from '../../../shared/ci/circleci-details';
import type { CommitStatusPublisher, PublishOutcome } from '../github/commit-status-publisher';
import { circleciDetailsFor, remoteCiFor, statusPublisherFor, type CircleCiDetailsReader, type ServiceAccess } from './remote-ci';
import { runLocalTests, type LocalTestOutcome } from './local-test-run';
import { ReadinessRecords, type RecordsAccess } from './readiness-records';
import { ReadinessService, type CiSource } from './readiness-service';
import { signOff } from './sign-off';
import type { WorkspaceTrust } from '../trust/workspace-trust';
import { untrustedLocalCi, LOCAL_TESTS_WAIT_FOR_TRUST } from '../trust/waiting-for-trust';
import { shortSha } from '../../../shared/text/short-sha';

/** A run belongs to a branch at one commit: state for one must never show under another. */
const runKey = (branch: string, sha: string) => `${branch}\0${sha}`;

export interface Identity {
  readonly login: string | null;
  readonly email: string | null;
  /** Which of the two says who signs off (the login wins), so the UI can say so. */
  readonly source: 'github-login' | 'git-email' | 'unknown';
}

export interface ReadinessRuntimeDeps {
  readonly config: WorkspaceConfig;
  /**
   * The workspace folder's trust, or null while it is untrusted: then git and CI are read,
   * but neither local CI nor local tests nor the seed run anything.
   */
  readonly trust: WorkspaceTrust | null;
  readonly dataDir: string;
  readonly now: () => Date;
  /** Known secrets, scrubbed from every stored log. */
  readonly secrets: () => readonly string[];
  /** How GitHub and CircleCI are reached (tokens, endpoints). */
  readonly services: ServiceAccess;
  /** The signed-in GitHub login, if any. */
  readonly githubLogin: () => Promise<string | null>;
  /** The clone's `git config user.email`; without it git is asked on every read (the CLI passes one kept between runs). */
  readonly gitUserEmail?: () => Promise<string | null>;
  /** Whether local results are published as GitHub commit statuses (the app: yes). */
  readonly publishStatuses: boolean;
  /** This machine's name, for the local-tests status ("on NAME's machine"). */
  readonly machineName: string;
  /**
   * Each new board, the early one (git's facts, CI still being read) included. Without it (a
   * one-shot CLI run) no early board is built: nobody would see it, and it costs a git process.
   */
  readonly onBoardChanged?: (board: BoardSnapshot) => void;
  readonly onLocalTestOutput: (event: { branch: string; sha: string; chunk: string }) => void;
  /** Records a new data folder starts with (the demo team's earlier work); run before the first read. */
  readonly seedRecords?: SeedRecords;
}

/** Seeds the records; `signal` aborts when the runtime stops (a seed may run tests, so it needs the folder's trust). */
export type SeedRecords = (records: RecordsAccess, logDir: string, signal: AbortSignal, trust: WorkspaceTrust) => Promise<void>;

export type Publication = { readonly kind: 'published'; readonly context: string } | { readonly kind: 'kept-local'; readonly reason: string };

export type RunLocalTestsResult =
  | (Extract<LocalTestOutcome, { kind: 'passed' | 'failed' }> & { readonly publication: Publication })
  | Exclude<LocalTestOutcome, { kind: 'passed' | 'failed' }>;

export class ReadinessRuntime {
  readonly records: ReadinessRecords;
  readonly service: ReadinessService;
  private readonly localCi: LocalCi | null;
  private readonly ci: CiSource | null;
  private readonly publisher: CommitStatusPublisher | null;
  private readonly circleci: CircleCiDetailsReader | null;
  /** Local test runs in progress, by runKey(branch, sha). */
  private readonly running = new Map<string, AbortController>();
  private backgroundTimer: NodeJS.Timeout | null = null;
  /** Work that touches the repository or the records; stop() waits for it. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Aborted by stop(): ends the seed's test runs and silences late failures. */
  private readonly stopping = new AbortController();

  constructor(private readonly deps: ReadinessRuntimeDeps) {
    const { config } = deps;
    this.records = new ReadinessRecords(deps.dataDir);
    const seed = deps.seedRecords;
    const trust = deps.trust;
    if (seed !== undefined && trust !== null) {
      this.records.seed(
        (records) => seed(records, path.join(deps.dataDir, 'logs'), this.stopping.signal, trust),
        (error) => console.error('[readiness] seeding the records failed:', error),
      );
    }
    this.localCi =
      config.ci.provider === 'local' && config.localTests !== undefined && trust !== null
        ? new LocalCi({
            trust,
            repoPath: config.repository.path,
            command: config.localTests.command,
            timeoutMs: config.localTests.timeoutMinutes * 60_000,
            logDir: path.join(deps.dataDir, 'logs'),
            records: this.records,
            secrets: deps.secrets,
            now: deps.now,
            onRunFinished: () => this.refreshQuietly(),
          })
        : null;
    this.ci = this.localCi ?? (config.ci.provider === 'local' && trust === null ? untrustedLocalCi : remoteCiFor(config, { ...deps.services, dataDir: deps.dataDir }, path.join(deps.dataDir, 'cache', 'github-readiness.cache')));
    this.publisher = deps.publishStatuses ? statusPublisherFor(config, deps.services) : null;
    this.circleci = circleciDetailsFor(config, deps.services);
    this.service = new ReadinessService({
      git: new GitReadinessReader({
        repoPath: config.repository.path,
        remote: config.repository.remote,
        mainBranch: config.repository.mainBranch,
        // Shared with every process that opens this workspace (the app, CLI runs).
        pairCache: () => openCommitPairCache(path.join(deps.dataDir, 'cache', 'git-commit-pairs.cache')),
      }),
      ci: this.ci,
      records: this.records,
      policy: {
        requiredChecks: config.ci.requiredChecks,
        allowBehindIfConflictFree: config.readiness.behind === 'allow-if-conflict-free',
        flaky: config.readiness.flaky,
        requireCi: true,
        requireLocalTests: config.localTests !== undefined,
        requireSignOff: true,
      },
      checklist: config.manualTesting.checklist,
      signers: config.people.signOff,
      ciProvider: config.ci.provider,
      me: () => this.identity(),
      now: deps.now,
      ...(deps.onBoardChanged === undefined ? {} : { onGitRead: deps.onBoardChanged }),
    });
  }

  async refreshAndPublish(fetch: boolean): Promise<BoardSnapshot> {
    return this.track(async () => {
      const board = await this.service.refresh({ fetch });
      this.deps.onBoardChanged?.(board);
      return board;
    });
  }

  /**
   * Refresh as the user asks for it: CI is read afresh for every head, so statuses that
   * teammates published on commits that did not move (a sign-off, say) show now; the
   * background refresh, which must cost nothing when nothing moved, sees them at the CI
   * reader's periodic recheck.
   */
  refreshNow(): Promise<BoardSnapshot> {
    this.ci?.invalidate?.();
    return this.refreshAndPublish(true);
  }

  runLocalTests(branch: string, sha: string): Promise<RunLocalTestsResult> {
    return this.track(() => this.runLocalTestsNow(branch, sha));
  }

  private track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  private async runLocalTestsNow(branch: string, sha: string): Promise<RunLocalTestsResult> {
    const { config } = this.deps;
    if (config.localTests === undefined) {
      throw new DeskError('not-configured', 'release-desk.yml has no localTests.command, so there is nothing to run.');
    }
    if (this.deps.trust === null) throw new DeskError('untrusted', LOCAL_TESTS_WAIT_FOR_TRUST);
    const trust = this.deps.trust;
    const key = runKey(branch, sha);
    if (this.running.has(key)) throw new DeskError('conflict', `Local tests are already running on ${branch} at ${shortSha(sha)}.`);
    const controller = new AbortController();
    this.running.set(key, controller);
    const me = await this.identity();
    const by = me.login ?? me.email;
    try {
      const outcome = await runLocalTests(
        {
          trust,
          repoPath: config.repository.path,
          branch,
          sha,
          command: config.localTests.command,
          timeoutMs: config.localTests.timeoutMinutes * 60_000,
          logDir: path.join(this.deps.dataDir, 'logs'),
          signal: controller.signal,
          secrets: this.deps.secrets(),
          now: this.deps.now,
          onOutput: (chunk) => this.deps.onLocalTestOutput({ branch, sha, chunk }),
          ...(by === null ? {} : { by }),
        },
        this.records,
      );
      if (outcome.kind === 'cancelled' || outcome.kind === 'could-not-run') {
        await this.refreshAndPublish(false);
        return outcome;
      }
      // This machine's runs on the commit, this one included: published as a tally when they disagree.
      const runsOnCommit = (await this.records.read()).localTestHistory(branch, sha)?.outcomes ?? [outcome.kind];
      const publication = await this.publish((publisher) =>
        publisher.publishLocalTests({ sha, outcome: outcome.kind, durationMs: outcome.durationMs, machineOf: this.deps.machineName, runsOnCommit }),
      );
      await this.refreshAndPublish(false);
      return { ...outcome, publication };
    } finally {
      this.running.delete(key);
    }
  }

  /** Publishing never blocks or fails a local result: it says where the result went. */
  private async publish(send: (publisher: CommitStatusPublisher) => Promise<PublishOutcome>): Promise<Publication> {
    if (this.publisher === null) return { kind: 'kept-local', reason: 'publishing is off in this host' };
    const outcome = await send(this.publisher).catch(
      (error: unknown): PublishOutcome => ({ kind: 'kept-local', reason: error instanceof Error ? error.message : String(error) }),
    );
    if (outcome.kind === 'published') {
      this.ci?.invalidate?.();
      return { kind: 'published', context: outcome.context };
    }
    return outcome;
  }

  /** CircleCI's pipeline, workflows and failing tests for the branch's head (provider circleci). */
  async circleciDetails(branch: string, headSha: string): Promise<CircleCiDetails> {
    if (this.circleci === null) {
      throw new DeskError('not-configured', 'This workspace does not use CircleCI (ci.provider in release-desk.yml).');
    }
    return this.circleci(branch, headSha);
  }

  /** True when CI is the local provider: its results change while the runtime tests heads. */
  get usesLocalCi(): boolean {
    return this.localCi !== null;
  }

  /** Resolves when the local CI provider has tested every head it was shown. */
  async localCiIdle(): Promise<void> {
    await this.localCi?.idle();
  }

  /** The branch's recorded local test runs, per commit (the most recently run first). */
  async localTestRuns(branch: string): Promise<LocalTestRunsOnCommit[]> {
    return localTestRunsPerCommit((await this.records.read()).localTestRuns(branch));
  }

  cancelLocalTests(branch: string, sha: string): boolean {
    const controller = this.running.get(runKey(branch, sha));
    controller?.abort();
    return controller !== undefined;
  }

  async signOff(branch: string, sha: string, items: readonly string[]): Promise<{ signOff: SignOffFacts; publication: Publication }> {
    const me = await this.identity();
    const by = me.login ?? me.email;
    if (by === null) {
      throw new DeskError('not-configured', 'Release Desk does not know who you are: connect GitHub, or set git config user.email in the repository.');
    }
    const facts = await signOff(
      { branch, sha, items, by, identities: [me.login, me.email].filter((id): id is string => id !== null) },
      {
        currentHead: async (name) => {
          const board = await this.service.board();
          return board.branches.find((row) => row.name === name)?.headSha ?? null;
        },
        checklist: this.deps.config.manualTesting.checklist,
        allowed: this.deps.config.people.signOff,
        now: this.deps.now,
      },
      this.records,
    );
    const publication = await this.publish((publisher) => publisher.publishSignOff({ sha, by: facts.by, items: facts.items }));
    await this.refreshAndPublish(false);
    return { signOff: facts, publication };
  }

  /** The full log of the latest local test run of this commit of the branch (bounded), or '' when none. */
  async localTestLog(branch: string, sha: string): Promise<string> {
    const records = await this.records.read();
    const file = records.localTestLog(branch, sha);
    if (file === null) return '';
    const text = await readFile(file, 'utf8').catch(() => '');
    const limit = 2 * 1024 * 1024;
    return text.length > limit ? text.slice(text.length - limit) : text;
  }

  /**
   * Fetches and re-reads every `intervalMs` while the workspace is open, pushing each new
   * board, so the data's age stays small without anyone pressing Refresh.
   */
  startBackgroundRefresh(intervalMs: number, onError: (error: unknown) => void): void {
    if (this.backgroundTimer !== null || intervalMs <= 0) return;
    this.backgroundTimer = setInterval(() => {
      this.refreshAndPublish(true).catch((error: unknown) => {
        if (!this.stopping.signal.aborted) onError(error);
      });
    }, intervalMs);
    this.backgroundTimer.unref();
  }

  /** A refresh nobody waits for: skipped once stopped, failures logged rather than lost. */
  private refreshQuietly(): void {
    if (this.stopping.signal.aborted) return;
    this.refreshAndPublish(false).catch((error: unknown) => {
      if (!this.stopping.signal.aborted) console.error('[readiness] refresh after a CI run failed:', error);
    });
  }

  /**
   * Ends background refreshes, kills running tests and resolves once every fetch, test run
   * and worktree it started has finished, so the repository can be closed or deleted.
   */
  async stop(): Promise<void> {
    if (this.backgroundTimer !== null) clearInterval(this.backgroundTimer);
    this.backgroundTimer = null;
    this.stopping.abort();
    for (const controller of this.running.values()) controller.abort();
    await this.localCi?.stop();
    await Promise.allSettled([...this.inFlight, this.records.seeded()]);
  }

  private async identity(): Promise<Identity> {
    const login = await this.deps.githubLogin().catch(() => null);
    const askGit = () =>
      runGit(this.deps.config.repository.path, ['config', 'user.email'], { okExitCodes: [0, 1] }).then((run) => run.stdout.trim() || null);
    const email = await (this.deps.gitUserEmail ?? askGit)().catch(() => null);
    return { login, email, source: login !== null ? 'github-login' : email !== null ? 'git-email' : 'unknown' };
  }
}
