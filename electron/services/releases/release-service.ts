/**
 * The release flow's service for one workspace: every action checks the rules
 * (allowedActions, shared/releases) for the actor, records an override first when it does
 * what the rules refused (only with a written reason), and appends its facts to the journal
 * — the only store of release state. A step appends (and the journal fsyncs) its intent
 * before its command is spawned and its outcome after the command and its checks ended.
 * After every append the window is told (`releases.changed`) and the team is told through
 * the TeamUpdates port, which no step waits on.
 */
import { shortSha } from '../../../shared/text/short-sha';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { DeskError } from '../../../shared/ipc/result';
import { allowedActions, currentBlocker, nextAction, planRefusal } from '../../../shared/releases/allowed-actions';
import { watchWindowOf, type WatchWindow } from '../../../shared/releases/watch-window';
import { foldEnvironment, foldRelease, foldReleases } from '../../../shared/releases/fold-release';
import type { EventDraft, JournalEvent, ReleaseAction, StepName } from '../../../shared/releases/release-events';
import type { PlanRequest, ReleasesOverview, ReleaseView, Viewer } from '../../../shared/releases/release-ipc';
import type { ActionVerdict, ReleaseState } from '../../../shared/releases/release-state';
import type { ReadinessSnapshot } from '../../../shared/releases/readiness-snapshot';
import type { ReleaseJournal } from '../journal/release-journal';
import { redactText } from '../runner/redactor';
import type { WorkspaceTrust } from '../trust/workspace-trust';
import { within } from './bounded';
import { branchCommits, defaultEngineers } from './branch-authors';
import { boundedSampleAppender } from '../monitor/samples-file';
import { recordEndedWatches } from '../monitor/watch-summaries';
import { samplesFileOf } from '../../../shared/monitor/watch-summary';
import { withLiveness } from './release-liveness';
import { withReviews } from './plan-reviews';
import type { OutputChunk } from './output-batcher';
import { checkProduction, type ProductionCheck } from './production-check';
import type { PullRequestRef, ReleaseGitHub } from './release-github';
import { viewerOf, type ReleaseIdentity } from './release-identity';
import * as steps from './release-steps';
import type { StepContext, StepEnding } from './release-steps';
import { RunningSteps } from './running-steps';
import type { AbortRequest } from './step-abort';
import { RunningDeploys } from '../rollback/running-deploys';
import { runStepProcess } from './step-process';
import { teamMessagesFor } from './team-messages';
import type { PendingTeamUpdate, TeamUpdates } from './team-updates';

/** What readiness says of a branch now (the Branches board's verdict). */
export interface BranchEligibility {
  readonly headSha: string;
  readonly eligible: boolean;
  /** Why not, in one sentence ("eligible for release" when it is). */
  readonly summary: string;
  readonly pullRequest: PullRequestRef | null;
  /** What readiness knows of the branch now, frozen into the `planned` event for the audit. */
  readonly snapshot?: ReadinessSnapshot;
}

export interface StepOutputBatch {
  readonly releaseId: string;
  readonly step: StepName;
  readonly attempt: number;
  /** Whole lines, in the wire format of shared/releases/output-chunk.ts. */
  readonly chunks: readonly OutputChunk[];
}

export interface ReleaseServiceDeps {
  readonly journal: ReleaseJournal;
  readonly config: WorkspaceConfig;
  /** The folder holding release-desk.yml: every command runs here. */
  readonly workspaceDir: string;
  /** The workspace's data folder: step logs live under `releases/` here. */
  readonly dataDir: string;
  readonly now: () => Date;
  readonly identity: () => Promise<ReleaseIdentity>;
  readonly teamUpdates: TeamUpdates;
  /** Known tokens: scrubbed from every log and output, withheld from commands' environments. */
  readonly secrets: () => readonly string[];
  /** Readiness of a branch now; null when the branch is unknown. */
  readonly eligibility: (branch: string) => Promise<BranchEligibility | null>;
  readonly github: ReleaseGitHub | null;
  /** The folder's trust now, or null while it is untrusted: then no command of the release runs. */
  readonly trust: () => Promise<WorkspaceTrust | null>;
  readonly onChanged: (view: ReleaseView) => void;
  readonly onOutput: (batch: StepOutputBatch) => void;
  /** The environment commands start from; default process.env. */
  readonly baseEnv?: NodeJS.ProcessEnv;
  /** How long Stage 1 waits for the preview to answer; default the environment's timeouts.previewWaitSeconds, else 60 s. */
  readonly previewWaitMs?: number;
  /** Told when something failed that no caller waits for (team updates). */
  readonly log?: (message: string, error?: unknown) => void;
  /**
   * The rollback service's registry of running rollbacks and switchovers (the app shares its
   * own, so a rollback this process runs counts as running); default: its markers on disk only.
   */
  readonly deploys?: Pick<RunningDeploys, 'liveness'>;
}

