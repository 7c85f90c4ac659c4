/**
 * The rollback: production goes back to the previous version in one step, and nothing
 * remote can hold it up. Order of work, on purpose:
 *
 *   1. decide, inside the journal's append lock (the arbiter of two clicks, two windows, the
 *      app and the CLI): target, role, one rollback or switchover at a time — and append the
 *      intent (`step-started` rollback, fsync'ed) with the running marker written;
 *   2. spawn the environment's `rollback` command (PREVIOUS_SHA, RELEASE_SHA, RELEASE_ID,
 *      RELEASE_ENV as environment variables only), output streaming live;
 *   3. ask production (currentVersion and every probe), append the outcome, `rolled-back`
 *      when production reports the target, and the environment's lock;
 *   4. only then hand the team updates (GitHub Deployment statuses, a Slack reply) to the
 *      port — never awaited.
 *
 * No GitHub, Slack or CircleCI code is imported here: a rollback loads nothing it does not need.
 */
import path from 'node:path';
import { GITHUB_DESCRIPTION_LIMIT, withPublishedHead, type JournalHead } from '../../../shared/audit/published-head';
import type { EnvironmentConfig, WorkspaceConfig } from '../../../shared/config/workspace-config';
import { DeskError } from '../../../shared/ipc/result';
import type { EventDraft, StepOutcome } from '../../../shared/releases/release-events';
import type { EnvironmentState } from '../../../shared/releases/release-state';
import type { RollbackOutcome, RollbackPreview } from '../../../shared/releases/rollback-ipc';
import { readEnvironmentStatus, UNTRUSTED_FOLDER } from '../environments/environment-status';
import type { ReleaseJournal } from '../journal/release-journal';
import { redactText } from '../runner/redactor';
import { describeResult, type RunResult } from '../runner/run-command';
import { runWorkspaceCommand } from '../trust/run-workspace-command';
import type { WorkspaceTrust } from '../trust/workspace-trust';
import { createOutputBatcher, type OutputChunk } from '../releases/output-batcher';
import { environmentState, openSteps, type RollbackLedger } from './journal-ledger';
import { LedgerCache, type JournalRead } from './ledger-cache';
import { clock, journalFacts, keyOf, planRollback, short, type JournalFacts, type OpenDeployStep, type RollbackPlan } from './rollback-plan';
import type { RunningDeploys } from './running-deploys';

/** What the team is told afterwards; the shapes of the release service's TeamMessage. */
export type RollbackTeamMessage =
  | { readonly kind: 'deployment.status'; readonly releaseId: string; readonly state: 'failure' | 'success'; readonly description: string }
  | { readonly kind: 'slack.thread-reply'; readonly releaseId: string; readonly text: string };

/** The outbox port: hands a message over (a local write); delivery happens later, elsewhere. */
export interface RollbackTeamUpdates {
  enqueue(message: RollbackTeamMessage): Promise<void> | void;
}

export interface RollbackOutputBatch {
  readonly environment: string;
  readonly releaseId: string | null;
  readonly attempt: number;
  readonly chunks: readonly OutputChunk[];
}

/** The release service's steps in this process, for Abort and roll back (its switchover is ended first). */
export interface LocalSwitchovers {
  isRunning(releaseId: string, attempt: number): Promise<boolean>;
  /** Ends the step's process group; the release service records its outcome (cancelled). */
  cancel(releaseId: string): boolean;
}

