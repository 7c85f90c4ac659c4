/**
 * What each release step does between its intent and its outcome: the command, then the
 * checks that decide whether it really worked. Each returns the outcome to record; none
 * appends to the journal (release-service.ts does, around them).
 */
import { shortSha } from '../../../shared/text/short-sha';
import type { EnvironmentConfig, WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { EventDraft, StepOutcome } from '../../../shared/releases/release-events';
import type { ReleaseState } from '../../../shared/releases/release-state';
import type { CommandSpec } from '../runner/run-command';
import { within } from './bounded';
import { commandRunnable } from './command-runnable';
import { mergeWithGit, remoteMainContains } from './git-merge';
import type { HealthReading } from '../health/probe-health';
import { previewAddress, waitForPreview } from './preview-url';
import { productionProblem, type ProductionCheck } from './production-check';
import type { ReleaseGitHub } from './release-github';
import { releaseCommits } from './release-notes';
import type { StepProcessResult } from './step-process';

type Facts = Extract<EventDraft, { type: 'step-finished' }>['data']['facts'];
type FollowUp = Extract<EventDraft, { type: 'release-notes' | 'merged' }>;

export interface StepEnding {
  readonly outcome: StepOutcome;
  readonly exitCode: number | null;
  readonly message: string;
  readonly facts: Facts;
  /** Events recorded after a successful outcome (the merge's notes and `merged`). */
  readonly then?: readonly Pick<FollowUp, 'type' | 'data'>[];
}

export interface StepContext {
  readonly release: ReleaseState;
  readonly environment: EnvironmentConfig;
  readonly config: WorkspaceConfig;
  readonly workspaceDir: string;
  readonly baseEnv: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  /** Runs a configured command with the release's environment, log and live output. */
  run(spec: CommandSpec, timeoutMs: number, extraEnv?: Readonly<Record<string, string>>): Promise<StepProcessResult>;
  /** A line of Release Desk's own (a check's result) into the log and the live output. */
  note(line: string): Promise<void>;
  checkProduction(): Promise<ProductionCheck>;
  readonly previewWaitMs: number;
  readonly github: ReleaseGitHub | null;
  /** Keeps a probe reading of the preview in the release's samples file (absent: not kept). */
  readonly recordPreviewReading?: (reading: HealthReading) => Promise<void>;
}

const short = shortSha;
const DEFAULT_PREFLIGHT_SECONDS = 300;
const DEFAULT_TEARDOWN_SECONDS = 600;
const NOTES_WAIT_MS = 5000;

function failedRun(run: StepProcessResult, facts: Facts = {}): StepEnding {
  return { outcome: run.outcome, exitCode: run.exitCode, message: run.message, facts };
}

export async function stage1(ctx: StepContext): Promise<StepEnding> {
  const run = await ctx.run(ctx.environment.commands.stage1, ctx.environment.timeouts.stage1Minutes * 60_000);
  if (run.outcome !== 'succeeded') return failedRun(run);
  const address = previewAddress(run.output, ctx.environment.previewUrl, { sha: ctx.release.sha, branch: ctx.release.branch, releaseId: ctx.release.id });
  if (address.kind === 'missing') return { outcome: 'failed', exitCode: 0, message: `exit 0, but ${address.reason}`, facts: {} };
  await ctx.note(`preview address ${address.url} (from the ${address.from === 'output' ? 'PREVIEW_URL line' : 'previewUrl template'})`);
  const probe = await waitForPreview(address.url, { withinMs: ctx.previewWaitMs, signal: ctx.signal, ...(ctx.recordPreviewReading === undefined ? {} : { onReading: ctx.recordPreviewReading }) });
  await ctx.note(probe.line);
  const facts: Facts = { previewUrl: address.url, previewAnswered: probe.answered, probes: [probe.line] };
  if (!probe.answered) return { outcome: 'failed', exitCode: 0, message: `exit 0, but the preview ${address.url} does not answer (${probe.line})`, facts };
  return { outcome: 'succeeded', exitCode: 0, message: `exit 0; the preview ${address.url} answers`, facts };
}

export async function preflight(ctx: StepContext): Promise<StepEnding> {
  const { commands, timeouts } = ctx.environment;
  let exitCode: number | null = null;
  if (commands.preflight !== undefined) {
    const seconds = timeouts.preflightSeconds ?? DEFAULT_PREFLIGHT_SECONDS;
    const run = await ctx.run(commands.preflight, seconds * 1000);
    if (run.outcome !== 'succeeded') return failedRun(run);
    exitCode = 0;
  } else {
    await ctx.note('no preflight command is configured');
  }
  const rollback = await commandRunnable(commands.rollback, ctx.workspaceDir, ctx.baseEnv);
  if (!rollback.runnable) return { outcome: 'failed', exitCode, message: `the rollback command cannot run here: ${rollback.reason}`, facts: {} };
  await ctx.note(`rollback command runnable: ${rollback.program}`);
  const check = await ctx.checkProduction();
  for (const line of check.probes) await ctx.note(line);
  if (check.version === null) {
    return { outcome: 'failed', exitCode, message: `production's current version is unknown: ${check.versionProblem ?? 'currentVersion said nothing'}`, facts: { productionVersion: null, healthy: check.healthy, probes: [...check.probes] } };
  }
  await ctx.note(`production runs ${check.version}: the rollback target (PREVIOUS_SHA)`);
  return {
    outcome: 'succeeded',
    exitCode,
    message: `rollback is runnable and production runs ${short(check.version)} (the rollback target)`,
    facts: { previousSha: check.version, productionVersion: check.version, healthy: check.healthy, probes: [...check.probes] },
  };
}

export async function switchover(ctx: StepContext): Promise<StepEnding> {
  const { release } = ctx;
  const run = await ctx.run(ctx.environment.commands.switchover, ctx.environment.timeouts.switchoverMinutes * 60_000);
  const check = await ctx.checkProduction();
  for (const line of check.probes) await ctx.note(line);
  await ctx.note(`production reports ${check.version ?? `no version (${check.versionProblem ?? 'unknown'})`}`);
  const facts: Facts = { productionVersion: check.version, healthy: check.healthy, probes: [...check.probes] };
  const reported = check.version === null ? 'production reports no version' : `production reports ${short(check.version)}`;
  if (run.outcome !== 'succeeded') return { outcome: run.outcome, exitCode: run.exitCode, message: `${run.message}; ${reported}`, facts };
  const problem = productionProblem(check, release.sha);
  if (problem !== null) return { outcome: 'failed', exitCode: 0, message: `exit 0, but ${problem}`, facts };
  return { outcome: 'succeeded', exitCode: 0, message: `exit 0; production reports ${short(release.sha)} and every probe is ok`, facts };
}

export async function teardown(ctx: StepContext): Promise<StepEnding> {
  const spec = ctx.environment.commands.teardown;
  if (spec === undefined) return { outcome: 'succeeded', exitCode: null, message: 'no teardown command is configured', facts: {} };
  const seconds = ctx.environment.timeouts.teardownSeconds ?? DEFAULT_TEARDOWN_SECONDS;
  const run = await ctx.run(spec, seconds * 1000);
  return run.outcome === 'succeeded' ? { outcome: 'succeeded', exitCode: 0, message: `teardown ${run.message}`, facts: {} } : failedRun(run);
}

export async function merge(ctx: StepContext): Promise<StepEnding> {
  const { release, config } = ctx;
  const { path: repoPath, remote, mainBranch } = config.repository;
  const mainRef = `refs/remotes/${remote}/${mainBranch}`;
  const log = (line: string) => void ctx.note(line);
  // The notes are read before the merge: afterwards the main branch contains the commits.
  const commits = await releaseCommits(repoPath, release.previousSha ?? null, mainRef, release.sha);
  const none: ReadonlyMap<string, { number: number; title: string }> = new Map();
  // Titles are a nicety: GitHub gets a few seconds for them, the merge does not wait longer.
  const pullRequests = ctx.github === null ? none : await within(ctx.github.pullRequestsOf(commits.map((c) => c.sha)), NOTES_WAIT_MS, none);
  const notes = commits.map((commit) => {
    const pull = pullRequests.get(commit.sha);
    return pull === undefined ? commit : { ...commit, pullRequest: pull };
  });

  const title = `Merge ${release.branch} (release ${release.id})`;
  const pull = release.pullRequest ?? (ctx.github === null ? null : await ctx.github.pullRequestFor(release.branch).catch(() => null));
  let method: 'pull-request' | 'git';
  let mergeCommit: string;
  if (ctx.github !== null && pull !== null) {
    method = 'pull-request';
    await ctx.note(`merging pull request #${pull.number} on GitHub with a merge commit`);
    const merged = await ctx.github.merge(pull.number, release.sha, title);
    if (merged.kind === 'failed') return { outcome: 'failed', exitCode: null, message: merged.reason, facts: { mergeMethod: method, pullRequest: pull.number } };
    mergeCommit = merged.mergeCommit;
  } else {
    method = 'git';
    const merged = await mergeWithGit({ repoPath, remote, mainBranch, sha: release.sha, message: title, log });
    if (merged.kind === 'failed') return { outcome: 'failed', exitCode: null, message: merged.reason, facts: { mergeMethod: method } };
    mergeCommit = merged.mergeCommit;
  }
  const contains = await remoteMainContains(repoPath, remote, mainBranch, release.sha).catch((error: unknown) => {
    void ctx.note(`could not read ${remote}/${mainBranch}: ${String(error)}`);
    return false;
  });
  const facts: Facts = { mergeCommit, mergeMethod: method, ...(method === 'pull-request' && pull !== null ? { pullRequest: pull.number } : {}) };
  if (!contains) return { outcome: 'failed', exitCode: null, message: `merged as ${short(mergeCommit)}, but ${remote}/${mainBranch} does not contain ${short(release.sha)}`, facts };
  await ctx.note(`${remote}/${mainBranch} contains ${release.sha}`);
  return {
    outcome: 'succeeded',
    exitCode: 0,
    message: `merged into ${mainBranch} as ${short(mergeCommit)} (${method === 'git' ? 'git merge --no-ff and push' : `pull request #${pull?.number ?? ''}`}); ${remote}/${mainBranch} contains ${short(release.sha)}`,
    facts,
    then: [
      { type: 'release-notes', data: { commits: notes } },
      { type: 'merged', data: { method, mergeCommit, ...(facts.pullRequest === undefined ? {} : { pullRequest: facts.pullRequest }) } },
    ],
  };
}
