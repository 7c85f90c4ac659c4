import { describe, expect, it } from 'vitest';
import { foldEnvironment, foldRelease, foldReleases, markInconclusive } from '../../../../shared/releases/fold-release';
import { RELEASE_PHASES, type ReleasePhase, type ReleaseState } from '../../../../shared/releases/release-state';
import { CAST, MERGE_SHA, PREVIEW_URL, PREVIOUS_SHA, RELEASE_SHA, releaseStory, storyAt } from '../../../fixtures/release-events';

const fold = (story: { events: readonly Parameters<typeof foldRelease>[0][number][]; releaseId: string }): ReleaseState => {
  const state = foldRelease(story.events, story.releaseId);
  if (state === null) throw new Error(`${story.releaseId} was not planned`);
  return state;
};
const stepStatus = (state: ReleaseState, step: string) => state.steps.find((record) => record.step === step)?.status;

describe('foldRelease: every phase is reached by its events', () => {
  const folds = RELEASE_PHASES.filter((phase) => phase !== 'inconclusive');
  it.each(folds)('%s', (phase) => {
    expect(fold(storyAt(phase)).phase).toBe(phase);
  });

  it('inconclusive: a flow step running with no process behind it', () => {
    const state = markInconclusive(fold(storyAt('inconclusive')), []);
    expect(state.phase).toBe('inconclusive');
    expect(state.inconclusiveStep).toBe('switchover');
    expect(stepStatus(state, 'switchover')).toBe('inconclusive');
  });
});

