/**
 * canonicalEncoding (shared/releases/canonical-encoding.ts) for parsed JSON, written for
 * speed: verify encodes every event of the journal, and the generic version's
 * entries/filter/sort/map allocations cost more than the SHA-256 itself. Same bytes for any
 * value JSON.parse returns (tests/unit/fast-canonical.test.ts compares the two).
 */
export function fastCanonicalEncoding(event: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(event).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    if (key === 'hash') continue;
    const value = event[key];
    if (value === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${encode(value)}`;
    first = false;
  }
  return `${out}}`;
}

/** The canonical encoding of any parsed JSON value (no key left out at any depth). */
export function fastCanonicalJson(value: unknown): string {
  return encode(value);
}

/** Object keys recur on every event: each is quoted once (a bounded cache). */
const quotedKeys = new Map<string, string>();
function quoted(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, text);
  }
  return text;
}

function encode(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  // JSON.parse gives finite numbers only; for them String() is what JSON.stringify writes.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(value);
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index++) out += `${index === 0 ? '' : ','}${encode(value[index])}`;
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    let out = '{';
    let first = true;
    for (const key of keys) {
      const item = record[key];
      if (item === undefined) continue;
      out += `${first ? '' : ','}${quoted(key)}:${encode(item)}`;
      first = false;
    }
    return `${out}}`;
  }
  throw new TypeError(`cannot encode a ${typeof value} in a journal event`);
}
