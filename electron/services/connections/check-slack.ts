/**
 * Slack: `auth.test` with the token. Accepted → "@user in Team"; `ok: false` → Slack's
 * error code ("invalid_auth", "token_revoked", …); no answer or an HTTP error →
 * unreachable. The client's default policy retries for about half an hour: here it makes
 * one attempt with a timeout, because someone is waiting for the answer.
 */
import { WebClient } from '@slack/web-api';
import { silentSlackLogger } from './slack-silent-logger';
import type { ConnectionOutcome } from '../../../shared/domain/connections';
import { isServiceTrouble, type CheckRequest } from './connection-check';
import { describeNetworkFailure } from './network-failure';

export async function checkSlackToken(request: CheckRequest): Promise<ConnectionOutcome> {
  const client = new WebClient(request.token, {
    slackApiUrl: request.baseUrl.endsWith('/') ? request.baseUrl : `${request.baseUrl}/`,
    timeout: request.timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: silentSlackLogger(),
  });
  try {
    const result = await client.auth.test();
    const user = typeof result.user === 'string' && result.user !== '' ? result.user : result.user_id;
    if (typeof user !== 'string' || user === '') {
      return { kind: 'unreachable', service: 'slack', reason: `${request.baseUrl} did not answer like the Slack API (no user in auth.test)` };
    }
    const team = typeof result.team === 'string' && result.team !== '' ? ` in ${result.team}` : '';
    return { kind: 'connected', service: 'slack', connectedAs: `@${user}${team}` };
  } catch (error) {
    return outcomeOfFailure(error, request.timeoutMs);
  }
}

function outcomeOfFailure(error: unknown, timeoutMs: number): ConnectionOutcome {
  const failure = error as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; original?: unknown };
  switch (failure.code) {
    case 'slack_webapi_platform_error':
      return { kind: 'refused', service: 'slack', reason: String(failure.data?.error ?? 'unknown_error') };
    case 'slack_webapi_http_error': {
      const status = typeof failure.statusCode === 'number' ? failure.statusCode : 0;
      return isServiceTrouble(status)
        ? { kind: 'unreachable', service: 'slack', reason: `Slack answered HTTP ${status}` }
        : { kind: 'refused', service: 'slack', reason: `HTTP ${status}` };
    }
    case 'slack_webapi_rate_limited_error':
      return { kind: 'unreachable', service: 'slack', reason: 'rate limited by Slack; try again in a minute' };
    default:
      return { kind: 'unreachable', service: 'slack', reason: describeNetworkFailure(failure.original ?? error, timeoutMs) };
  }
}
