/** Exit codes of `release-desk`, as documented in docs/cli.md. */
export const EXIT = {
  ok: 0,
  /** The thing asked about is not so: branch not ready, rollback failed, ... */
  notSo: 1,
  /** Usage, configuration or environment error. */
  usage: 2,
} as const;

/** A failure with a one-line message for stderr and the exit code it means. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