export type PlanInput = Omit<PlanRequest, 'sha'> & { readonly sha?: string };

export interface ActInput {
  readonly overrideReason?: string;
  readonly note?: string;
  /** Yes to the verdict's `confirm` question (marking healthy before the watch window ends). */
  readonly confirmed?: boolean;
}

const NO_IDENTITY = 'Release Desk does not know who you are: connect GitHub, or set git config user.email in the repository.';
const DEFAULT_PREVIEW_WAIT_MS = 60_000;
const ACTIVE_DEPLOYMENT_WAIT_MS = 3000;


/**
 * A step another process ended (abort and roll back from the CLI) is `cancelled` by whoever
 * asked, whatever its command said on the way out (a group killed by SIGTERM exits non-zero);
 * one that had already succeeded stays succeeded: that is what production got.
 */
function endedElsewhere(ending: StepEnding, request: AbortRequest | null): StepEnding {
  if (request === null || ending.outcome === 'succeeded') return ending;
  return { ...ending, outcome: 'cancelled', exitCode: null, message: `cancelled by ${request.by} at ${request.at.slice(11, 16)} UTC from another Release Desk process (abort and roll back); ${ending.message}` };
}

export class ReleaseService {
  private readonly running: RunningSteps;
  private readonly deploys: Pick<RunningDeploys, 'liveness'>;
  private readonly appendSample = boundedSampleAppender();
  /** The outbox's last answer: views show it at once and ask again, so none waits on it. */
  private pendingCache: readonly PendingTeamUpdate[] = [];
  private pendingAsking = false;

  constructor(private readonly deps: ReleaseServiceDeps) {
    this.running = new RunningSteps(path.join(deps.dataDir, 'releases', 'running'));
    this.deploys = deps.deploys ?? new RunningDeploys(path.join(deps.dataDir, 'releases', 'running'));
  }

  // ---- reading ------------------------------------------------------------------------

  async overview(): Promise<ReleasesOverview> {
    const [events, identity] = await Promise.all([this.events(), this.deps.identity()]);
    const viewer = this.viewer(identity);
    const environments = await Promise.all(
      Object.keys(this.deps.config.environments).map(async (name) => {
        const state = foldEnvironment(events, name);
        const active = state.activeReleaseId === null ? null : this.stateIn(events, state.activeReleaseId);
        const refusal = planRefusal(state, active, identity.id, this.deps.config.people);
        return {
          name,
          state,
          active: active === null ? null : await this.viewOf(active, viewer),
          planRefusal: refusal?.reason ?? null,
          ...(refusal === null ? {} : { planRefusalOverridable: refusal.overridable }),
        };
      }),
    );
    return { viewer, environments };
  }

  async history(): Promise<readonly ReleaseView[]> {
    const [events, identity] = await Promise.all([this.events(), this.deps.identity()]);
    const viewer = this.viewer(identity);
    const states = foldReleases(events).map((state) => this.live(state));
    return Promise.all([...states].reverse().map((state) => this.viewOf(state, viewer)));
  }

  async get(releaseId: string): Promise<ReleaseView> {
    const [events, identity] = await Promise.all([this.events(), this.deps.identity()]);
    return this.viewOf(this.mustFind(events, releaseId), this.viewer(identity));
  }

  /** The environment's release in progress, or null. */
  async active(environment: string): Promise<ReleaseView | null> {
    this.environmentConfig(environment);
    const events = await this.events();
    const id = foldEnvironment(events, environment).activeReleaseId;
    return id === null ? null : this.get(id);
  }

  /** The full log of one run of a step (bounded to its last 2 MiB), or '' when it has none. */
  async stepLog(releaseId: string, step: StepName, attempt: number): Promise<string> {
    const events = await this.events();
    this.mustFind(events, releaseId);
    const started = events.find((event) => event.type === 'step-started' && event.releaseId === releaseId && event.data.step === step && event.data.attempt === attempt);
    if (started?.type !== 'step-started') throw new DeskError('not-found', `Release ${releaseId} has no run ${attempt} of ${step}.`);
    const file = path.resolve(this.deps.dataDir, started.data.logFile);
    if (!file.startsWith(path.resolve(this.deps.dataDir) + path.sep)) throw new DeskError('not-found', `The log of ${step} is outside the data folder.`);
    const text = await readFile(file, 'utf8').catch(() => '');
    const limit = 2 * 1024 * 1024;
    return text.length > limit ? text.slice(text.length - limit) : text;
  }