describe('foldRelease: the record of a release', () => {
  it('freezes the plan, records the preview, the rollback target, sign-offs, verdict and merge', () => {
    const state = fold(storyAt('done'));
    expect(state).toMatchObject({
      id: 'r1',
      branch: 'feature/x',
      sha: RELEASE_SHA,
      coordinator: CAST.coordinator,
      onCall: CAST.onCall,
      previewUrl: PREVIEW_URL,
      previousSha: PREVIOUS_SHA,
      pendingSignOffs: [],
      verdict: { verdict: 'healthy', by: CAST.coordinator },
      merge: { method: 'git', mergeCommit: MERGE_SHA },
      firstSeq: 1,
    });
    expect(state.signOffs.map((signOff) => signOff.engineer)).toEqual([...CAST.engineers]);
    expect(state.lastSeq).toBe(storyAt('done').events.length);
    expect(state.steps.map((step) => step.step)).toEqual(['stage1', 'preflight', 'switchover', 'current-version', 'merge', 'teardown', 'rollback']);
    expect(state.steps.find((step) => step.step === 'switchover')).toMatchObject({ status: 'succeeded', attempts: 1, startedBy: CAST.onCall, durationMs: 1500, exitCode: 0 });
  });

  it('records a healthy verdict given before the watch window ended, with what was left of it', () => {
    const early = fold(storyAt('exercising').preflight().switchover().add('verdict', { verdict: 'healthy', watchRemainingMs: 720_000 }));
    expect(early.verdict).toMatchObject({ verdict: 'healthy', by: CAST.coordinator, watchRemainingMs: 720_000 });
    expect(early.phase).toBe('merging');
    const inTime = fold(storyAt('exercising').preflight().switchover().verdict('healthy'));
    expect(inTime.verdict).not.toHaveProperty('watchRemainingMs');
  });

  it('retries Stage 1 after a failure, counting attempts', () => {
    const state = fold(releaseStory().plan().stage1('failed').stage1('timed-out').stage1());
    expect(state.phase).toBe('exercising');
    expect(state.steps[0]).toMatchObject({ step: 'stage1', status: 'succeeded', attempts: 3 });
  });

  it('counts sign-offs only from involved engineers, once each, case-insensitively', () => {
    const state = fold(releaseStory().plan().stage1().signOff('ERIN').signOff('erin').signOff(CAST.stranger));
    expect(state.signOffs.map((signOff) => signOff.engineer)).toEqual(['ERIN']);
    expect(state.pendingSignOffs).toEqual(['frank@welkin.example']);
  });

  it('ignores a sign-off before the preview exists or after Stage 2 started', () => {
    expect(fold(releaseStory().plan().signOff('erin')).signOffs).toEqual([]);
    expect(fold(storyAt('switching').signOff('erin')).signOffs).toHaveLength(2);
    expect(fold(releaseStory().plan().stage1().preflight().startStep('switchover').signOff('erin')).signOffs).toEqual([]);
  });

  it('keeps the signatures of engineers who remain when the engineers change', () => {
    const state = fold(releaseStory().plan().stage1().signOff('erin').signOff('frank@welkin.example').changeEngineers(['Erin', 'gina']));
    expect(state.engineers).toEqual(['Erin', 'gina']);
    expect(state.signOffs.map((signOff) => signOff.engineer)).toEqual(['erin']);
    expect(state.pendingSignOffs).toEqual(['gina']);
  });

  it('records every override, in order, with who and when', () => {
    const state = fold(storyAt('ready-for-switchover').override('switchover', 'dave is on a plane', CAST.coordinator).switchover('succeeded', CAST.coordinator));
    expect(state.phase).toBe('watching');
    expect(state.overrides).toEqual([expect.objectContaining({ action: 'switchover', reason: 'dave is on a plane', by: CAST.coordinator, seq: expect.any(Number) })]);
  });

  it('aborts before Stage 2 only', () => {
    expect(fold(storyAt('ready-for-switchover').abort()).phase).toBe('aborted');
    expect(fold(storyAt('ready-for-switchover').abort()).abort).toMatchObject({ reason: 'the preview shows the wrong prices', by: CAST.coordinator });
    expect(fold(storyAt('watching').abort()).phase).toBe('watching');
  });

  it('rolls back from switching (abort-and-rollback): the switchover ending later does not move the phase', () => {
    const story = storyAt('switching').startStep('rollback', CAST.onCall).finishStep('switchover', 'cancelled', {}, CAST.onCall);
    expect(fold(story).phase).toBe('rolling-back');
    expect(stepStatus(fold(story), 'switchover')).toBe('failed');
    story.finishStep('rollback').add('rolled-back', { fromSha: null, toSha: PREVIOUS_SHA, healthy: true, message: 'back' });
    expect(fold(story)).toMatchObject({ phase: 'rolled-back', rollback: { toSha: PREVIOUS_SHA, fromSha: null, healthy: true } });
  });

  it('a failed rollback leaves the release rolling back, to be tried again', () => {
    const story = storyAt('faulty').startStep('rollback', CAST.onCall).finishStep('rollback', 'failed');
    expect(fold(story).phase).toBe('rolling-back');
    expect(fold(story.rollback()).phase).toBe('rolled-back');
  });

  it('a merge that failed can be retried; merged is done', () => {
    expect(fold(storyAt('merge-failed').merge()).phase).toBe('done');
  });

  it('helpers (current-version, teardown) never move the phase, even after the end', () => {
    const story = storyAt('watching').startStep('current-version').finishStep('current-version', 'succeeded', { productionVersion: RELEASE_SHA });
    expect(fold(story).phase).toBe('watching');
    const aborted = storyAt('exercising').abort().startStep('teardown').finishStep('teardown');
    expect(fold(aborted).phase).toBe('aborted');
    expect(stepStatus(fold(aborted), 'teardown')).toBe('succeeded');
  });
});