export interface RollbackServiceDeps {
  readonly journal: ReleaseJournal;
  /** The last valid configuration (a broken release-desk.yml still rolls back by its last valid version). */
  readonly config: () => WorkspaceConfig;
  /** The folder holding release-desk.yml: the command runs here. */
  readonly workspaceDir: string;
  /** The workspace's data folder: logs under `releases/`, running markers under `releases/running`. */
  readonly dataDir: string;
  /** Who is asking, from local facts only (a cached GitHub login, else git user.email). */
  readonly identity: () => Promise<string | null>;
  readonly running: RunningDeploys;
  /** Switchovers the release service runs in this process (the app); absent in the CLI. */
  readonly localSwitchovers?: LocalSwitchovers;
  readonly now?: () => Date;
  readonly secrets?: () => readonly string[];
  readonly baseEnv?: NodeJS.ProcessEnv;
  /** The folder's Workspace Trust, or null while the user has not trusted it (then nothing runs). */
  readonly trust: () => Promise<WorkspaceTrust | null>;
  readonly teamUpdates?: RollbackTeamUpdates;
  readonly onOutput?: (batch: RollbackOutputBatch) => void;
  /** After every append: the environment's state (the window re-reads it). */
  readonly onChanged?: (environment: string) => void;
  /** The rollback's process was spawned (benchmarks measure up to here). */
  readonly onSpawned?: () => void;
  readonly log?: (message: string, error?: unknown) => void;
  /**
   * The journal's ledger as last read; the CLI's starts from its snapshot (the journal opened at
   * the snapshot's resume point). Default: folded from the journal's first event.
   */
  readonly ledgers?: LedgerCache;
}

export interface RollbackRequest {
  readonly environment: string;
  readonly toSha?: string;
  readonly reason?: string;
}

export class RollbackService {
  private readonly now: () => Date;
  /**
   * The last journal facts computed per environment (and --to), reused while the journal has not
   * grown (preview -> start, or `prepare` ahead of a click). Bounded: one entry per environment
   * and SHA asked for, cleared past MAX_KEPT_FACTS.
   */
  private readonly facts = new Map<string, { readonly ledger: RollbackLedger; readonly facts: JournalFacts }>();
  private readonly ledgers: LedgerCache;

  constructor(private readonly deps: RollbackServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.ledgers = deps.ledgers ?? new LedgerCache();
  }

  /** The ledger of the journal as it is now. */
  private async readLedger(): Promise<RollbackLedger> {
    return this.ledgerOf(await this.deps.journal.read());
  }

  private ledgerOf(read: JournalRead): RollbackLedger {
    return this.ledgers.of(read);
  }

  /**
   * Reads and folds the journal for every environment, and asks who "I" am, ahead of a click
   * (the app calls it when the journal changes): the rollback's start then finds its facts
   * computed instead of folding the whole journal on its way to the spawn. Never throws.
   */
  async prepare(): Promise<void> {
    try {
      const [ledger] = await Promise.all([this.readLedger(), this.deps.identity()]);
      for (const name of Object.keys(this.deps.config().environments)) this.factsFor(ledger, name, undefined);
    } catch (error) {
      // The click reads again and reports whatever is wrong.
      this.deps.log?.('[rollback] could not prepare the journal facts ahead of a rollback', error);
    }
  }

  /** What the one confirmation says, and whether this viewer may go ahead. */
  async preview(environmentName: string): Promise<RollbackPreview> {
    const environment = this.environmentConfig(environmentName);
    const [actor, ledger] = await Promise.all([this.deps.identity(), this.readLedger()]);
    const plan = this.plan(ledger, environmentName, actor, {}, await this.localSwitchoverKeys(ledger, environmentName), true);
    const trust = await this.deps.trust();
    const nowRunning = await this.currentVersion(environmentName, environment, trust);
    const target = plan.target;
    const released = target === null ? '' : target.releasedAt === null ? ' (not released through Release Desk)' : ` (released ${day(target.releasedAt)}${target.releasedBy === null ? '' : ` by ${target.releasedBy}`})`;
    const running = nowRunning.version === null ? `production's version is unknown (${nowRunning.problem ?? 'no answer'})` : `now running ${short(nowRunning.version)}`;
    const title = capitalize(environmentName);
    const confirmation =
      target === null
        ? `${title} cannot be rolled back: ${plan.refusal?.reason ?? 'no earlier version is known'}; ${running}`
        : `${title} goes back to ${short(target.sha)}${released}; ${running}${plan.abortsSwitchover === null ? '' : '. The switchover that is running is ended first'}`;
    const refusal = trust === null ? { reason: untrusted(this.deps.workspaceDir), overridable: false } : plan.refusal;
    return {
      environment: environmentName,
      target,
      fromSha: plan.fromSha,
      releaseId: plan.releaseId,
      nowRunning,
      confirmation,
      allowed: refusal === null,
      refusal,
      abortsSwitchover: plan.abortsSwitchover !== null,
      lock: plan.environment.lock,
      viewer: actor,
    };
  }

