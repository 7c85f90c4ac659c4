/** What a CLI command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface GlobalOptions {
  readonly workspace?: string;
  readonly json: boolean;
}