  /** What production runs now: currentVersion and one reading of each probe (records nothing). */
  async checkProduction(releaseId: string): Promise<ProductionCheck> {
    const events = await this.events();
    const release = this.mustFind(events, releaseId);
    return this.productionOf(release.environment);
  }

  // ---- the flow -------------------------------------------------------------------------

  async plan(input: PlanInput): Promise<ReleaseView> {
    const { config } = this.deps;
    this.environmentConfig(input.environment);
    const actor = await this.actor();
    const eligibility = await this.deps.eligibility(input.branch);
    if (eligibility === null) throw new DeskError('not-found', `There is no branch ${input.branch} on ${config.repository.remote}.`);
    const sha = input.sha ?? eligibility.headSha;
    if (sha !== eligibility.headSha) {
      throw new DeskError('conflict', `${input.branch} has moved to ${shortSha(eligibility.headSha)} since you saw ${shortSha(sha)}; look at it again before planning.`);
    }
    const serviceRefusals: string[] = [];
    if (!eligibility.eligible) serviceRefusals.push(`${input.branch} at ${shortSha(sha)} is not eligible for release: ${eligibility.summary}.`);
    // GitHub down or slow must not stop a release: unanswered within the bound counts as none.
    const ours = foldReleases(await this.events()).map((release) => release.id);
    const deployment = await within(this.deps.teamUpdates.deployments.activeFor(input.environment, ours), ACTIVE_DEPLOYMENT_WAIT_MS, null);
    if (deployment !== null && !(deployment.creator.toLowerCase() === actor.toLowerCase())) {
      serviceRefusals.push(`${deployment.creator} has an active GitHub Deployment of ${shortSha(deployment.sha)} to ${input.environment} since ${deployment.createdAt}.`);
    }
    const rulesRefusal = (events: readonly JournalEvent[]) => {
      const environmentState = foldEnvironment(events, input.environment);
      const active = environmentState.activeReleaseId === null ? null : this.stateIn(events, environmentState.activeReleaseId);
      return planRefusal(environmentState, active, actor, config.people);
    };

    const before = rulesRefusal(await this.events());
    const refusals = [...(before === null ? [] : [before.reason]), ...serviceRefusals];
    if (before !== null && !before.overridable) throw new DeskError('conflict', before.reason);
    if (refusals.length > 0) {
      if (input.overrideReason === undefined) throw new DeskError('conflict', refusals[0] ?? 'refused');
      await this.append((context) => {
        const again = rulesRefusal(context.events);
        if (again !== null && !again.overridable) return { refused: again.reason };
        return this.draft(actor, 'override', null, input.environment, { action: 'plan', refusal: refusals.join(' ').slice(0, 1000), reason: input.overrideReason ?? '' });
      });
    }

    const mainRef = `refs/remotes/${config.repository.remote}/${config.repository.mainBranch}`;
    const { authors, firstCommitAt } = await branchCommits(config.repository.path, mainRef, sha);
    const engineers = input.engineers ?? defaultEngineers(authors, config.people, actor);
    const onCall = input.onCall ?? config.people.onCall[0] ?? actor;
    const github = this.deps.github;
    const pullRequest = eligibility.pullRequest ?? (github === null ? null : await within(github.pullRequestFor(input.branch), ACTIVE_DEPLOYMENT_WAIT_MS, null));
    const readiness = await withReviews(eligibility.snapshot, github, pullRequest, ACTIVE_DEPLOYMENT_WAIT_MS);
    const event = await this.append((context) => {
      const again = rulesRefusal(context.events);
      // Overridden above when overridable; a refusal that cannot be overridden (another
      // release got there first) wins here, under the journal's lock.
      if (again !== null && (!again.overridable || input.overrideReason === undefined)) return { refused: again.reason };
      return this.draft(actor, 'planned', `r${context.seq}`, input.environment, {
        branch: input.branch,
        sha,
        mainBranch: config.repository.mainBranch,
        coordinator: actor,
        onCall,
        engineers: [...engineers],
        ...(pullRequest === null ? {} : { pullRequest: { number: pullRequest.number, url: pullRequest.url.slice(0, 2048), title: pullRequest.title.slice(0, 1000) } }),
        ...(readiness === undefined ? {} : { readiness }),
        ...(firstCommitAt === null ? {} : { firstCommitAt }),
      });
    });
    return this.get(event.releaseId ?? '');
  }

