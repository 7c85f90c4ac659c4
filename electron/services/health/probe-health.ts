/**
 * One HTTP health probe of a configured URL: status, latency and the version the service
 * reports. "ok" means the expected status and (when configured) the expected body text.
 */
import type { HealthProbeConfig } from '../../../shared/config/workspace-config';

export interface HealthReading {
  readonly name: string;
  readonly url: string;
  readonly ok: boolean;
  /** The HTTP status; null when nothing answered. */
  readonly status: number | null;
  readonly latencyMs: number;
  /** What `versionField` holds in the JSON body; null when absent or not configured. */
  readonly version: string | null;
  /** Why it is not ok, in a few words; absent when ok. */
  readonly problem?: string;
}

export type ProbeSpec = Pick<HealthProbeConfig, 'name' | 'url' | 'expectStatus' | 'timeoutSeconds'> &
  Partial<Pick<HealthProbeConfig, 'expectBody' | 'versionField'>>;

/** `signal` lets a caller (the monitor, on its own clock) end the probe early, e.g. at stop. */
export async function probeHealth(probe: ProbeSpec, fetchImpl: typeof fetch = fetch, signal?: AbortSignal): Promise<HealthReading> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let status: number;
  let body: string;
  try {
    const response = await fetchImpl(probe.url, {
      signal: signal === undefined ? AbortSignal.timeout(probe.timeoutSeconds * 1000) : AbortSignal.any([signal, AbortSignal.timeout(probe.timeoutSeconds * 1000)]),
      headers: { accept: 'application/json, */*' },
      redirect: 'manual',
    });
    status = response.status;
    body = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || (signal?.aborted === true && signal.reason instanceof Error && signal.reason.name === 'TimeoutError'));
    const reason = timedOut ? `no answer within ${probe.timeoutSeconds} s` : unreachable(error);
    return { name: probe.name, url: probe.url, ok: false, status: null, latencyMs: elapsed(), version: null, problem: reason };
  }
  const latencyMs = elapsed();
  const version = probe.versionField === undefined ? null : versionIn(body, probe.versionField);
  let problem: string | undefined;
  if (status !== probe.expectStatus) problem = `HTTP ${status}, expected ${probe.expectStatus}`;
  else if (probe.expectBody !== undefined && !body.includes(probe.expectBody)) problem = `body does not contain ${probe.expectBody}`;
  return { name: probe.name, url: probe.url, ok: problem === undefined, status, latencyMs, version, ...(problem === undefined ? {} : { problem }) };
}

/** The string (or number) at a dot path of a JSON body; null when the body is not JSON or lacks it. */
export function versionIn(body: string, dotPath: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  for (const key of dotPath.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

function unreachable(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (cause?.code !== undefined) return `unreachable (${cause.code})`;
  return `unreachable (${error instanceof Error ? error.message : String(error)})`;
}
