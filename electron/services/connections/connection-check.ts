/**
 * Checking a token against its service before it is saved: who it belongs to, or the
 * service's own words for refusing it, or why the service could not be asked.
 */
import type { ConnectionOutcome, ServiceId } from '../../../shared/domain/connections';

export interface CheckRequest {
  readonly token: string;
  /** The service's API base (see endpoints.ts). */
  readonly baseUrl: string;
  /** Give up after this long and report the service unreachable. */
  readonly timeoutMs: number;
}

export type TokenCheck = (request: CheckRequest) => Promise<ConnectionOutcome>;
export type TokenChecks = Readonly<Record<ServiceId, TokenCheck>>;

/** HTTP statuses that mean "the service is having trouble", not "the token is wrong". */
export function isServiceTrouble(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