  async editEngineers(releaseId: string, engineers: readonly string[], options: ActInput = {}): Promise<ReleaseView> {
    return this.simpleAction(releaseId, 'edit-engineers', options, (actor, release) =>
      this.draft(actor, 'engineers-changed', releaseId, release.environment, { engineers: [...new Set(engineers)] }),
    );
  }

  async signOff(releaseId: string, options: ActInput = {}): Promise<ReleaseView> {
    return this.simpleAction(releaseId, 'sign-off', options, (actor, release) =>
      this.draft(actor, 'signed-off', releaseId, release.environment, { engineer: actor, ...(options.note === undefined || options.note === '' ? {} : { note: options.note }) }),
    );
  }

  async markVerdict(releaseId: string, verdict: 'healthy' | 'faulty', options: ActInput = {}): Promise<ReleaseView> {
    const action = verdict === 'healthy' ? 'mark-healthy' : 'mark-faulty';
    await this.simpleAction(releaseId, action, options, (actor, release) => {
      // Healthy before the watch window ends is a decision someone must confirm, never a default.
      const rule = this.verdict(release, actor, action);
      if (rule.allowed && rule.confirm !== undefined && options.confirmed !== true) return { refused: `Not confirmed: ${rule.confirm}` };
      // An early healthy is a judgement the audit must be able to see as such: how much of the window was left.
      const watch = this.watchOf(release);
      const remainingMs = watch === null ? 0 : Math.floor(Date.parse(watch.until) - this.deps.now().getTime());
      return this.draft(actor, 'verdict', releaseId, release.environment, {
        verdict,
        ...(options.note === undefined || options.note === '' ? {} : { note: options.note }),
        ...(verdict === 'healthy' && remainingMs > 0 ? { watchRemainingMs: remainingMs } : {}),
      });
    });
    // The verdict ends the watch: its summary goes into the journal now (the CLI too), once.
    const { journal, dataDir, config, now } = this.deps;
    await recordEndedWatches({ journal, dataDir, config, now: now().getTime(), ...(this.deps.log === undefined ? {} : { log: this.deps.log }) }).catch((error: unknown) =>
      this.deps.log?.(`[releases] could not record the watch summary of ${releaseId}`, error),
    );
    return this.get(releaseId);
  }

  startStage1(releaseId: string, options: ActInput = {}): Promise<ReleaseView> {
    return this.step(releaseId, 'start-stage1', 'stage1', options, steps.stage1);
  }

  preflight(releaseId: string, options: ActInput = {}): Promise<ReleaseView> {
    return this.step(releaseId, 'preflight', 'preflight', options, steps.preflight);
  }

  /**
   * Stage 2. The rules allow it before the preflight has run (`preflightFirst`): then the
   * preflight runs first, under the same permission, and production is switched only when
   * it passes.
   */
  async switchover(releaseId: string, options: ActInput = {}): Promise<ReleaseView> {
    const actor = await this.actor();
    const overridden = await this.authorize(releaseId, 'switchover', actor, options.overrideReason);
    const preflightOf = async () => this.mustFind(await this.events(), releaseId).steps.find((record) => record.step === 'preflight');
    if ((await preflightOf())?.status !== 'succeeded') {
      await this.runStep(releaseId, 'preflight', overridden, actor, 'preflight', steps.preflight);
      if ((await preflightOf())?.status !== 'succeeded') return this.get(releaseId);
    }
    await this.runStep(releaseId, 'switchover', overridden, actor, 'switchover', steps.switchover);
    return this.get(releaseId);
  }

  merge(releaseId: string, options: ActInput = {}): Promise<ReleaseView> {
    return this.step(releaseId, 'merge', 'merge', options, steps.merge, 'git merge --no-ff / pull request merge (Release Desk)');
  }

