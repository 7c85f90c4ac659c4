/**
 * The CLI's one way out: everything a command prints on stdout or stderr (text, --json,
 * error messages) passes through the runner's streaming redactor with every token of the
 * environment (GITHUB_TOKEN, CIRCLECI_TOKEN, SLACK_TOKEN and their aliases), so no command
 * can print one, whatever a service echoed.
 */
import { createStreamRedactor } from '../services/runner/redactor';
import { tokensInEnvironment } from '../services/vault/secret-environment';
import type { CliIo } from './cli-io';

export interface RedactingIo extends CliIo {
  /** Prints what the redactors held back (a possible token prefix at the very end). */
  flush(): void;
}

export function redactingIo(io: CliIo): RedactingIo {
  const secrets = tokensInEnvironment(io.env);
  const out = createStreamRedactor(secrets);
  const err = createStreamRedactor(secrets);
  const write = (sink: (text: string) => void, text: string) => {
    if (text !== '') sink(text);
  };
  return {
    ...io,
    stdout: (text) => write(io.stdout, out.push(text)),
    stderr: (text) => write(io.stderr, err.push(text)),
    flush() {
      write(io.stdout, out.flush());
      write(io.stderr, err.flush());
    },
  };
}
