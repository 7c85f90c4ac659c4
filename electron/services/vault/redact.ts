/**
 * Scrubbing known tokens from text that leaves the main process or is stored (command
 * output, logs, error messages). The matching itself is the runner's streaming redactor,
 * so one implementation decides what "redacted" means.
 */
import { redactText } from '../runner/redactor';

export { REDACTED } from '../runner/redactor';

/** `text` with every occurrence of every secret replaced by `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return redactText(text, secrets);
}