  /**
   * Ends the release before Stage 2: `aborted` is recorded first (the decision stands even if
   * the teardown hangs or this process dies), then the teardown command, if any, removes the
   * preview as a helper step of the aborted release.
   */
  async abort(releaseId: string, reason: string): Promise<ReleaseView> {
    const actor = await this.actor();
    // An abort carries a written reason anyway: it doubles as the override's reason when the rules refuse.
    const overridden = await this.authorize(releaseId, 'abort', actor, reason);
    const release = this.mustFind(await this.events(), releaseId);
    await this.append((context) => {
      const state = this.stateIn(context.events, releaseId);
      const refusal = state === null ? 'the release is gone' : this.refusal(state, actor, 'abort', overridden);
      if (refusal !== null) return { refused: refusal };
      return this.draft(actor, 'aborted', releaseId, release.environment, { reason });
    });
    if (this.environmentConfigOf(release).commands.teardown !== undefined) {
      await this.runStep(releaseId, null, false, actor, 'teardown', steps.teardown);
    }
    return this.get(releaseId);
  }

  /** Records what a step without an outcome actually achieved, after asking production. */
  async resolveInconclusive(
    releaseId: string,
    resolution: { readonly resolution: 'succeeded' | 'failed'; readonly observedVersion: string | null; readonly note?: string },
    options: ActInput = {},
  ): Promise<ReleaseView> {
    return this.simpleAction(releaseId, 'resolve-inconclusive', options, (actor, release) => {
      const step = release.inconclusiveStep;
      const record = release.steps.find((candidate) => candidate.step === step);
      if (step === undefined || record === undefined) return { refused: `Release ${releaseId} has no inconclusive step.` };
      return this.draft(actor, 'inconclusive-resolved', releaseId, release.environment, {
        step,
        attempt: Math.max(1, record.attempts),
        observedVersion: resolution.observedVersion,
        resolution: resolution.resolution,
        ...(resolution.note === undefined || resolution.note === '' ? {} : { note: resolution.note }),
      });
    });
  }

  /** Ends the step this process runs for the release (its whole process group); false when none runs here. */
  cancelStep(releaseId: string): boolean {
    return this.running.cancel(releaseId);
  }

  /** Cancels whatever runs here (the host is closing). */
  stop(): void {
    this.running.cancelAll();
  }

  // ---- rules ----------------------------------------------------------------------------

  private async actor(): Promise<string> {
    const identity = await this.deps.identity();
    if (identity.id === null) throw new DeskError('not-configured', NO_IDENTITY);
    return identity.id;
  }

  /** The rules for this state now: allowedActions with the clock and the release's watch window. */
  private rules(state: ReleaseState, actor: string | null): readonly ActionVerdict[] {
    return allowedActions(state, actor, this.deps.config.people, { now: this.deps.now().toISOString(), watch: this.watchOf(state) });
  }

  private watchOf(state: ReleaseState): WatchWindow | null {
    const minutes = this.deps.config.environments[state.environment]?.watchMinutes;
    return minutes === undefined ? null : watchWindowOf(state, minutes);
  }

  private verdict(state: ReleaseState, actor: string, action: ReleaseAction): ActionVerdict {
    return (
      this.rules(state, actor).find((verdict) => verdict.action === action) ?? {
        action,
        allowed: false,
        reason: `${action} is not an action of release ${state.id}.`,
        overridable: false,
      }
    );
  }

  /** Null when allowed (or overridden by this very request), else the one-sentence reason. */
  private refusal(state: ReleaseState, actor: string, action: ReleaseAction, overridden: boolean): string | null {
    const verdict = this.verdict(state, actor, action);
    if (verdict.allowed || (overridden && verdict.overridable)) return null;
    return verdict.reason;
  }

  /**
   * Checks the rules for `action`; when they refuse and a written reason is given for an
   * overridable refusal, records the override first. True when overridden.
   */
  private async authorize(releaseId: string, action: ReleaseAction, actor: string, overrideReason: string | undefined): Promise<boolean> {
    const release = this.mustFind(await this.events(), releaseId);
    const verdict = this.verdict(release, actor, action);
    if (verdict.allowed) return false;
    if (overrideReason === undefined || !verdict.overridable) throw new DeskError('conflict', verdict.reason);
    await this.append((context) => {
      const state = this.stateIn(context.events, releaseId);
      if (state === null) return { refused: `There is no release ${releaseId}.` };
      const again = this.verdict(state, actor, action);
      if (!again.allowed && !again.overridable) return { refused: again.reason };
      return this.draft(actor, 'override', releaseId, state.environment, { action, refusal: (again.allowed ? verdict.reason : again.reason).slice(0, 1000), reason: overrideReason });
    });
    return true;
  }

