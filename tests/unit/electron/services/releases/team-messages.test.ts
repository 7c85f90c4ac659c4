import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../../../shared/releases/release-events';
import { GENESIS_HASH } from '../../../../../shared/releases/release-events';
import { teamMessagesFor } from '../../../../../electron/services/releases/team-messages';

const SHA = 'a'.repeat(40);
const envelope = { seq: 1, at: '2026-11-20T10:00:00.000Z', actor: 'carol@welkin.example', releaseId: 'r1', environment: 'production', prev: GENESIS_HASH, hash: 'b'.repeat(64) };
const event = (type: string, data: unknown) => ({ ...envelope, type, data }) as unknown as JournalEvent;
const withSlack = { slackChannel: '#releases', productionUrl: 'https://welkin.example' };
const noSlack = { slackChannel: null, productionUrl: null };
const finished = (step: string, outcome: string, facts: object = {}) =>
  event('step-finished', { step, attempt: 1, outcome, exitCode: outcome === 'succeeded' ? 0 : 1, durationMs: 10, message: `${step} ${outcome}`, facts });

describe('teamMessagesFor: each journal event told to the team', () => {
  it('planned: a Deployment of the frozen SHA and the first message of the Slack thread', () => {
    const planned = event('planned', { branch: 'feature/x', sha: SHA, mainBranch: 'master', coordinator: 'carol', onCall: 'bob', engineers: ['carol', 'dave'] });
    expect(teamMessagesFor(planned, null, withSlack)).toEqual([
      { kind: 'deployment.create', releaseId: 'r1', environment: 'production', sha: SHA, description: 'Release r1 of feature/x', transient: false },
      { kind: 'slack.thread-start', releaseId: 'r1', channel: '#releases', text: 'Release r1: feature/x at aaaaaaa to production. Coordinator carol, on call bob, engineers carol, dave.' },
    ]);
    expect(teamMessagesFor(planned, null, noSlack).map((message) => message.kind)).toEqual(['deployment.create']);
  });

  it('Stage 1 ready: in_progress with the preview as environment_url, and a reply with the link', () => {
    const messages = teamMessagesFor(finished('stage1', 'succeeded', { previewUrl: 'http://127.0.0.1:9/' }), null, withSlack);
    expect(messages).toEqual([
      { kind: 'deployment.status', releaseId: 'r1', state: 'in_progress', environmentUrl: 'http://127.0.0.1:9/', description: 'Preview ready for sign-off' },
      { kind: 'slack.thread-reply', releaseId: 'r1', text: 'Preview ready: http://127.0.0.1:9/. Engineers, please exercise it and sign off.' },
    ]);
  });

  it('switchover: success with production as environment_url; a failure says failure', () => {
    expect(teamMessagesFor(finished('switchover', 'succeeded'), null, withSlack)[0]).toEqual({
      kind: 'deployment.status',
      releaseId: 'r1',
      state: 'success',
      environmentUrl: 'https://welkin.example',
      description: 'Production runs the release',
    });
    expect(teamMessagesFor(finished('switchover', 'timed-out'), null, withSlack).map((m) => (m.kind === 'deployment.status' ? m.state : m.kind))).toEqual(['failure', 'slack.thread-reply']);
  });

  it('sign-off, verdict, merge, abort: a reply each; abort and faulty change the Deployment', () => {
    expect(teamMessagesFor(event('signed-off', { engineer: 'dave', note: 'booked twice' }), null, withSlack)).toEqual([
      { kind: 'slack.thread-reply', releaseId: 'r1', text: 'Signed off by dave: booked twice' },
    ]);
    expect(teamMessagesFor(event('verdict', { verdict: 'healthy' }), null, withSlack).map((m) => m.kind)).toEqual(['slack.thread-reply']);
    expect(teamMessagesFor(event('verdict', { verdict: 'faulty' }), null, withSlack).map((m) => m.kind)).toEqual(['deployment.status', 'slack.thread-reply']);
    expect(teamMessagesFor(event('merged', { method: 'git', mergeCommit: SHA }), null, withSlack)).toEqual([
      { kind: 'slack.thread-reply', releaseId: 'r1', text: 'Merged into the main branch (aaaaaaa).' },
    ]);
    expect(teamMessagesFor(event('aborted', { reason: 'the preview is broken' }), null, withSlack)[0]).toMatchObject({ kind: 'deployment.status', state: 'inactive' });
  });

  it('a GitHub description stays within 140 characters', () => {
    const [status] = teamMessagesFor(event('aborted', { reason: 'x'.repeat(500) }), null, noSlack);
    expect(status?.kind === 'deployment.status' && status.description.length).toBe(140);
  });

  it('environment-level events and bookkeeping tell nobody', () => {
    expect(teamMessagesFor({ ...event('lock-taken', { reason: 'rolled back' }), releaseId: null } as JournalEvent, null, withSlack)).toEqual([]);
    expect(teamMessagesFor(event('release-notes', { commits: [] }), null, withSlack)).toEqual([]);
    expect(teamMessagesFor(finished('preflight', 'succeeded'), null, withSlack)).toEqual([]);
  });
});
