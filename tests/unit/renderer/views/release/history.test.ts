import { describe, expect, it } from 'vitest';
import type { ReleaseView } from '../../../../../shared/releases/release-ipc';
import type { ReleaseState } from '../../../../../shared/releases/release-state';
import { RELEASE_STAGES } from '../../../../fixtures/release-views';

const historyModule = '../../../../../renderer/views/release/history';
const history = (await import(/* @vite-ignore */ historyModule)) as {
  historyRows: (views: readonly ReleaseView[]) => readonly ReleaseView[];
  stepDurations: (state: ReleaseState) => readonly { title: string; duration: string }[];
};
const branchModule = '../../../../../renderer/views/release/BranchName';
const { branchNameParts } = (await import(/* @vite-ignore */ branchModule)) as { branchNameParts: (name: string) => readonly string[] };

describe('History rows', () => {
  it('lists the newest release first', () => {
    const rows = history.historyRows([RELEASE_STAGES.done(), RELEASE_STAGES.aborted()]);
    expect(rows.map((view) => view.state.id)).toEqual(['r2', 'r1']);
  });

  it('gives the duration of each step that ran, in flow order', () => {
    expect(history.stepDurations(RELEASE_STAGES.done().state)).toEqual([
      { title: 'Stage 1', duration: '4.2 s' },
      { title: 'Exercise & sign off', duration: '31 s' },
      { title: 'Preflight', duration: '900 ms' },
      { title: 'Stage 2 switchover', duration: '2.1 s' },
      { title: 'Watch', duration: '1 min 58 s' },
      { title: 'Merge', duration: '1.3 s' },
    ]);
    expect(history.stepDurations(RELEASE_STAGES.aborted().state)).toEqual([{ title: 'Stage 1', duration: '3.9 s' }]);
  });
});

describe('branch names', () => {
  it('may wrap only after their separators, and lose no character', () => {
    expect(branchNameParts('feature/faulty-release')).toEqual(['feature/', 'faulty-', 'release']);
    expect(branchNameParts('hotfix/JIRA_123.v2')).toEqual(['hotfix/', 'JIRA_', '123.', 'v2']);
    expect(branchNameParts('main')).toEqual(['main']);
  });
});