  private async simpleAction(
    releaseId: string,
    action: ReleaseAction,
    options: ActInput,
    build: (actor: string, release: ReleaseState) => EventDraft | { refused: string },
  ): Promise<ReleaseView> {
    const actor = await this.actor();
    const overridden = await this.authorize(releaseId, action, actor, options.overrideReason);
    await this.append((context) => {
      const state = this.stateIn(context.events, releaseId);
      if (state === null) return { refused: `There is no release ${releaseId}.` };
      const refusal = this.refusal(state, actor, action, overridden);
      return refusal === null ? build(actor, state) : { refused: refusal };
    });
    return this.get(releaseId);
  }

  // ---- steps ----------------------------------------------------------------------------

  private async step(
    releaseId: string,
    action: ReleaseAction,
    step: StepName,
    options: ActInput,
    body: (context: StepContext) => Promise<StepEnding>,
    description?: string,
  ): Promise<ReleaseView> {
    const actor = await this.actor();
    const overridden = await this.authorize(releaseId, action, actor, options.overrideReason);
    await this.runStep(releaseId, action, overridden, actor, step, body, description);
    return this.get(releaseId);
  }

  /** `action` null: a helper step after a recorded decision (the teardown of an aborted release). */
  private async runStep(
    releaseId: string,
    action: ReleaseAction | null,
    overridden: boolean,
    actor: string,
    step: StepName,
    body: (context: StepContext) => Promise<StepEnding>,
    description?: string,
  ): Promise<void> {
    const trust = await this.deps.trust();
    if (trust === null) throw new DeskError('not-configured', untrusted(this.deps.workspaceDir));
    const release = this.mustFind(await this.events(), releaseId);
    const environment = this.environmentConfigOf(release);
    const command = description ?? describeCommand(stepCommand(environment.commands, step));
    const secrets = this.deps.secrets();

    let attempt = 0;
    let logRelative = '';
    await this.append((context) => {
      const state = this.stateIn(context.events, releaseId);
      if (state === null) return { refused: `There is no release ${releaseId}.` };
      const refusal = action === null ? helperRefusal(state, step) : this.refusal(state, actor, action, overridden);
      if (refusal !== null) return { refused: refusal };
      attempt = context.events.filter((event) => event.type === 'step-started' && event.releaseId === releaseId && event.data.step === step).length + 1;
      logRelative = path.posix.join('releases', releaseId, `${step}-${attempt}.log`);
      return this.draft(actor, 'step-started', releaseId, release.environment, { step, attempt, command: redactText(command, secrets).slice(0, 4000), logFile: logRelative });
    });

    const controller = new AbortController();
    const startedAt = this.deps.now();
    const logFile = path.join(this.deps.dataDir, logRelative);
    const emitLines = (chunks: readonly OutputChunk[]) => this.deps.onOutput({ releaseId, step, attempt, chunks });
    const started = performance.now();
    let ending: StepEnding;
    try {
      // Inside the try: whatever fails from here on is recorded as this step's outcome.
      this.running.start({ releaseId, step, attempt, startedAt: startedAt.toISOString(), controller });
      await mkdir(path.dirname(logFile), { recursive: true });
      ending = await body(this.stepContext(release, environment, controller.signal, logFile, emitLines, secrets, trust));
    } catch (error) {
      ending = { outcome: 'failed', exitCode: null, message: `Release Desk could not finish ${step}: ${error instanceof Error ? error.message : String(error)}`, facts: {} };
    }
    ending = endedElsewhere(ending, this.running.abortRequest(releaseId));
    const durationMs = Math.round(performance.now() - started);
    try {
      await this.append(() =>
        this.draft(actor, 'step-finished', releaseId, release.environment, {
          step,
          attempt,
          outcome: ending.outcome,
          exitCode: ending.exitCode,
          durationMs,
          message: redactText(ending.message, secrets).slice(0, 2000),
          facts: ending.facts,
        }),
      );
      if (ending.outcome === 'succeeded') {
        for (const follow of ending.then ?? []) {
          await this.append(() => ({ ...this.draft(actor, follow.type, releaseId, release.environment, follow.data) }) as EventDraft);
        }
      }
    } finally {
      this.running.finish(releaseId);
    }
  }

