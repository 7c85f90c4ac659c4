/**
 * GitHub: `GET /user` with the token. Accepted → "@login"; a 4xx → GitHub's own message
 * ("Bad credentials"); no answer or a 5xx → unreachable. No retries: the user is waiting.
 */
import { Octokit } from '@octokit/rest';
import type { CheckRequest } from './connection-check';
import { isServiceTrouble } from './connection-check';
import type { ConnectionOutcome } from '../../../shared/domain/connections';
import { describeNetworkFailure } from './network-failure';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export async function checkGitHubToken(request: CheckRequest): Promise<ConnectionOutcome> {
  const octokit = new Octokit({
    auth: request.token,
    baseUrl: request.baseUrl.replace(/\/+$/, ''),
    log: quiet,
    request: { signal: AbortSignal.timeout(request.timeoutMs) },
  });
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    const login = (data as { login?: unknown } | null)?.login;
    if (typeof login !== 'string' || login === '') {
      return { kind: 'unreachable', service: 'github', reason: `${request.baseUrl} did not answer like the GitHub API (no login in /user)` };
    }
    return { kind: 'connected', service: 'github', connectedAs: `@${login}` };
  } catch (error) {
    const failure = error as { status?: unknown; response?: { status: number; data?: unknown } };
    const response = failure.response;
    if (response === undefined) {
      return { kind: 'unreachable', service: 'github', reason: describeNetworkFailure(error, request.timeoutMs) };
    }
    const message = messageOf(response.data) ?? `HTTP ${response.status}`;
    if (isServiceTrouble(response.status)) {
      return { kind: 'unreachable', service: 'github', reason: `GitHub answered HTTP ${response.status}: ${message}` };
    }
    return { kind: 'refused', service: 'github', reason: message };
  }
}

function messageOf(data: unknown): string | null {
  const message = (data as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : null;
}
