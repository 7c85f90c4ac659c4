/** What a CLI command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** The terminal's width (process.stdout.columns); undefined when not a terminal. */
  readonly columns?: number;
}

export interface GlobalOptions {
  readonly workspace?: string;
  readonly json: boolean;
}