  private stepContext(
    release: ReleaseState,
    environment: WorkspaceConfig['environments'][string],
    signal: AbortSignal,
    logFile: string,
    emitLines: (chunks: readonly OutputChunk[]) => void,
    secrets: readonly string[],
    trust: WorkspaceTrust,
  ): StepContext {
    const { config, workspaceDir } = this.deps;
    const baseEnv = this.deps.baseEnv ?? process.env;
    const env: Record<string, string> = {
      RELEASE_ID: release.id,
      RELEASE_BRANCH: release.branch,
      RELEASE_SHA: release.sha,
      RELEASE_ENV: release.environment,
      REPO_PATH: config.repository.path,
      ...(release.previewUrl === undefined ? {} : { PREVIEW_URL: release.previewUrl }),
      ...(release.previousSha === undefined ? {} : { PREVIOUS_SHA: release.previousSha }),
    };
    return {
      release,
      environment,
      config,
      workspaceDir,
      baseEnv,
      signal,
      previewWaitMs: this.deps.previewWaitMs ?? (environment.timeouts.previewWaitSeconds === undefined ? DEFAULT_PREVIEW_WAIT_MS : environment.timeouts.previewWaitSeconds * 1000),
      github: this.deps.github,
      run: (spec, timeoutMs, extraEnv) =>
        runStepProcess({
          spec,
          cwd: workspaceDir,
          env: { ...env, ...extraEnv },
          baseEnv,
          timeoutMs,
          logFile,
          secrets,
          signal,
          onChunks: emitLines,
          now: this.deps.now,
          trust,
          // Recorded in the step's marker: another process may end it (abort and roll back).
          onSpawned: (pid) => this.running.spawned(release.id, pid),
        }),
      note: async (line) => {
        const text = redactText(line, secrets);
        await appendFile(logFile, `[release-desk] ${text}\n`, { mode: 0o600 });
        emitLines([{ at: this.deps.now().toISOString(), stream: 'stdout', text: `[release-desk] ${text}` }]);
      },
      checkProduction: () => this.productionOf(release.environment),
      // Stage 1's probes of the preview go where the watch's samples will (evidence, bounded).
      recordPreviewReading: (reading) => {
        this.appendSample(path.join(this.deps.dataDir, ...samplesFileOf(release.id).split('/')), {
          probe: 'preview',
          at: this.deps.now().getTime(),
          ok: reading.ok,
          status: reading.status,
          latencyMs: reading.latencyMs,
          version: reading.version,
          ...(reading.problem === undefined ? {} : { problem: reading.problem }),
        });
        return Promise.resolve();
      },
    };
  }

  private async productionOf(environmentName: string): Promise<ProductionCheck> {
    return checkProduction(this.environmentConfig(environmentName), {
      trust: await this.deps.trust(),
      workspaceDir: this.deps.workspaceDir,
      environmentName,
      repoPath: this.deps.config.repository.path,
      baseEnv: this.deps.baseEnv ?? process.env,
      secrets: this.deps.secrets(),
      now: this.deps.now,
    });
  }

  // ---- journal --------------------------------------------------------------------------

  private async events(): Promise<readonly JournalEvent[]> {
    const { events, torn, damaged } = await this.deps.journal.read();
    if (torn !== null) this.deps.log?.(`[releases] ${this.deps.journal.file}: line ${torn.line} is incomplete (power loss?); resuming from the last whole event`);
    // Releases go on past a damaged line; audit verify and the app's banner name it until acknowledged.
    for (const { line, detail } of damaged) this.deps.log?.(`[releases] ${this.deps.journal.file}: line ${line} is skipped: ${detail}`);
    return events;
  }

  /** Appends (or throws the refusal as `conflict`), then tells the window and the team. */
  private async append(build: Parameters<ReleaseJournal['append']>[0]): Promise<JournalEvent> {
    const result = await this.deps.journal.append(build);
    if (result.kind === 'refused') throw new DeskError('conflict', result.reason);
    await this.announce(result.event);
    return result.event;
  }

  private async announce(event: JournalEvent): Promise<void> {
    if (event.releaseId === null) return;
    try {
      const [events, identity] = await Promise.all([this.events(), this.deps.identity()]);
      const state = this.stateIn(events, event.releaseId);
      this.tellTeam(event, state);
      if (state !== null) this.deps.onChanged(await this.viewOf(state, this.viewer(identity)));
    } catch (error) {
      this.deps.log?.('[releases] could not announce a journal event', error);
    }
  }

  /** Hands the messages over and moves on: delivery (and its failures) is the outbox's business. */
  private tellTeam(event: JournalEvent, state: ReleaseState | null): void {
    const { config } = this.deps;
    const probe = config.environments[event.environment]?.health[0];
    const messages = teamMessagesFor(event, state, {
      slackChannel: config.slack?.channel ?? null,
      productionUrl: probe === undefined ? null : new URL(probe.url).origin,
    });
    for (const message of messages) {
      try {
        const handed = this.deps.teamUpdates.enqueue(message);
        if (handed instanceof Promise) handed.catch((error: unknown) => this.deps.log?.('[releases] a team update was not queued', error));
      } catch (error) {
        this.deps.log?.('[releases] a team update was not queued', error);
      }
    }
  }

