/**
 * The involved engineers as people type them, comma-separated ("dave@x.example, erin"), for
 * `release engineers` and the Release view's Edit engineers: trimmed, blanks dropped,
 * duplicates (case-insensitively) kept once, in the order given.
 */
import { samePerson } from './same-person';

export const MAX_ENGINEERS = 50;
const MAX_PERSON_LENGTH = 200;

export type EngineerList = { readonly ok: true; readonly engineers: readonly string[] } | { readonly ok: false; readonly problem: string };

export function parseEngineerList(text: string): EngineerList {
  const named = text
    .split(',')
    .map((person) => person.trim())
    .filter((person) => person !== '');
  const engineers = named.filter((person, index) => named.findIndex((other) => samePerson(other, person)) === index);
  if (engineers.length === 0) return { ok: false, problem: 'name at least one engineer (comma-separated logins or emails)' };
  if (engineers.length > MAX_ENGINEERS) return { ok: false, problem: `at most ${MAX_ENGINEERS} engineers (got ${engineers.length})` };
  const long = engineers.find((person) => person.length > MAX_PERSON_LENGTH);
  if (long !== undefined) return { ok: false, problem: `"${long.slice(0, 40)}…" is longer than ${MAX_PERSON_LENGTH} characters` };
  return { ok: true, engineers };
}
