/**
 * The History view's filters: kept in the hash (read back the same; junk left out), and each
 * filter narrows the list as its label says.
 */
import { describe, expect, it } from 'vitest';
import type { ReleaseView } from '../../../../../shared/releases/release-ipc';
import type { ReleaseState } from '../../../../../shared/releases/release-state';
import { at, baseState, viewOf } from '../../../../fixtures/release-views';

// Renderer modules are loaded at run time (the tests' TypeScript project does not include renderer/).
interface HistoryQuery {
  readonly outcome: string | null;
  readonly environment: string | null;
  readonly person: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly release: string | null;
}
const queryModule = '../../../../../renderer/views/history/history-query';
const { EMPTY_QUERY, filterReleases, hashOf, peopleOf, queryFromHash } = (await import(/* @vite-ignore */ queryModule)) as {
  EMPTY_QUERY: HistoryQuery;
  filterReleases: (views: readonly ReleaseView[], query: HistoryQuery) => readonly ReleaseView[];
  hashOf: (query: HistoryQuery) => string;
  peopleOf: (state: ReleaseState) => readonly string[];
  queryFromHash: (hash: string) => HistoryQuery;
};
const navigationModule = '../../../../../renderer/navigation';
const { viewFromHash } = (await import(/* @vite-ignore */ navigationModule)) as { viewFromHash: (hash: string) => string };

const releases = [
  viewOf(baseState({ id: 'r1', phase: 'done', environment: 'production', plannedAt: '2026-11-02T09:00:00.000Z', coordinator: 'alice@welkin.example', onCall: 'dmitri', engineers: ['erin'] })),
  viewOf(baseState({ id: 'r2', phase: 'rolled-back', environment: 'production', plannedAt: '2026-11-10T09:00:00.000Z', rollback: { fromSha: null, toSha: 'a'.repeat(40), healthy: true, by: 'olga', at: at(60), message: 'back' } })),
  viewOf(baseState({ id: 'r3', phase: 'aborted', environment: 'staging', plannedAt: '2026-11-20T23:30:00.000Z' })),
  viewOf(baseState({ id: 'r4', phase: 'watching', environment: 'staging', plannedAt: '2026-11-21T09:00:00.000Z', overrides: [{ action: 'switchover', refusal: 'no', reason: 'yes', by: 'Mallory@Welkin.example', at: at(5), seq: 9 }] })),
];
const ids = (query: Partial<HistoryQuery>) => filterReleases(releases, { ...EMPTY_QUERY, ...query }).map((view) => view.state.id);

describe('the History filters', () => {
  it('outcome, environment, date range (planned day, UTC, inclusive)', () => {
    expect(ids({})).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(ids({ outcome: 'rolled-back' })).toEqual(['r2']);
    expect(ids({ outcome: 'in-progress' })).toEqual(['r4']);
    expect(ids({ environment: 'staging' })).toEqual(['r3', 'r4']);
    expect(ids({ from: '2026-11-10', to: '2026-11-20' })).toEqual(['r2', 'r3']);
  });

  it('person: any role, or whoever did something in it; part of the name, any case', () => {
    expect(ids({ person: 'dmitri' })).toEqual(['r1']);
    expect(ids({ person: 'ERIN' })).toEqual(['r1']);
    expect(ids({ person: 'olga' })).toEqual(['r2']);
    expect(ids({ person: 'mallory' })).toEqual(['r4']);
    expect(peopleOf(releases[3]?.state ?? baseState())).toContain('Mallory@Welkin.example');
  });
});

describe('the filters in the address', () => {
  it('round-trips every filter and the open release', () => {
    const query: HistoryQuery = { outcome: 'aborted', environment: 'staging', person: 'erin & co', from: '2026-11-01', to: '2026-11-30', release: 'r12' };
    const hash = hashOf(query);
    expect(hash).toBe('#/history?outcome=aborted&env=staging&person=erin+%26+co&from=2026-11-01&to=2026-11-30&release=r12');
    expect(queryFromHash(hash)).toEqual(query);
    expect(viewFromHash(hash)).toBe('history');
    expect(hashOf(EMPTY_QUERY)).toBe('#/history');
  });

  it('leaves out what it cannot read instead of guessing', () => {
    expect(queryFromHash('#/history?outcome=exploded&from=yesterday&to=2026-1-1&release=r0&env=')).toEqual(EMPTY_QUERY);
    expect(queryFromHash('#/history')).toEqual(EMPTY_QUERY);
  });
});
