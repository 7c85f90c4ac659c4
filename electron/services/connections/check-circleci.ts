/**
 * CircleCI: `GET /api/v2/me` with the `Circle-Token` header. Accepted → "@login"; a 4xx
 * → CircleCI's own message ("Invalid token provided."); no answer or a 5xx → unreachable.
 */
import type { ConnectionOutcome } from '../../../shared/domain/connections';
import { isServiceTrouble, type CheckRequest } from './connection-check';
import { apiUrl } from './endpoints';
import { describeNetworkFailure } from './network-failure';

export async function checkCircleCiToken(request: CheckRequest): Promise<ConnectionOutcome> {
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(apiUrl(request.baseUrl, '/api/v2/me'), {
      headers: { 'Circle-Token': request.token, Accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = await response.text();
    body = parseJson(text);
  } catch (error) {
    return { kind: 'unreachable', service: 'circleci', reason: describeNetworkFailure(error, request.timeoutMs) };
  }
  const message = (body as { message?: unknown } | null)?.message;
  const said = typeof message === 'string' && message !== '' ? message : `HTTP ${response.status}`;
  if (isServiceTrouble(response.status)) {
    return { kind: 'unreachable', service: 'circleci', reason: `CircleCI answered HTTP ${response.status}: ${said}` };
  }
  if (!response.ok) return { kind: 'refused', service: 'circleci', reason: said };
  const login = (body as { login?: unknown } | null)?.login;
  if (typeof login !== 'string' || login === '') {
    return { kind: 'unreachable', service: 'circleci', reason: `${request.baseUrl} did not answer like the CircleCI API (no login in /me)` };
  }
  return { kind: 'connected', service: 'circleci', connectedAs: `@${login}` };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
