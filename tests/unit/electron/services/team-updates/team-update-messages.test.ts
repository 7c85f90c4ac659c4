import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../../../../electron/services/team-updates/mrkdwn';
import { parseTeamUpdate, redactTeamUpdate } from '../../../../../electron/services/team-updates/team-update-messages';
import { outcomeOfGitHubError } from '../../../../../electron/services/team-updates/github-deployments';
import { outcomeOfSlackError } from '../../../../../electron/services/team-updates/slack-thread';

describe('team update messages', () => {
  it('derive the service from the kind and apply defaults', () => {
    expect(parseTeamUpdate({ kind: 'deployment.create', releaseId: 'r', environment: 'preview', sha: 'abc' })).toEqual({
      kind: 'deployment.create',
      service: 'github',
      releaseId: 'r',
      environment: 'preview',
      sha: 'abc',
      description: '',
      transientEnvironment: false,
    });
    expect(parseTeamUpdate({ kind: 'slack.thread-reply', releaseId: 'r', text: 'hi', service: 'github' }).service).toBe('slack');
  });

  it('name every wrong field', () => {
    expect(() => parseTeamUpdate({ kind: 'deployment.status', releaseId: ' ', state: 'done', logUrl: 'file:///etc/passwd' })).toThrow(
      /^not a team update: releaseId: is required; state: .*; logUrl: must be an http\(s\) URL$/,
    );
    expect(() => parseTeamUpdate({ kind: 'tweet' })).toThrow(/^not a team update: kind: /);
  });

  it('redact every free-text field', () => {
    const redact = (text: string) => text.replaceAll('s3cret', '***');
    expect(redactTeamUpdate(parseTeamUpdate({ kind: 'deployment.status', releaseId: 'r', state: 'success', description: 'a s3cret', environmentUrl: 'https://x/?t=s3cret' }), redact)).toMatchObject({
      description: 'a ***',
      environmentUrl: 'https://x/?t=***',
    });
    expect(redactTeamUpdate(parseTeamUpdate({ kind: 'slack.thread-start', releaseId: 'r', text: 's3cret' }), redact)).toMatchObject({ text: '***' });
  });

  it('mrkdwn escaping makes a text plain', () => {
    expect(escapeMrkdwn('<!here> & <@U1> <https://x|y>')).toBe('&lt;!here&gt; &amp; &lt;@U1&gt; &lt;https://x|y&gt;');
  });
});

describe('what a failure means for the outbox', () => {
  const now = 1_000_000;
  const gh = (status: number, headers: Record<string, string> = {}, message = 'x') => ({ status, message, response: { headers, data: { message } } });

  it('GitHub: 5xx and no answer are retried; 401/403/404/422 are final; rate limits carry their time', () => {
    expect(outcomeOfGitHubError(gh(502), 1000, now)).toEqual({ kind: 'retry', reason: 'GitHub answered HTTP 502' });
    expect(outcomeOfGitHubError(Object.assign(new Error('fetch failed'), { status: 500, cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }), 1000, now)).toEqual({
      kind: 'retry',
      reason: 'unreachable: connection refused',
    });
    for (const status of [401, 403, 404, 422]) expect(outcomeOfGitHubError(gh(status, {}, 'no'), 1000, now)).toEqual({ kind: 'refused', reason: `GitHub answered HTTP ${status}: no` });
    expect(outcomeOfGitHubError(gh(429, { 'retry-after': '30' }), 1000, now)).toEqual({ kind: 'retry', reason: 'rate-limited by GitHub', rateLimited: true, notBefore: now + 30_000 });
    expect(outcomeOfGitHubError(gh(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5000' }), 1000, now)).toEqual({
      kind: 'retry',
      reason: 'rate-limited by GitHub',
      rateLimited: true,
      notBefore: 5_000_000,
    });
  });

  it('GitHub: a secondary rate limit without headers waits a minute, as GitHub asks', () => {
    expect(outcomeOfGitHubError(gh(403, {}, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'), 1000, now)).toEqual({
      kind: 'retry',
      reason: 'rate-limited by GitHub',
      rateLimited: true,
      notBefore: now + 60_000,
    });
  });

  it("Slack: not_in_channel and invalid_auth are final; ratelimited and Retry-After carry their time", () => {
    const platform = (error: string, extra: Record<string, unknown> = {}) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error, ...extra } });
    expect(outcomeOfSlackError(platform('not_in_channel'), 1000, now)).toEqual({ kind: 'refused', reason: 'not_in_channel' });
    expect(outcomeOfSlackError(platform('invalid_auth'), 1000, now)).toEqual({ kind: 'refused', reason: 'invalid_auth' });
    expect(outcomeOfSlackError(platform('internal_error'), 1000, now)).toEqual({ kind: 'retry', reason: 'Slack answered internal_error' });
    expect(outcomeOfSlackError(platform('ratelimited', { retry_after: 12 }), 1000, now)).toEqual({ kind: 'retry', reason: 'rate-limited by Slack', rateLimited: true, notBefore: now + 12_000 });
    expect(outcomeOfSlackError({ code: 'slack_webapi_rate_limited_error', retryAfter: 3 }, 1000, now)).toEqual({ kind: 'retry', reason: 'rate-limited by Slack', rateLimited: true, notBefore: now + 3000 });
    expect(outcomeOfSlackError({ code: 'slack_webapi_http_error', statusCode: 503 }, 1000, now)).toEqual({ kind: 'retry', reason: 'Slack answered HTTP 503' });
    expect(outcomeOfSlackError({ code: 'slack_webapi_http_error', statusCode: 404 }, 1000, now)).toEqual({ kind: 'refused', reason: 'Slack answered HTTP 404' });
  });
});

describe('the release view of a pending update', () => {
  it('fits the IPC contract and carries the reason as its status', async () => {
    const { pendingUpdateView } = await import('../../../../../electron/services/team-updates/pending-update-view');
    const { PendingUpdateSchema } = await import('../../../../../shared/releases/release-ipc');
    const view = pendingUpdateView({
      id: 'm1',
      message: parseTeamUpdate({ kind: 'slack.thread-reply', releaseId: 'r', text: 'Preview ready' }),
      enqueuedAt: '2026-11-29T10:00:00.000Z',
      state: 'rate-limited',
      reason: 'rate-limited by Slack until 14:02:00',
      attempts: 1,
      nextAttemptAt: '2026-11-29T14:02:00.000Z',
      summary: 'Slack reply: Preview ready',
    });
    expect(PendingUpdateSchema.strict().parse(view)).toEqual({ id: 'm1', channel: 'slack', description: 'Slack reply: Preview ready', status: 'rate-limited by Slack until 14:02:00' });
  });
});