  private draft<T extends EventDraft['type']>(actor: string, type: T, releaseId: string | null, environment: string, data: Extract<EventDraft, { type: T }>['data']): EventDraft {
    return { at: this.deps.now().toISOString(), actor, type, releaseId, environment, data } as EventDraft;
  }

  // ---- state and views ------------------------------------------------------------------

  private stateIn(events: readonly JournalEvent[], releaseId: string): ReleaseState | null {
    const state = foldRelease(events, releaseId);
    return state === null ? null : this.live(state);
  }

  private live(state: ReleaseState): ReleaseState {
    return withLiveness(state, (step, attempt) => this.running.isRunning(state.id, step, attempt) || this.rollbackRuns(state, step, attempt));
  }

  /** A rollback is run by the rollback service (here or in another process), not by this service's steps. */
  private rollbackRuns(state: ReleaseState, step: StepName, attempt: number): boolean {
    return step === 'rollback' && this.deploys.liveness(state.environment, { releaseId: state.id, step, attempt, actor: '', at: '' }) !== 'dead';
  }

  private mustFind(events: readonly JournalEvent[], releaseId: string): ReleaseState {
    const state = this.stateIn(events, releaseId);
    if (state === null) throw new DeskError('not-found', `There is no release ${releaseId} in this workspace's journal.`);
    return state;
  }

  private viewer(identity: ReleaseIdentity): Viewer {
    return viewerOf(identity, this.deps.config.people);
  }

  private pendingUpdates(): readonly PendingTeamUpdate[] {
    if (!this.pendingAsking) {
      this.pendingAsking = true;
      this.deps.teamUpdates
        .pending()
        .then((pending) => {
          this.pendingCache = pending;
        })
        .catch((error: unknown) => this.deps.log?.('[releases] could not read the pending team updates', error))
        .finally(() => {
          this.pendingAsking = false;
        });
    }
    return this.pendingCache;
  }

  private async viewOf(state: ReleaseState, viewer: Viewer): Promise<ReleaseView> {
    const actions = this.rules(state, viewer.id);
    const runningStep = state.steps.find((record) => record.status === 'running');
    const pending = this.pendingUpdates();
    return {
      state,
      actions: [...actions],
      next: nextAction(state, actions),
      blocker: currentBlocker(state, actions),
      running: runningStep === undefined ? null : { step: runningStep.step, attempt: runningStep.attempts, startedAt: runningStep.startedAt ?? state.updatedAt },
      pendingUpdates: pending
        .filter((update) => update.releaseId === state.id)
        .map((update) => ({ id: update.id, channel: update.channel, description: update.description, status: update.status })),
      viewer,
      watch: this.watchOf(state),
    };
  }

  private environmentConfig(name: string): WorkspaceConfig['environments'][string] {
    const environment = this.deps.config.environments[name];
    if (environment === undefined) {
      throw new DeskError('invalid-argument', `release-desk.yml has no environment ${name} (it has ${Object.keys(this.deps.config.environments).join(', ')}).`);
    }
    return environment;
  }

  private environmentConfigOf(release: ReleaseState): WorkspaceConfig['environments'][string] {
    return this.environmentConfig(release.environment);
  }
}

function untrusted(folder: string): string {
  return `${folder} is not a trusted folder, so Release Desk runs none of its commands: trust it in the app (Trust…), or name it on the command line (--workspace)`;
}

function helperRefusal(state: ReleaseState, step: StepName): string | null {
  if (step === 'teardown' && state.phase === 'aborted') return null;
  return `${step} does not run in phase ${state.phase} of ${state.id}`;
}

function stepCommand(commands: WorkspaceConfig['environments'][string]['commands'], step: StepName) {
  switch (step) {
    case 'stage1':
      return commands.stage1;
    case 'preflight':
      return commands.preflight ?? '(no preflight command) rollback check + currentVersion';
    case 'switchover':
      return commands.switchover;
    case 'current-version':
      return commands.currentVersion;
    case 'teardown':
      return commands.teardown ?? '(no teardown command)';
    case 'rollback':
      return commands.rollback;
    case 'merge':
      return 'merge';
  }
}

function describeCommand(spec: string | readonly string[]): string {
  return typeof spec === 'string' ? spec : spec.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}

