/**
 * People are named in release-desk.yml by GitHub login or git e-mail, and both are
 * case-insensitive (GitHub logins, and e-mail domains in practice): `Alice` is `alice`.
 */
export function samePerson(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function includesPerson(people: readonly string[], person: string): boolean {
  return people.some((candidate) => samePerson(candidate, person));
}
