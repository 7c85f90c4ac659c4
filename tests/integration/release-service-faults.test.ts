/**
 * The release service on a small real workspace (a git origin and clone in a temp dir,
 * shell scripts as deploy commands, a preview served on 127.0.0.1): commands that are
 * missing, exit 1 or hang past their 1 s timeout are recorded as such, never as success;
 * team updates that hang or fail delay no step.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import type { ReleaseService } from '../../electron/services/releases/release-service';
import { createRecordingTeamUpdates, type TeamMessage, type TeamUpdates } from '../../electron/services/releases/team-updates';
import type { ReleaseServiceDeps, StepOutputBatch } from '../../electron/services/releases/release-service';
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import type { JournalEvent } from '../../shared/releases/release-events';
import { linesOfChunks } from '../../shared/releases/output-lines';
import { parseSampleLines } from '../../shared/monitor/watch-summary';
import { writeLocalCiWorkspace } from '../fixtures/local-ci-workspace';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { testReleaseService } from '../fixtures/test-release-service';

const CAROL = 'carol@example.com';
let repo: TestRepo;
let dataDir: string;
let config: WorkspaceConfig;
let preview: http.Server;
let previewUrl: string;
let sha: string;

const script = async (name: string, body: string) => {
  const file = path.join(repo.root, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
};

beforeAll(async () => {
  repo = await createTestRepo();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'release-faults-data-'));
  await repo.commit('master', { 'README.md': 'hello\n' });
  await repo.git('push', '--quiet', 'origin', 'master');
  await repo.git('checkout', '--quiet', '-b', 'feat/x', 'master');
  sha = await repo.commit('feat/x', { 'x.txt': 'x\n' });
  await repo.git('push', '--quiet', 'origin', 'feat/x');
  await repo.git('fetch', '--quiet', 'origin');
  preview = http.createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => preview.listen(0, '127.0.0.1', resolve));
  const address = preview.address();
  previewUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;

  await script('stage1.sh', 'echo "staging $RELEASE_BRANCH"; echo "PREVIEW_URL=$TEST_PREVIEW_URL"');
  await script('exit1.sh', 'echo "building"; echo "the build server is gone" >&2; exit 1');
  await script('hang.sh', 'echo "checking"; sleep 30');
  await script('ok.sh', 'exit 0');
  const environment = (commands: Record<string, string>, timeouts: Record<string, number> = {}) => ({
    commands: { stage1: './stage1.sh', switchover: './ok.sh', rollback: './ok.sh', currentVersion: 'git -C "$REPO_PATH" rev-parse master', ...commands },
    timeouts,
  });
  config = await writeLocalCiWorkspace(repo.root, {
    repository: { mainBranch: 'master' },
    environments: {
      production: environment({}),
      missing: environment({ stage1: './deploy/no-such-stage1.sh --now' }),
      failing: environment({ stage1: './exit1.sh' }),
      hanging: environment({ preflight: './hang.sh' }, { preflightSeconds: 1 }),
      quiet: environment({}),
      slow: environment({ stage1: './hang.sh' }),
      noisy: environment({}),
      // Its preview never answers (nothing listens on port 9 of 127.0.0.1); it waits 1 s, not the default 60.
      unanswered: environment({ stage1: 'echo "PREVIEW_URL=http://127.0.0.1:9/"' }, { previewWaitSeconds: 1 }),
      // Production is a file: the switchover writes the release's SHA into it.
      watched: environment({ switchover: 'echo "$RELEASE_SHA" > watched-production.txt', currentVersion: 'cat watched-production.txt 2>/dev/null || git -C "$REPO_PATH" rev-parse master' }),
    },
    people: { coordinators: [CAROL], onCall: [CAROL], signOff: [CAROL] },
  });
});

afterAll(async () => {
  await new Promise((resolve) => preview.close(resolve));
  await repo.cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

function service(teamUpdates: TeamUpdates = createRecordingTeamUpdates(), overrides: Partial<ReleaseServiceDeps> = {}) {
  const output: StepOutputBatch[] = [];
  const releases = testReleaseService({
    config,
    workspaceDir: repo.root,
    dataDir,
    actor: CAROL,
    teamUpdates,
    eligibility: async (branch) => (branch === 'feat/x' ? { headSha: sha, eligible: true, summary: 'eligible for release', pullRequest: null } : null),
    onOutput: (batch) => output.push(batch),
    baseEnv: { ...process.env, TEST_PREVIEW_URL: previewUrl },
    previewWaitMs: 5000,
    ...overrides,
  });
  return { releases, output };
}

async function journal(): Promise<readonly JournalEvent[]> {
  return (await openReleaseJournal({ file: journalFileFor(dataDir) }).read()).events;
}

async function finishedOf(releaseId: string, step: string) {
  return (await journal()).filter((event) => event.type === 'step-finished' && event.releaseId === releaseId && event.data.step === step);
}

describe('a step whose command fails is recorded as failed, never as success', () => {
  it('missing command: failed with exit 127 and its output; the intent preceded it', async () => {
    const { releases, output } = service();
    const planned = await releases.plan({ environment: 'missing', branch: 'feat/x' });
    const view = await releases.startStage1(planned.state.id);
    const stage1 = view.state.steps.find((step) => step.step === 'stage1');
    expect(stage1).toMatchObject({ status: 'failed', outcome: 'failed', exitCode: 127 });
    expect(stage1?.message).toMatch(/command not found.*no-such-stage1\.sh/);
    const events = (await journal()).filter((event) => event.releaseId === planned.state.id).map((event) => event.type);
    expect(events).toEqual(['planned', 'step-started', 'step-finished']);
    expect(output.flatMap((batch) => linesOfChunks(batch.chunks)).join('\n')).toContain('no-such-stage1.sh');
    const log = await releases.stepLog(planned.state.id, 'stage1', 1);
    expect(log).toContain('no-such-stage1.sh');
    await releases.abort(planned.state.id, 'the stage1 script is missing');
  });

  it('exit 1: failed with the command\'s last words; Stage 1 may be retried', async () => {
    const { releases } = service();
    const planned = await releases.plan({ environment: 'failing', branch: 'feat/x' });
    const view = await releases.startStage1(planned.state.id);
    expect(view.state.steps.find((step) => step.step === 'stage1')).toMatchObject({ status: 'failed', exitCode: 1, message: expect.stringContaining('the build server is gone') });
    expect(view.state.phase).toBe('stage1-failed');
    const retried = await releases.startStage1(planned.state.id);
    expect(retried.state.steps.find((step) => step.step === 'stage1')?.attempts).toBe(2);
    expect((await finishedOf(planned.state.id, 'stage1')).map((event) => event.type === 'step-finished' && event.data.outcome)).toEqual(['failed', 'failed']);
    await releases.abort(planned.state.id, 'the build server is gone');
  });

  it('a hang past its 1 s timeout: timed-out, the process group killed', async () => {
    const { releases } = service();
    const planned = await releases.plan({ environment: 'hanging', branch: 'feat/x' });
    expect((await releases.startStage1(planned.state.id)).state.phase).toBe('exercising');
    await releases.signOff(planned.state.id);
    const started = Date.now();
    const view = await releases.preflight(planned.state.id);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(view.state.steps.find((step) => step.step === 'preflight')).toMatchObject({ status: 'failed', outcome: 'timed-out', message: expect.stringMatching(/timed out after 1000 ms; process group killed: checking/) });
    expect(view.state.previousSha).toBeUndefined();
    await releases.abort(planned.state.id, 'the preflight hangs');
  });
});

describe('the Stage 1 preview wait', () => {
  it('is the environment\'s timeouts.previewWaitSeconds: a preview that never answers fails Stage 1 after 1 s, not 60', async () => {
    const { releases } = service(createRecordingTeamUpdates(), { previewWaitMs: undefined });
    const planned = await releases.plan({ environment: 'unanswered', branch: 'feat/x' });
    const started = performance.now();
    const after = await releases.startStage1(planned.state.id);
    const waitedMs = performance.now() - started;
    expect(after.state.steps.find((step) => step.step === 'stage1')).toMatchObject({ outcome: 'failed' });
    const [finished] = await finishedOf(planned.state.id, 'stage1');
    expect(finished?.data).toMatchObject({ outcome: 'failed', message: expect.stringContaining('the preview http://127.0.0.1:9/ does not answer') });
    expect(waitedMs).toBeGreaterThanOrEqual(1000);
    expect(waitedMs).toBeLessThan(15_000);
    await releases.abort(planned.state.id, 'the preview never came up');
  }, 30_000);
});

describe('planning', () => {
  it('an active GitHub Deployment by someone else blocks, naming them, unless overridden with a reason', async () => {
    const busy = createRecordingTeamUpdates({ creator: 'dave', sha: 'b'.repeat(40), createdAt: '2026-11-20T09:00:00Z' });
    const { releases } = service(busy);
    await expect(releases.plan({ environment: 'quiet', branch: 'feat/x' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'dave has an active GitHub Deployment of bbbbbbb to quiet since 2026-11-20T09:00:00Z.',
    });
    const planned = await releases.plan({ environment: 'quiet', branch: 'feat/x', overrideReason: 'Dave\'s deployment is stale, he agreed' });
    expect(planned.state.coordinator).toBe(CAROL);
    const override = (await journal()).filter((event) => event.type === 'override').at(-1);
    expect(override).toMatchObject({ releaseId: null, environment: 'quiet', actor: CAROL, data: { action: 'plan', reason: 'Dave\'s deployment is stale, he agreed' } });
    await releases.abort(planned.state.id, 'only the refusal mattered');
  });

  it('engineers default to the branch\'s listed authors plus the coordinator; on-call to the first of people.onCall', async () => {
    const { releases } = service();
    const planned = await releases.plan({ environment: 'quiet', branch: 'feat/x' });
    // feat/x's author (test@example.com) is not in people: only the coordinator remains.
    expect(planned.state).toMatchObject({ engineers: [CAROL], onCall: CAROL, sha });
    await releases.abort(planned.state.id, 'only the defaults mattered');
  });
});

describe('the overview says whether a plan refusal may be overridden', () => {
  it('an active release is not overridable; a non-coordinator planning is', async () => {
    const { releases } = service();
    const planned = await releases.plan({ environment: 'noisy', branch: 'feat/x' });
    const entryOf = async (service: ReleaseService) => (await service.overview()).environments.find((entry) => entry.name === 'noisy');
    expect(await entryOf(releases)).toMatchObject({ planRefusal: expect.stringContaining(`already has release ${planned.state.id}`), planRefusalOverridable: false });
    await releases.abort(planned.state.id, 'only the refusal mattered');
    const { releases: asDave } = service(createRecordingTeamUpdates(), { identity: async () => ({ id: 'dave@example.com', source: 'git-config' }) });
    expect(await entryOf(asDave)).toMatchObject({ planRefusal: expect.stringContaining('Only a coordinator'), planRefusalOverridable: true });
    const free = await entryOf(releases);
    expect(free?.planRefusal).toBeNull();
    expect(free?.planRefusalOverridable).toBeUndefined();
  });
});

describe('the watch window', () => {
  it('marking healthy before it ends is refused until confirmed; after it ends no confirmation is needed', async () => {
    const { releases } = service();
    const planned = await releases.plan({ environment: 'watched', branch: 'feat/x' });
    await releases.startStage1(planned.state.id);
    await releases.signOff(planned.state.id);
    const watching = await releases.switchover(planned.state.id);
    expect(watching.state.phase).toBe('watching');
    const switchedAt = watching.state.steps.find((step) => step.step === 'switchover')?.finishedAt ?? '';
    const until = new Date(Date.parse(switchedAt) + 15 * 60_000).toISOString();
    expect(watching.watch).toEqual({ since: switchedAt, until, minutes: 15 });
    expect(watching.actions.find((verdict) => verdict.action === 'mark-healthy')).toMatchObject({ allowed: true, confirm: expect.stringContaining(`ends at ${until.slice(11, 16)} UTC`) });

    await expect(releases.markVerdict(planned.state.id, 'healthy')).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/^Not confirmed: The watch window of r\d+ is not over/) });
    expect((await journal()).filter((event) => event.releaseId === planned.state.id && event.type === 'verdict')).toEqual([]);

    // Sixteen minutes later the window is over: healthy asks no yes.
    const { releases: later } = service(createRecordingTeamUpdates(), { now: () => new Date(Date.parse(switchedAt) + 16 * 60_000) });
    expect((await later.get(planned.state.id)).actions.find((verdict) => verdict.action === 'mark-healthy')).toEqual({ action: 'mark-healthy', allowed: true });

    // Now, inside the window, a confirmed healthy is recorded, and so is how early it was.
    const markedAt = Date.now();
    const healthy = await releases.markVerdict(planned.state.id, 'healthy', { confirmed: true });
    expect(healthy.state).toMatchObject({ phase: 'merging', verdict: { verdict: 'healthy', by: CAROL } });
    const [verdict] = (await journal()).filter((event) => event.releaseId === planned.state.id && event.type === 'verdict');
    const remainingMs = verdict?.type === 'verdict' ? verdict.data.watchRemainingMs ?? 0 : 0;
    expect(remainingMs).toBeLessThanOrEqual(Date.parse(until) - markedAt);
    expect(remainingMs).toBeGreaterThan(Date.parse(until) - Date.now() - 1000);
    expect(healthy.state.verdict?.watchRemainingMs).toBe(remainingMs);

    // The verdict ended the watch: one summary, by the app. Stage 1's preview probes are in the
    // same samples file, and (taken before the window) are not part of the watch's summary.
    const summaries = (await journal()).filter((event) => event.releaseId === planned.state.id && event.type === 'watch-summary');
    expect(summaries).toMatchObject([{ actor: 'release-desk', data: { samplesFile: `releases/${planned.state.id}/samples.jsonl`, probes: [] } }]);
    const samples = parseSampleLines(await readFile(path.join(dataDir, 'releases', planned.state.id, 'samples.jsonl'), 'utf8'));
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((sample) => sample.probe === 'preview' && sample.at < Date.parse(switchedAt))).toBe(true);
    expect(samples.at(-1)).toMatchObject({ probe: 'preview', ok: true, status: 200 });
  });
});

describe('an untrusted folder', () => {
  it('runs no command: the step is refused before any intent is recorded', async () => {
    const { releases } = service();
    const planned = await releases.plan({ environment: 'quiet', branch: 'feat/x' });
    const { releases: untrusted } = service(createRecordingTeamUpdates(), { trust: async () => null });
    await expect(untrusted.startStage1(planned.state.id)).rejects.toMatchObject({ code: 'not-configured', message: expect.stringContaining('is not a trusted folder') });
    expect((await journal()).filter((event) => event.releaseId === planned.state.id).map((event) => event.type)).toEqual(['planned']);
    await releases.abort(planned.state.id, 'untrusted on purpose');
  });
});

describe('cancel', () => {
  it('ends the running step\'s process group and records it as cancelled', async () => {
    const { releases, output } = service();
    const planned = await releases.plan({ environment: 'slow', branch: 'feat/x' });
    const running = releases.startStage1(planned.state.id);
    const deadline = Date.now() + 20_000;
    while (!output.some((batch) => linesOfChunks(batch.chunks).includes('checking')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await releases.get(planned.state.id)).running).toMatchObject({ step: 'stage1', attempt: 1 });
    const started = Date.now();
    expect(releases.cancelStep(planned.state.id)).toBe(true);
    const view = await running;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(view.state.steps.find((step) => step.step === 'stage1')).toMatchObject({ status: 'failed', outcome: 'cancelled' });
    expect(view.running).toBeNull();
    expect(releases.cancelStep(planned.state.id)).toBe(false);
    await releases.abort(planned.state.id, 'cancelled on purpose');
  });
});

describe('the team is told, and never waited on', () => {
  it('an outbox that hangs or throws delays no step by more than 100 ms', async () => {
    const handed: TeamMessage[] = [];
    const never = new Promise<never>(() => undefined);
    const hanging: TeamUpdates = {
      enqueue: (message) => {
        handed.push(message);
        return handed.length % 2 === 0 ? never : Promise.reject(new Error('disk full'));
      },
      pending: () => never,
      // Planning's question to GitHub is bounded on its own (the next test); here it answers.
      deployments: { activeFor: async () => null },
    };
    const timeStage1 = async (environment: string, teamUpdates: TeamUpdates) => {
      const { releases } = service(teamUpdates);
      const planned = await releases.plan({ environment, branch: 'feat/x' });
      const started = performance.now();
      const view = await releases.startStage1(planned.state.id);
      const wall = performance.now() - started;
      expect(view.state.phase).toBe('exercising');
      await releases.abort(planned.state.id, 'timing only');
      return wall;
    };
    const quiet: number[] = [];
    const faulty: number[] = [];
    // A warm-up of each, then alternating rounds: the machine is shared and noisy.
    await timeStage1('quiet', createRecordingTeamUpdates());
    await timeStage1('noisy', hanging);
    for (let round = 0; round < 5; round++) {
      quiet.push(await timeStage1('quiet', createRecordingTeamUpdates()));
      faulty.push(await timeStage1('noisy', hanging));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[2] ?? 0;
    expect(median(faulty) - median(quiet)).toBeLessThan(100);
    // The messages were handed over all the same, in flow order.
    expect(handed.slice(0, 3).map((message) => message.kind)).toEqual(['deployment.create', 'deployment.status', 'deployment.status']);
  }, 120_000);

  it('a GitHub that never says whether a Deployment is active holds planning up for its bound only', async () => {
    const silent: TeamUpdates = { ...createRecordingTeamUpdates(), deployments: { activeFor: () => new Promise<never>(() => undefined) } };
    const { releases } = service(silent);
    const started = Date.now();
    const planned = await releases.plan({ environment: 'quiet', branch: 'feat/x' });
    expect(Date.now() - started).toBeLessThan(6000);
    await releases.abort(planned.state.id, 'only the bound mattered');
  });

  it('maps each appended event to its messages, in order', async () => {
    const updates = createRecordingTeamUpdates();
    const { releases } = service(updates);
    const planned = await releases.plan({ environment: 'quiet', branch: 'feat/x' });
    await releases.startStage1(planned.state.id);
    await releases.signOff(planned.state.id, { note: 'looked fine' });
    await releases.abort(planned.state.id, 'not today');
    expect(updates.messages.map((message) => (message.kind === 'deployment.status' ? `status:${message.state}` : message.kind))).toEqual([
      'deployment.create',
      'status:in_progress',
      'status:in_progress',
      'status:inactive',
    ]);
    expect(updates.messages[2]).toMatchObject({ environmentUrl: previewUrl });
  });
});

describe('the journal stores the log path relative to the data folder', () => {
  it('step-started names releases/<id>/<step>-<attempt>.log and the file holds the output', async () => {
    const { releases } = service();
    const planned = await releases.plan({ environment: 'quiet', branch: 'feat/x' });
    await releases.startStage1(planned.state.id);
    const started = (await journal()).find((event) => event.type === 'step-started' && event.releaseId === planned.state.id);
    expect(started?.type === 'step-started' && started.data.logFile).toBe(`releases/${planned.state.id}/stage1-1.log`);
    expect(await readFile(path.join(dataDir, 'releases', planned.state.id, 'stage1-1.log'), 'utf8')).toContain('staging feat/x');
    await releases.abort(planned.state.id, 'done looking');
  });
});