  /** Rolls the environment back; refusals are DeskError('conflict' | 'not-configured'). */
  async rollback(request: RollbackRequest): Promise<RollbackOutcome> {
    const { environment: name } = request;
    const environment = this.environmentConfig(name);
    const options = { ...(request.toSha === undefined ? {} : { toSha: request.toSha }), ...(request.reason === undefined ? {} : { reason: request.reason }) };
    // Side by side: who asks (a git process in the CLI), the trust, and the journal's facts,
    // so the append below finds the journal read and folded and only checks it is unchanged.
    const [actor, trust, warm] = await Promise.all([this.deps.identity(), this.deps.trust(), this.warmFacts(name, options.toSha)]);
    if (trust === null) throw new DeskError('conflict', untrusted(this.deps.workspaceDir));

    // Abort and roll back: a switchover this process runs is ended (and its outcome recorded) first.
    // The warm read stands for the journal until something here changes it.
    let ledger = warm;
    const switching = this.deps.running.runningIn(name).find((deploy) => deploy.step === 'switchover');
    if (switching !== undefined) {
      const plan = this.plan(ledger ?? (await this.readLedger()), name, actor, options);
      if (plan.refusal !== null) throw refusalError(plan.refusal);
      await switching.abort();
      ledger = null;
    } else if (this.deps.localSwitchovers !== undefined && (await this.abortReleaseServiceSwitchover(name, actor, options, ledger))) {
      ledger = null;
    }
    await this.abortSwitchoverElsewhere(name, actor, options, ledger);

    const secrets = this.deps.secrets?.() ?? [];
    const command = environment.commands.rollback;
    let plan: RollbackPlan | null = null;
    let logRelative = '';
    let unregister: (() => void) | null = null;
    const startedAt = this.now();
    if (options.reason !== undefined) {
      // Only someone the rules refuse needs the override; it is journaled before the intent.
      const overridden = await this.deps.journal.append((read) => {
        const decided = this.plan(this.ledgerOf(read), name, actor, options);
        if (decided.refusal !== null) return { refused: decided.refusal.reason };
        if (decided.override === null) return { refused: NO_OVERRIDE_NEEDED };
        return this.draft(actor, 'override', decided.releaseId, name, { action: 'rollback', refusal: decided.override.refusal.slice(0, 1000), reason: decided.override.reason });
      });
      if (overridden.kind === 'refused' && overridden.reason !== NO_OVERRIDE_NEEDED) throw refusalError({ reason: overridden.reason, overridable: false });
    }
    const intent = await this.appendOrUnregister(() => unregister, (read) => {
      const decided = this.plan(this.ledgerOf(read), name, actor, options);
      if (decided.refusal !== null) return { refused: JSON.stringify(decided.refusal) };
      plan = decided;
      logRelative = path.posix.join('releases', decided.releaseId ?? `${name}-no-release`, `rollback-${decided.attempt}-${startedAt.getTime()}.log`);
      // Registered under the lock: whoever appends next already sees this rollback running.
      unregister = this.deps.running.add({
        environment: name,
        releaseId: decided.releaseId,
        step: 'rollback',
        attempt: decided.attempt,
        actor: actor ?? 'unknown',
        startedAt: startedAt.toISOString(),
        abort: () => Promise.resolve(),
      });
      return this.draft(actor, 'step-started', decided.releaseId, name, {
        step: 'rollback',
        attempt: decided.attempt,
        command: redactText(describeCommand(command), secrets).slice(0, 4000),
        logFile: logRelative,
      });
    });
    if (intent.kind === 'refused') {
      const refusal = parseRefusal(intent.reason);
      throw refusalError(refusal);
    }
    const decided = plan as RollbackPlan | null;
    const target = decided?.target;
    if (decided === null || target === null || target === undefined) throw new DeskError('internal', 'the rollback was journaled without a target');
    const stop = unregister as (() => void) | null;
    try {
      this.changed(name);
      return await this.runAndRecord(trust, name, environment, actor ?? 'unknown', decided, target.sha, logRelative, secrets);
    } finally {
      stop?.();
    }
  }

