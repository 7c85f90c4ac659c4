import { describe, expect, it } from 'vitest';
import { withLiveness } from '../../../../../electron/services/releases/release-liveness';
import type { ReleaseState, StepRecord } from '../../../../../shared/releases/release-state';

const step = (name: StepRecord['step'], status: StepRecord['status'], extra: Partial<StepRecord> = {}): StepRecord => ({ step: name, status, attempts: status === 'not-started' ? 0 : 1, ...extra });
const release = (phase: ReleaseState['phase'], steps: StepRecord[], extra: Partial<ReleaseState> = {}): ReleaseState => ({
  id: 'r1',
  environment: 'production',
  branch: 'feature/x',
  sha: 'a'.repeat(40),
  mainBranch: 'master',
  coordinator: 'carol',
  onCall: 'carol',
  engineers: ['carol'],
  plannedAt: '2026-11-20T10:00:00.000Z',
  plannedBy: 'carol',
  phase,
  steps,
  signOffs: [],
  pendingSignOffs: [],
  overrides: [],
  firstSeq: 1,
  lastSeq: 5,
  updatedAt: '2026-11-20T10:00:00.000Z',
  ...extra,
});

describe('withLiveness: an intent without an outcome', () => {
  const switching = release('switching', [step('stage1', 'succeeded', { finishedAt: 'x' }), step('switchover', 'running', { startedAt: 't' })]);

  it('stays running while a live process runs that very attempt', () => {
    expect(withLiveness(switching, (name, attempt) => name === 'switchover' && attempt === 1)).toBe(switching);
  });

  it('is inconclusive when no process runs it (the app or CLI died)', () => {
    const state = withLiveness(switching, () => false);
    expect(state.phase).toBe('inconclusive');
    expect(state.inconclusiveStep).toBe('switchover');
    expect(state.steps.map((record) => record.status)).toEqual(['succeeded', 'inconclusive']);
  });

  it('finished steps are left alone', () => {
    const done = release('watching', [step('switchover', 'succeeded', { finishedAt: 'x' })]);
    expect(withLiveness(done, () => false)).toBe(done);
  });
});
