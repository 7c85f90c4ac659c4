/** What a CLI command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** The terminal's width (process.stdout.columns); undefined when not a terminal. */
  readonly columns?: number;
  /** True when a person can answer questions (stdin is a terminal); absent = no. */
  readonly interactive?: boolean;
  /** Asks a question on the terminal and resolves with the answer. */
  readonly ask?: (question: string) => Promise<string>;
}

export interface GlobalOptions {
  readonly workspace?: string;
  readonly json: boolean;
  /** Answers every confirmation with yes (`--yes`). */
  readonly yes?: boolean;
  /** A written reason to do what the release rules refuse (`--override-reason`). */
  readonly overrideReason?: string;
}