  /** An append whose build registered the running rollback: a failed write unregisters it. */
  private async appendOrUnregister(unregister: () => (() => void) | null, build: Parameters<ReleaseJournal['append']>[0]): ReturnType<ReleaseJournal['append']> {
    try {
      return await this.deps.journal.append(build);
    } catch (error) {
      unregister()?.();
      throw error;
    }
  }

  /** Lets new releases into the environment again, with a written reason. */
  async unlock(environmentName: string, reason: string): Promise<EnvironmentState> {
    this.environmentConfig(environmentName);
    const actor = await this.deps.identity();
    if (actor === null) throw new DeskError('not-configured', 'Release Desk cannot tell who you are: set git config user.email in the clone (or connect GitHub)');
    const appended = await this.deps.journal.append((read) => {
      const state = environmentState(this.ledgerOf(read), environmentName);
      if (state.lock === null) return { refused: `${environmentName} is not locked` };
      return this.draft(actor, 'lock-released', state.lock.releaseId, environmentName, { reason });
    });
    if (appended.kind === 'refused') throw new DeskError('conflict', appended.reason);
    this.changed(environmentName);
    return environmentState(await this.readLedger(), environmentName);
  }

  private async runAndRecord(
    trust: WorkspaceTrust,
    name: string,
    environment: EnvironmentConfig,
    actor: string,
    plan: RollbackPlan,
    toSha: string,
    logRelative: string,
    secrets: readonly string[],
  ): Promise<RollbackOutcome> {
    const { releaseId, attempt, fromSha } = plan;
    const batcher = createOutputBatcher({ emit: (chunks) => this.deps.onOutput?.({ environment: name, releaseId, attempt, chunks }), now: this.now });
    const config = this.deps.config();
    const started = performance.now();
    const result = await runWorkspaceCommand(trust, environment.commands.rollback, {
      cwd: this.deps.workspaceDir,
      env: {
        PREVIOUS_SHA: toSha,
        RELEASE_SHA: fromSha ?? '',
        RELEASE_ID: releaseId ?? '',
        RELEASE_ENV: name,
        REPO_PATH: config.repository.path,
      },
      ...(this.deps.baseEnv === undefined ? {} : { baseEnv: this.deps.baseEnv }),
      timeoutMs: environment.timeouts.rollbackMinutes * 60_000,
      secrets,
      logFile: path.join(this.deps.dataDir, logRelative),
      onOutput: (chunk, stream) => batcher.push(chunk, stream),
      onSpawned: () => this.deps.onSpawned?.(),
    });
    batcher.end();
    const durationMs = Math.round(performance.now() - started);

    const production = await this.checkProduction(name, environment, secrets, trust);
    const judged = judge(name, result, production, toSha);
    const output = result.kind === 'failed-to-start' ? result.message : result.output;
    const outcome: StepOutcome = judged.kind === 'command-failed' ? stepOutcomeOf(result) : judged.kind === 'not-back' ? 'failed' : 'succeeded';
    const at = this.now();
    const lockReason =
      judged.kind === 'rolled-back' || judged.kind === 'unhealthy'
        ? `rolled back ${fromSha === null ? name : short(fromSha)} at ${clock(at.toISOString())}: fix the cause before releasing again`
        : `rollback to ${short(toSha)} at ${clock(at.toISOString())} failed: ${name} may still run ${fromSha === null ? 'the faulty version' : short(fromSha)}; fix it before releasing again`;
    const redacted = (text: string, max: number) => redactText(text, secrets).slice(0, max);
    await this.deps.journal.append(() =>
      this.draft(actor, 'step-finished', releaseId, name, {
        step: 'rollback',
        attempt,
        outcome,
        exitCode: result.kind === 'exited' ? result.code : null,
        durationMs,
        message: redacted(judged.message, 2000),
        facts: {
          productionVersion: production.version !== null && /^[0-9a-f]{40}$/.test(production.version) ? production.version : null,
          healthy: production.healthy,
          probes: production.probes.slice(0, 50).map((line) => line.slice(0, 500)),
        },
      }),
    );
    if (judged.kind === 'rolled-back' || judged.kind === 'unhealthy') {
      await this.deps.journal.append(() =>
        this.draft(actor, 'rolled-back', releaseId, name, { fromSha: fromSha !== null && /^[0-9a-f]{40}$/.test(fromSha) ? fromSha : null, toSha, healthy: production.healthy, message: redacted(judged.message, 2000) }),
      );
    }
    // Every rollback that ran locks the environment: whatever made it necessary is not fixed yet.
    const locked = await this.deps.journal.append(() => this.draft(actor, 'lock-taken', releaseId, name, { reason: lockReason }));
    this.changed(name);
    this.tellTeam(plan, toSha, judged.kind, judged.message, locked.kind === 'appended' ? locked.event : null);
    return {
      kind: judged.kind,
      environment: name,
      releaseId,
      fromSha,
      toSha,
      message: judged.message,
      exitCode: result.kind === 'exited' ? result.code : null,
      durationMs,
      output: redacted(output.slice(-8000), 8000),
      production,
      lockReason,
    };
  }

