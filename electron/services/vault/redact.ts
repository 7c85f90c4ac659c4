/**
 * Scrubbing known tokens from text that leaves the main process or is stored (command
 * output, logs, error messages, IPC replies, events). The matching itself is the runner's
 * streaming redactor, so one implementation decides what "redacted" means.
 */
import { redactText } from '../runner/redactor';

export { REDACTED } from '../runner/redactor';

/** `text` with every occurrence of every secret replaced by `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return redactText(text, secrets);
}

/**
 * A copy of plain data (what a contract schema let through: objects, arrays, strings,
 * numbers…) with every string, keys included, redacted. Boundaries use it on whole replies
 * and events, so no service can forget a field.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (!secrets.some((secret) => secret.length > 0)) return value;
  return walk(value, secrets) as T;
}

function walk(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactText(key, secrets), walk(item, secrets)]));
  }
  return value;
}

/** An error fit for a log line: its message and stack redacted. */
export function redactError(error: unknown, secrets: readonly string[]): Error {
  if (!(error instanceof Error)) return new Error(redactText(String(error), secrets));
  const copy = new Error(redactText(error.message, secrets));
  copy.name = error.name;
  copy.stack = redactText(error.stack ?? '', secrets);
  return copy;
}
