/**
 * The bytes an event's hash is computed over: JSON with object keys sorted by UTF-16 code
 * unit order at every depth, no whitespace, `hash` left out, numbers as JSON.stringify
 * writes them. Deterministic for the same event whatever order its keys were built in, so
 * anyone (an auditor with a short script) can recompute the chain.
 */
export function canonicalEncoding(event: Readonly<Record<string, unknown>>): string {
  const withoutHash = Object.fromEntries(Object.entries(event).filter(([key]) => key !== 'hash'));
  return encode(withoutHash);
}

function encode(value: unknown): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => encode(item)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${encode(item)}`).join(',')}}`;
  }
  throw new TypeError(`cannot encode a ${typeof value} in a journal event`);
}