  /** Hands the team's messages to the outbox port; nothing waits on it, a failure is only logged. */
  private tellTeam(plan: RollbackPlan, toSha: string, kind: RollbackOutcome['kind'], message: string, head: JournalHead | null): void {
    const updates = this.deps.teamUpdates;
    if (updates === undefined || plan.releaseId === null) return;
    const back = kind === 'rolled-back' || kind === 'unhealthy';
    // The journal's head goes where the team sees it (shared/audit/published-head.ts).
    const published = (text: string, limit?: number) => (head === null ? text : withPublishedHead(text, head, limit));
    const messages: RollbackTeamMessage[] = [
      { kind: 'deployment.status', releaseId: plan.releaseId, state: 'failure', description: published(back ? `Rolled back to ${short(toSha)}` : `Rollback to ${short(toSha)} failed`, GITHUB_DESCRIPTION_LIMIT) },
      ...(back && plan.target !== null && plan.target.releaseId !== null && plan.target.releaseId !== plan.releaseId
        ? [{ kind: 'deployment.status' as const, releaseId: plan.target.releaseId, state: 'success' as const, description: published(`Live again after the rollback of ${plan.fromSha === null ? plan.releaseId : short(plan.fromSha)}`, GITHUB_DESCRIPTION_LIMIT) }]
        : []),
      { kind: 'slack.thread-reply', releaseId: plan.releaseId, text: published(message) },
    ];
    for (const team of messages) {
      void Promise.resolve()
        .then(() => updates.enqueue(team))
        .catch((error: unknown) => this.deps.log?.(`[rollback] could not queue the team update ${team.kind}`, error));
    }
  }

