/**
 * The History view's filters and open release, kept in the address's hash
 * (`#/history?outcome=rolled-back&env=production&person=dave&from=2026-11-01&to=2026-11-30&release=r12`)
 * so a refresh, or a link sent to a colleague, shows the same list. Pure: the unit tests pin it.
 */
import type { ReleaseView } from '../../../shared/releases/release-ipc';
import type { ReleasePhase, ReleaseState } from '../../../shared/releases/release-state';

export const OUTCOMES = ['released', 'rolled-back', 'faulty', 'aborted', 'in-progress'] as const;
export type OutcomeFilter = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Readonly<Record<OutcomeFilter, string>> = {
  released: 'Released',
  'rolled-back': 'Rolled back',
  faulty: 'Faulty, not rolled back',
  aborted: 'Aborted',
  'in-progress': 'In progress or inconclusive',
};

export interface HistoryQuery {
  readonly outcome: OutcomeFilter | null;
  readonly environment: string | null;
  /** Anyone involved, in any role (coordinator, on-call, engineer, or who did a step); a part of the name matches. */
  readonly person: string;
  /** Planned on or after this UTC day (YYYY-MM-DD). */
  readonly from: string | null;
  /** Planned on or before this UTC day. */
  readonly to: string | null;
  /** The release opened as its timeline. */
  readonly release: string | null;
}

export const EMPTY_QUERY: HistoryQuery = { outcome: null, environment: null, person: '', from: null, to: null, release: null };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const RELEASE = /^r[1-9][0-9]*$/;

/** What the hash says; anything unreadable is left out, never guessed. */
export function queryFromHash(hash: string): HistoryQuery {
  const at = hash.indexOf('?');
  if (at < 0) return EMPTY_QUERY;
  const params = new URLSearchParams(hash.slice(at + 1));
  const outcome = params.get('outcome');
  const day = (key: string) => {
    const value = params.get(key);
    return value !== null && DAY.test(value) ? value : null;
  };
  const release = params.get('release');
  return {
    outcome: outcome !== null && (OUTCOMES as readonly string[]).includes(outcome) ? (outcome as OutcomeFilter) : null,
    environment: params.get('env') || null,
    person: (params.get('person') ?? '').slice(0, 200),
    from: day('from'),
    to: day('to'),
    release: release !== null && RELEASE.test(release) ? release : null,
  };
}

export function hashOf(query: HistoryQuery): string {
  const params = new URLSearchParams();
  if (query.outcome !== null) params.set('outcome', query.outcome);
  if (query.environment !== null) params.set('env', query.environment);
  if (query.person.trim() !== '') params.set('person', query.person.trim());
  if (query.from !== null) params.set('from', query.from);
  if (query.to !== null) params.set('to', query.to);
  if (query.release !== null) params.set('release', query.release);
  const text = params.toString();
  return text === '' ? '#/history' : `#/history?${text}`;
}

export function outcomeFilterOf(phase: ReleasePhase): OutcomeFilter {
  switch (phase) {
    case 'done':
      return 'released';
    case 'rolled-back':
      return 'rolled-back';
    case 'faulty':
      return 'faulty';
    case 'aborted':
      return 'aborted';
    default:
      return 'in-progress';
  }
}

/** Everyone the release names or who did something in it, once each. */
export function peopleOf(state: ReleaseState): readonly string[] {
  const names = [
    state.coordinator,
    state.onCall,
    ...state.engineers,
    state.plannedBy,
    ...state.steps.flatMap((step) => (step.startedBy === undefined ? [] : [step.startedBy])),
    ...state.signOffs.map((signOff) => signOff.engineer),
    ...state.overrides.map((override) => override.by),
    ...[state.verdict?.by, state.abort?.by, state.rollback?.by].filter((name): name is string => name !== undefined),
  ];
  const seen = new Map<string, string>();
  for (const name of names) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  return [...seen.values()];
}

export function matchesQuery(state: ReleaseState, query: HistoryQuery): boolean {
  if (query.outcome !== null && outcomeFilterOf(state.phase) !== query.outcome) return false;
  if (query.environment !== null && state.environment !== query.environment) return false;
  const person = query.person.trim().toLowerCase();
  if (person !== '' && !peopleOf(state).some((name) => name.toLowerCase().includes(person))) return false;
  const day = state.plannedAt.slice(0, 10);
  if (query.from !== null && day < query.from) return false;
  if (query.to !== null && day > query.to) return false;
  return true;
}

export function filterReleases(views: readonly ReleaseView[], query: HistoryQuery): readonly ReleaseView[] {
  return views.filter((view) => matchesQuery(view.state, query));
}

/** Whether any filter (not the open release) narrows the list. */
export function isFiltered(query: HistoryQuery): boolean {
  return query.outcome !== null || query.environment !== null || query.person.trim() !== '' || query.from !== null || query.to !== null;
}
