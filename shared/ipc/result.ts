/**
 * Every call across the process boundary settles to one of these. A failure carries a
 * stable code the UI can branch on and a message written for a person; never a stack
 * trace, never a secret.
 */
export type ErrorCode =
  | 'invalid-argument'
  | 'forbidden-sender'
  | 'unknown-call'
  | 'not-configured'
  | 'config-invalid'
  | 'not-found'
  | 'conflict'
  | 'unauthorized'
  | 'unavailable'
  | 'internal'
  /** The workspace folder is not trusted, so its commands do not run (workspace trust). */
  | 'untrusted';

export interface DeskFailure {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DeskFailure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

/** Thrown by services for expected failures; the IPC layer turns it into a Result. */
export class DeskError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'DeskError';
    this.code = code;
  }
}
