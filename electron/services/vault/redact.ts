/**
 * Scrubbing known tokens from text that leaves the main process or is stored (command
 * output, logs, error messages, IPC replies, events). The matching itself is the runner's
 * streaming redactor, so one implementation decides what "redacted" means.
 */
import { REDACTED, redactText } from '../runner/redactor';

export { REDACTED } from '../runner/redactor';

/** `text` with every occurrence of every secret replaced by `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return redactText(text, secrets);
}

/**
 * Plain data (what a contract schema let through: objects, arrays, strings, numbers…) with
 * every string, keys included, redacted. Boundaries use it on whole replies and events, so
 * no service can forget a field. Data that holds no secret comes back as it is (the same
 * reference, never to be mutated); otherwise a redacted copy.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const needles = secrets.filter((secret) => secret.length > 0);
  if (needles.length === 0 || !holdsSecret(value, needles)) return value;
  return walk(value, needles) as T;
}

/**
 * Looks before copying: a step's output event holds hundreds of lines, almost never a secret,
 * and building a redactor and a copy for each of their strings was a third of the main
 * process's time per line in a burst.
 */
function holdsSecret(value: unknown, needles: readonly string[]): boolean {
  if (typeof value === 'string') return needles.some((needle) => value.includes(needle));
  if (Array.isArray(value)) return value.some((item) => holdsSecret(item, needles));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key in value) {
      if (holdsSecret(key, needles) || holdsSecret((value as Record<string, unknown>)[key], needles)) return true;
    }
  }
  return false;
}

function redactString(text: string, needles: readonly string[]): string {
  if (!needles.some((needle) => text.includes(needle))) return text;
  return text.includes('\n') && needles.some((needle) => needle.includes('\n')) ? redactSpans(text, needles) : redactText(text, needles);
}

/**
 * Live output travels as lines joined by "\n" (shared/releases/output-chunk.ts). A secret
 * without a newline cannot span a join, so searching the joined text redacts every line as
 * searching each line did. A secret WITH a newline (a PEM key) is found across the join too,
 * but the first match winning would let it swallow part of a one-line secret next to it and
 * leave the rest showing, which line by line was redacted whole. So here every character
 * inside any occurrence of any secret goes, each run of them replaced by one `***`.
 */
function redactSpans(text: string, needles: readonly string[]): string {
  const spans: [number, number][] = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) spans.push([at, at + needle.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let covered = -1;
  for (const [start, end] of spans) {
    if (start > covered) out += `${text.slice(Math.max(covered, 0), start)}${REDACTED}`;
    covered = Math.max(covered, end);
  }
  return out + text.slice(Math.max(covered, 0));
}

function walk(value: unknown, needles: readonly string[]): unknown {
  if (typeof value === 'string') return redactString(value, needles);
  if (Array.isArray(value)) return value.map((item) => walk(item, needles));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[redactString(key, needles)] = walk((value as Record<string, unknown>)[key], needles);
    return copy;
  }
  return value;
}

/**
 * JSON of `value` with every secret redacted, for frames that leave as text (the browser
 * bridge). Serialising is needed anyway, and a secret that JSON writes as it is (no quote,
 * backslash or control character) is in some string of `value` only if it is in the JSON: one
 * search of the text then spares the walk over every line of a large event.
 */
export function redactedJson(value: unknown, secrets: readonly string[]): string {
  const needles = secrets.filter((secret) => secret.length > 0);
  const json = JSON.stringify(value);
  const plain = needles.every((needle) => JSON.stringify(needle) === `"${needle}"`);
  if (plain && !needles.some((needle) => json.includes(needle))) return json;
  return JSON.stringify(redactDeep(value, needles));
}

/** An error fit for a log line: its message and stack redacted. */
export function redactError(error: unknown, secrets: readonly string[]): Error {
  if (!(error instanceof Error)) return new Error(redactText(String(error), secrets));
  const copy = new Error(redactText(error.message, secrets));
  copy.name = error.name;
  copy.stack = redactText(error.stack ?? '', secrets);
  return copy;
}
