/**
 * The History list's filters: outcome, environment, person (any role) and the planned-date
 * range. Controlled by the view, which keeps them in the address (history-query.ts).
 */
import { OUTCOME_LABELS, OUTCOMES, isFiltered, type HistoryQuery, type OutcomeFilter } from './history-query';

export function HistoryFilters(props: {
  readonly query: HistoryQuery;
  readonly environments: readonly string[];
  readonly people: readonly string[];
  readonly onChange: (query: HistoryQuery) => void;
}) {
  const { query, onChange } = props;
  const set = (patch: Partial<HistoryQuery>) => onChange({ ...query, ...patch });
  return (
    <form className="history-filters" aria-label="Filter releases" onSubmit={(event) => event.preventDefault()}>
      <label>
        Outcome
        <select value={query.outcome ?? ''} onChange={(event) => set({ outcome: event.target.value === '' ? null : (event.target.value as OutcomeFilter) })}>
          <option value="">Any</option>
          {OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {OUTCOME_LABELS[outcome]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Environment
        <select value={query.environment ?? ''} onChange={(event) => set({ environment: event.target.value === '' ? null : event.target.value })}>
          <option value="">Any</option>
          {props.environments.map((environment) => (
            <option key={environment} value={environment}>
              {environment}
            </option>
          ))}
        </select>
      </label>
      <label>
        Person
        <input type="search" list="history-people" value={query.person} placeholder="login or e-mail, any role" onChange={(event) => set({ person: event.target.value })} />
        <datalist id="history-people">
          {props.people.map((person) => (
            <option key={person} value={person} />
          ))}
        </datalist>
      </label>
      <label>
        Planned from
        <input type="date" value={query.from ?? ''} onChange={(event) => set({ from: event.target.value === '' ? null : event.target.value })} />
      </label>
      <label>
        to
        <input type="date" value={query.to ?? ''} onChange={(event) => set({ to: event.target.value === '' ? null : event.target.value })} />
      </label>
      {isFiltered(query) && (
        <button type="button" onClick={() => onChange({ ...query, outcome: null, environment: null, person: '', from: null, to: null })}>
          Clear filters
        </button>
      )}
    </form>
  );
}