describe('foldRelease: total — out-of-order and foreign events are ignored, never thrown', () => {
  const ignored: [string, (story: ReturnType<typeof releaseStory>) => unknown, ReleasePhase][] = [
    ['switchover before the preflight', (story) => story.switchover(), 'planned'],
    ['a finish with no start', (story) => story.finishStep('stage1'), 'planned'],
    ['a finish of another attempt', (story) => story.startStep('stage1').add('step-finished', { step: 'stage1', attempt: 7, outcome: 'succeeded', exitCode: 0, durationMs: 1, message: 'x', facts: {} }), 'staging'],
    ['a verdict before watching', (story) => story.verdict('healthy'), 'planned'],
    ['merged before a verdict', (story) => story.add('merged', { method: 'git', mergeCommit: MERGE_SHA }), 'planned'],
    ['a rollback before Stage 2', (story) => story.rollback(), 'planned'],
    ['a second Stage 1 while one runs', (story) => story.startStep('stage1').startStep('stage1'), 'staging'],
    ['an event of an unplanned release', (story) => story.add('aborted', { reason: 'nope' }, { releaseId: 'r99' }), 'planned'],
    ['an event of another environment', (story) => story.add('aborted', { reason: 'nope' }, { environment: 'staging' }), 'planned'],
    ['a resolution of nothing', (story) => story.resolve('switchover', 'succeeded', RELEASE_SHA), 'planned'],
  ];
  it.each(ignored)('%s', (_name, extend, phase) => {
    const story = releaseStory().plan();
    extend(story);
    expect(fold(story).phase).toBe(phase);
  });

  it('nothing happens to a final release but helpers and notes', () => {
    const story = storyAt('aborted').stage1().verdict('healthy');
    expect(fold(story).phase).toBe('aborted');
  });

  it('folds an empty journal and an unknown id', () => {
    expect(foldReleases([])).toEqual([]);
    expect(foldRelease(storyAt('done').events, 'r2')).toBeNull();
  });
});

describe('markInconclusive', () => {
  it('leaves a step the process still runs as running', () => {
    const state = fold(storyAt('switching'));
    expect(markInconclusive(state, ['switchover'])).toBe(state);
  });

  it('marks a lost helper inconclusive without stopping the flow', () => {
    const state = markInconclusive(fold(storyAt('watching').startStep('current-version')), []);
    expect(state.phase).toBe('watching');
    expect(stepStatus(state, 'current-version')).toBe('inconclusive');
  });

  it('resolving continues the flow from what production runs', () => {
    const resolved = storyAt('switching').resolve('switchover', 'succeeded', RELEASE_SHA);
    expect(markInconclusive(fold(resolved), []).phase).toBe('watching');
    const failed = storyAt('switching').resolve('switchover', 'failed', PREVIOUS_SHA);
    expect(markInconclusive(fold(failed), []).phase).toBe('switchover-failed');
  });

  it('a final release stays final', () => {
    const state = markInconclusive(fold(storyAt('staging').abort()), []);
    expect(state.phase).toBe('aborted');
    expect(stepStatus(state, 'stage1')).toBe('inconclusive');
  });
});

describe('foldEnvironment', () => {
  it('names the active release and none once it is final', () => {
    expect(foldEnvironment(storyAt('watching').events, 'production')).toMatchObject({ activeReleaseId: 'r1', lock: null });
    expect(foldEnvironment(storyAt('done').events, 'production').activeReleaseId).toBeNull();
    expect(foldEnvironment(storyAt('watching').events, 'staging').activeReleaseId).toBeNull();
  });

  it('records live history newest first: switchovers that production confirmed, and rollback targets', () => {
    const story = storyAt('rolled-back');
    const environment = foldEnvironment(story.events, 'production');
    expect(environment.liveHistory.map((entry) => [entry.sha, entry.how, entry.releaseId])).toEqual([
      [PREVIOUS_SHA, 'rollback', 'r1'],
      [RELEASE_SHA, 'switchover', 'r1'],
    ]);
  });

  it('a switchover that "succeeded" while production reports another version is not live', () => {
    const story = storyAt('ready-for-switchover').startStep('switchover', CAST.onCall).finishStep('switchover', 'succeeded', { productionVersion: PREVIOUS_SHA });
    expect(foldEnvironment(story.events, 'production').liveHistory).toEqual([]);
  });

  it('is locked after a rollback until unlocked', () => {
    const story = storyAt('rolled-back');
    expect(foldEnvironment(story.events, 'production').lock).toMatchObject({ by: CAST.onCall, releaseId: 'r1', reason: expect.stringContaining('rolled back 3f1c2ab') });
    expect(foldEnvironment(story.unlock().events, 'production').lock).toBeNull();
  });

  it('the newest of two releases is the active one; an aborted one is not', () => {
    const story = storyAt('aborted').plan({ branch: 'feature/y' });
    expect(foldEnvironment(story.events, 'production').activeReleaseId).toBe(story.releaseId);
    expect(foldReleases(story.events).map((release) => [release.id, release.phase])).toEqual([
      ['r1', 'aborted'],
      [story.releaseId, 'planned'],
    ]);
  });
});