  /** Keys of the environment's open switchovers that the release service runs in this process. */
  private async localSwitchoverKeys(ledger: RollbackLedger, environment: string): Promise<ReadonlySet<string>> {
    const local = this.deps.localSwitchovers;
    const keys = new Set<string>();
    if (local === undefined) return keys;
    for (const step of openSteps(ledger, environment)) {
      if (step.step === 'switchover' && step.releaseId !== null && (await local.isRunning(step.releaseId, step.attempt).catch(() => false))) keys.add(keyOf(step.releaseId, step.step, step.attempt));
    }
    return keys;
  }

  /**
   * Abort and roll back across processes: a switchover another Release Desk process runs (its
   * process group verified by its marker) is asked to end — and ended from here if its process
   * does not react — then its outcome (cancelled, by whom) is awaited in the journal.
   */
  private async abortSwitchoverElsewhere(name: string, actor: string | null, options: { toSha?: string; reason?: string }, read: RollbackLedger | null): Promise<void> {
    // The warm read just made is current enough to see an open switchover (the intent's append decides again under the lock).
    const ledger = read ?? (await this.readLedger());
    if (!openSteps(ledger, name).some((step) => step.step === 'switchover')) return;
    const plan = this.plan(ledger, name, actor, options, new Set(), true);
    if (plan.refusal !== null) throw refusalError(plan.refusal);
    const step = plan.abortsSwitchover;
    if (step === null || !plan.abortsElsewhere) return;
    const ended = await this.deps.running.endElsewhere(step, actor ?? 'unknown', this.now().toISOString(), SWITCHOVER_KILL_GRACE_MS);
    if (ended.kind === 'refused') throw refusalError({ reason: `The switchover of ${step.releaseId ?? name} runs in another Release Desk process and cannot be ended from here: ${ended.reason}`, overridable: false });
    await this.waitForStepEnd(name, step, () => this.deps.running.liveness(name, step) === 'dead');
  }

