/**
 * The eight rows of the release checklist, derived from folded states at every stage: each
 * says its state in words, who, when and how long, and the row the flow is at is marked.
 */
import { describe, expect, it } from 'vitest';
import type { ReleaseState } from '../../../../../shared/releases/release-state';
import { baseState, RELEASE_STAGES } from '../../../../fixtures/release-views';

interface Item {
  readonly id: string;
  readonly title: string;
  readonly state: string;
  readonly stateText: string;
  readonly actor: string | null;
  readonly at: string | null;
  readonly durationMs: number | null;
  readonly detail: string | null;
  readonly output: { readonly step: string; readonly attempt: number } | null;
  readonly current: boolean;
}
const checklistModule = '../../../../../renderer/views/release/checklist';
const { checklistOf } = (await import(/* @vite-ignore */ checklistModule)) as { checklistOf: (state: ReleaseState) => readonly Item[] };

const texts = (state: ReleaseState) => checklistOf(state).map((item) => `${item.title}: ${item.stateText}`);
const row = (state: ReleaseState, id: string) => {
  const found = checklistOf(state).find((item) => item.id === id);
  if (found === undefined) throw new Error(`no row ${id}`);
  return found;
};
const current = (state: ReleaseState) => checklistOf(state).filter((item) => item.current).map((item) => item.id);

describe('checklistOf', () => {
  it('lists the eight steps in flow order, a planned release at Stage 1', () => {
    const state = RELEASE_STAGES.planned().state;
    expect(texts(state)).toEqual([
      'Plan: Done',
      'Stage 1: Not started',
      'Exercise & sign off: Not started',
      'Preflight: Not started',
      'Stage 2 switchover: Not started',
      'Watch: Not started',
      'Merge: Not started',
      'Done: Not yet',
    ]);
    expect(current(state)).toEqual(['stage1']);
    expect(row(state, 'plan')).toMatchObject({ actor: 'carol@welkin.example', at: state.plannedAt });
    expect(row(state, 'plan').detail).toContain('feature/ready at 3f1c2ab');
  });

  it('shows a running step with its output run and no duration yet', () => {
    const state = RELEASE_STAGES.staging().state;
    expect(row(state, 'stage1')).toMatchObject({ state: 'running', stateText: 'Running', output: { step: 'stage1', attempt: 1 }, durationMs: null, current: true });
  });

  it('waits for the sign-offs still owed, naming who', () => {
    const state = RELEASE_STAGES.exercising().state;
    const signOff = row(state, 'sign-off');
    expect(signOff).toMatchObject({ state: 'waiting', stateText: 'Waiting for 1 of 2 sign-offs', actor: 'dave@welkin.example', current: true });
    expect(signOff.detail).toBe('Still to sign off: carol@welkin.example.');
    expect(row(state, 'stage1')).toMatchObject({ state: 'done', stateText: 'Done', durationMs: 4200, actor: 'carol@welkin.example' });
  });

  it('counts the sign-offs done once all are in, timed from the end of Stage 1', () => {
    const state = RELEASE_STAGES.readyForSwitchover().state;
    expect(row(state, 'sign-off')).toMatchObject({ state: 'done', actor: 'dave@welkin.example and carol@welkin.example', durationMs: 30_800 });
    expect(current(state)).toEqual(['switchover']);
  });

  it('says a step went on without every sign-off when an override skipped them', () => {
    const ready = RELEASE_STAGES.readyForSwitchover().state;
    const state: ReleaseState = { ...ready, signOffs: ready.signOffs.slice(0, 1), pendingSignOffs: ['carol@welkin.example'] };
    expect(row(state, 'sign-off')).toMatchObject({ state: 'skipped', stateText: 'Went on without every sign-off (override)', detail: 'Never signed off: carol@welkin.example.' });
  });

  it('watches production after the switchover and records the verdict', () => {
    const watching = RELEASE_STAGES.watching().state;
    expect(row(watching, 'watch')).toMatchObject({ state: 'running', stateText: 'Watching production', current: true });
    const done = RELEASE_STAGES.done().state;
    expect(row(done, 'watch')).toMatchObject({ state: 'done', stateText: 'Done: marked healthy', actor: 'carol@welkin.example' });
    const faulty: ReleaseState = { ...watching, phase: 'faulty', verdict: { verdict: 'faulty', by: 'carol@welkin.example', at: watching.updatedAt, note: 'errors up' } };
    expect(row(faulty, 'watch')).toMatchObject({ state: 'failed', stateText: 'Marked faulty', detail: 'errors up' });
  });

  it('says when healthy was marked before the watch ended, and by how much', () => {
    const done = RELEASE_STAGES.done().state;
    const early = (watchRemainingMs: number): ReleaseState => ({ ...done, verdict: { verdict: 'healthy', by: 'carol@welkin.example', at: done.updatedAt, watchRemainingMs } });
    expect(row(early(12 * 60_000 + 59_000), 'watch')).toMatchObject({ state: 'done', stateText: 'Done: marked healthy 12 min before the watch ended' });
    expect(row(early(40_000), 'watch')).toMatchObject({ stateText: 'Done: marked healthy less than a minute before the watch ended' });
    expect(row(early(95 * 60_000), 'watch')).toMatchObject({ stateText: 'Done: marked healthy 1 h 35 min before the watch ended' });
  });

  it('ends with the merge commit and the whole duration, and no row current', () => {
    const state = RELEASE_STAGES.done().state;
    expect(row(state, 'merge').detail).toBe('Merged into master as c0ffee0 (git merge --no-ff).');
    expect(row(state, 'done')).toMatchObject({ state: 'done', durationMs: 202_000 });
    expect(current(state)).toEqual([]);
  });

  it('marks what an aborted release never ran as not run, with the abort reason', () => {
    const state = RELEASE_STAGES.aborted().state;
    expect(texts(state)).toEqual([
      'Plan: Done',
      'Stage 1: Done',
      'Exercise & sign off: Not all signed off',
      'Preflight: Not run',
      'Stage 2 switchover: Not run',
      'Watch: Not run',
      'Merge: Not run',
      'Done: Aborted',
    ]);
    expect(row(state, 'done').detail).toBe('Aborted: The preview shows the old header');
  });

  it('says a step is inconclusive in words and keeps its output', () => {
    const state = RELEASE_STAGES.inconclusive().state;
    expect(row(state, 'switchover')).toMatchObject({
      state: 'inconclusive',
      stateText: 'Inconclusive: started, outcome never recorded',
      output: { step: 'switchover', attempt: 1 },
      current: true,
    });
  });

  it('names the outcome of a failed step and its attempt', () => {
    const state = baseState({
      phase: 'stage1-failed',
      steps: baseState().steps.map((step) =>
        step.step === 'stage1'
          ? { ...step, status: 'failed', attempts: 2, outcome: 'timed-out', startedAt: '2026-11-29T10:00:00.000Z', durationMs: 120_000, message: 'timed out after 2 min' }
          : step,
      ),
    });
    expect(row(state, 'stage1')).toMatchObject({ state: 'failed', stateText: 'Failed: timed out (attempt 2)', output: { step: 'stage1', attempt: 2 }, detail: 'timed out after 2 min' });
  });
});