  /** Until the step has its outcome in the journal (or `gone()`: its process died, the step is inconclusive). */
  private async waitForStepEnd(name: string, step: OpenDeployStep, gone: () => boolean = () => false): Promise<void> {
    const deadline = Date.now() + SWITCHOVER_END_WAIT_MS;
    for (;;) {
      const now = await this.readLedger();
      if (!openSteps(now, name).some((open) => keyOf(open.releaseId, open.step, open.attempt) === keyOf(step.releaseId, step.step, step.attempt))) return;
      if (gone()) return;
      if (Date.now() > deadline) throw new DeskError('conflict', `The switchover of ${step.releaseId ?? name} did not end within ${SWITCHOVER_END_WAIT_MS / 1000} s of being cancelled: production is not rolled back yet; try again`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ends the release service's running switchover of the environment and waits until its outcome is journaled. */
  /** True when it ended one (the journal changed). */
  private async abortReleaseServiceSwitchover(name: string, actor: string | null, options: { toSha?: string; reason?: string }, read: RollbackLedger | null): Promise<boolean> {
    const local = this.deps.localSwitchovers;
    const ledger = read ?? (await this.readLedger());
    const keys = await this.localSwitchoverKeys(ledger, name);
    if (local === undefined || keys.size === 0) return false;
    const plan = this.plan(ledger, name, actor, options, keys);
    if (plan.refusal !== null) throw refusalError(plan.refusal);
    const step = plan.abortsSwitchover;
    if (step === null || step.releaseId === null || plan.abortsElsewhere) return false;
    local.cancel(step.releaseId);
    await this.waitForStepEnd(name, step);
    return true;
  }

  /** Reads and folds the journal ahead of the append (which reuses both while the file is unchanged); a failure shows there. */
  private async warmFacts(environment: string, toSha: string | undefined): Promise<RollbackLedger | null> {
    try {
      const ledger = await this.readLedger();
      this.factsFor(ledger, environment, toSha);
      return ledger;
    } catch {
      // The append reads the journal again under its lock and reports what is wrong.
      return null;
    }
  }

  private factsFor(ledger: RollbackLedger, environment: string, toSha: string | undefined): JournalFacts {
    // The ledger cache hands out the same ledger while the journal is unchanged, a new one when it grew.
    const slot = `${environment}\0${toSha ?? ''}`;
    const kept = this.facts.get(slot);
    if (kept?.ledger === ledger) return kept.facts;
    if (this.facts.size >= MAX_KEPT_FACTS) this.facts.clear();
    const facts = journalFacts(ledger, environment, toSha);
    this.facts.set(slot, { ledger, facts });
    return facts;
  }

  /**
   * `abortElsewhere`: a switchover another process runs counts as one to end first when it can
   * be verified; never inside the intent's append, where any open switchover still refuses.
   */
  private plan(
    ledger: RollbackLedger,
    environment: string,
    actor: string | null,
    options: { toSha?: string; reason?: string },
    localSwitchovers: ReadonlySet<string> = new Set(),
    abortElsewhere = false,
  ): RollbackPlan {
    const facts = this.factsFor(ledger, environment, options.toSha);
    return planRollback({
      environment,
      people: this.deps.config().people,
      actor,
      ...options,
      facts,
      liveness: (step) => (localSwitchovers.has(keyOf(step.releaseId, step.step, step.attempt)) ? 'running-here' : this.deps.running.liveness(environment, step)),
      ...(abortElsewhere ? { whyNotAbortable: (step: OpenDeployStep) => this.deps.running.whyNotAbortable(step) } : {}),
    });
  }

  private environmentConfig(name: string): EnvironmentConfig {
    const environment = this.deps.config().environments[name];
    if (environment === undefined) {
      const known = Object.keys(this.deps.config().environments);
      throw new DeskError('not-configured', `release-desk.yml has no environment ${JSON.stringify(name)} (it has ${known.length === 0 ? 'none' : known.join(', ')})`);
    }
    return environment;
  }

  private async currentVersion(name: string, environment: EnvironmentConfig, trust: WorkspaceTrust | null): Promise<{ version: string | null; problem?: string }> {
    const status = await readEnvironmentStatus({ ...environment, health: [] }, this.statusOptions(name, this.deps.secrets?.() ?? [], trust));
    return { version: status.version, ...(status.versionProblem === undefined ? {} : { problem: status.versionProblem }) };
  }

  private async checkProduction(name: string, environment: EnvironmentConfig, secrets: readonly string[], trust: WorkspaceTrust): Promise<NonNullable<RollbackOutcome['production']>> {
    const status = await readEnvironmentStatus(environment, this.statusOptions(name, secrets, trust));
    const probes = status.health.map((reading) => {
      const answer = reading.status === null ? 'no answer' : `HTTP ${reading.status}`;
      const reports = reading.version === null ? '' : `, reports ${short(reading.version)}`;
      return `${reading.name}: ${reading.ok ? 'ok' : `FAILING (${reading.problem ?? 'failed'})`}, ${answer} in ${reading.latencyMs} ms${reports}`;
    });
    return { version: status.version, ...(status.versionProblem === undefined ? {} : { versionProblem: status.versionProblem }), healthy: status.healthy, probes };
  }

  private statusOptions(name: string, secrets: readonly string[], trust: WorkspaceTrust | null) {
    return {
      trust,
      workspaceDir: this.deps.workspaceDir,
      environmentName: name,
      repoPath: this.deps.config().repository.path,
      ...(this.deps.baseEnv === undefined ? {} : { baseEnv: this.deps.baseEnv }),
      secrets,
    };
  }

  private draft<T extends EventDraft['type']>(actor: string | null, type: T, releaseId: string | null, environment: string, data: Extract<EventDraft, { type: T }>['data']): EventDraft {
    return { at: this.now().toISOString(), actor: actor ?? 'unknown', type, releaseId, environment, data } as EventDraft;
  }

  private changed(environment: string): void {
    try {
      this.deps.onChanged?.(environment);
    } catch (error) {
      this.deps.log?.('[rollback] onChanged failed', error);
    }
  }
}

const NO_OVERRIDE_NEEDED = 'no override needed';
const MAX_KEPT_FACTS = 32;
/** The runner's kill grace is 3 s; the release service then records the outcome. */
const SWITCHOVER_END_WAIT_MS = 30_000;
/** Between SIGTERM and SIGKILL when a switchover's group is ended from another process (the runner's own grace). */
const SWITCHOVER_KILL_GRACE_MS = 3_000;

function untrusted(folder: string): string {
  return `Not rolled back: ${UNTRUSTED_FOLDER} (${folder}), so its rollback command does not run; trust it first (Trust… in the app, or name it with --workspace on the command line)`;
}

/** Refusals cross the journal's `refused` string as JSON, so `overridable` survives. */
function parseRefusal(text: string): { reason: string; overridable: boolean } {
  try {
    const parsed = JSON.parse(text) as { reason?: unknown; overridable?: unknown };
    if (typeof parsed.reason === 'string') return { reason: parsed.reason, overridable: parsed.overridable === true };
  } catch {
    // A plain sentence.
  }
  return { reason: text, overridable: false };
}

/** A refusal a written reason would lift is `invalid-argument` (the reason is missing); the rest `conflict`. */
export class RollbackRefusedError extends DeskError {
  constructor(
    message: string,
    readonly overridable: boolean,
  ) {
    super(overridable ? 'invalid-argument' : 'conflict', message);
    this.name = 'RollbackRefusedError';
  }
}

function refusalError(refusal: { reason: string; overridable: boolean }): RollbackRefusedError {
  return new RollbackRefusedError(refusal.reason, refusal.overridable);
}

function judge(
  name: string,
  result: RunResult,
  production: NonNullable<RollbackOutcome['production']>,
  toSha: string,
): { kind: RollbackOutcome['kind']; message: string } {
  const title = capitalize(name);
  if (result.kind !== 'exited' || result.code !== 0) {
    const said = result.kind === 'failed-to-start' ? '' : lastLines(result.output);
    const where = production.version === null ? `${name}'s version is unknown` : `${name} reports ${short(production.version)}`;
    return { kind: 'command-failed', message: `The rollback command failed (${describeResult(result)})${said === '' ? '' : `: ${said}`}; ${where}` };
  }
  if (production.version !== toSha) {
    const reports = production.version === null ? `its version is unknown (${production.versionProblem ?? 'currentVersion said nothing'})` : `it reports ${short(production.version)}`;
    return { kind: 'not-back', message: `The rollback command exited 0 but ${name} did not come back to ${short(toSha)}: ${reports}` };
  }
  const failing = production.probes.filter((line) => line.includes('FAILING'));
  if (!production.healthy) {
    return { kind: 'unhealthy', message: `${title} runs ${short(toSha)} again but is not healthy: ${failing.join('; ') || 'a probe failed'}` };
  }
  return { kind: 'rolled-back', message: `Rolled back and healthy: ${name} runs ${short(toSha)} and every probe answers` };
}

function stepOutcomeOf(result: RunResult): StepOutcome {
  switch (result.kind) {
    case 'exited':
      return 'failed';
    case 'timed-out':
      return 'timed-out';
    case 'cancelled':
      return 'cancelled';
    case 'failed-to-start':
      return 'failed-to-start';
  }
}

function describeCommand(spec: string | readonly string[]): string {
  return typeof spec === 'string' ? spec : spec.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}

function lastLines(text: string): string {
  return text
    .trim()
    .split('\n')
    .slice(-3)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' / ')
    .slice(0, 600);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "20 Nov" (UTC, as the journal records time). */
function day(iso: string): string {
  const date = new Date(iso);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''}`;
}
