import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../../../shared/releases/release-events';
import { GENESIS_HASH } from '../../../../../shared/releases/release-events';
import { teamMessagesFor } from '../../../../../electron/services/releases/team-messages';

const SHA = 'a'.repeat(40);
const envelope = { seq: 1, at: '2026-11-20T10:00:00.000Z', actor: 'carol@welkin.example', releaseId: 'r1', environment: 'production', prev: GENESIS_HASH, hash: 'b'.repeat(64) };
const event = (type: string, data: unknown) => ({ ...envelope, type, data }) as unknown as JournalEvent;
const withSlack = { slackChannel: '#releases', productionUrl: 'https://welkin.example' };
const noSlack = { slackChannel: null, productionUrl: null };
/** The head of the events below (seq 1, hash b…) as published. */
const HEAD = ` · journal 1:${'b'.repeat(12)}`;
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
      { kind: 'deployment.status', releaseId: 'r1', state: 'in_progress', environmentUrl: 'http://127.0.0.1:9/', description: `Preview ready for sign-off${HEAD}` },
      { kind: 'slack.thread-reply', releaseId: 'r1', text: 'Preview ready: http://127.0.0.1:9/. Engineers, please exercise it and sign off.' },
    ]);
  });

  it('switchover: success with production as environment_url; a failure says failure', () => {
    expect(teamMessagesFor(finished('switchover', 'succeeded'), null, withSlack)[0]).toEqual({
      kind: 'deployment.status',
      releaseId: 'r1',
      state: 'success',
      environmentUrl: 'https://welkin.example',
      description: `Production runs the release${HEAD}`,
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
      { kind: 'slack.thread-reply', releaseId: 'r1', text: `Merged into the main branch (aaaaaaa).${HEAD}` },
    ]);
    expect(teamMessagesFor(event('aborted', { reason: 'the preview is broken' }), null, withSlack)[0]).toMatchObject({ kind: 'deployment.status', state: 'inactive' });
  });

  it('a GitHub description stays within 140 characters, and the journal head is never what is cut', () => {
    const [status] = teamMessagesFor(event('aborted', { reason: 'x'.repeat(500) }), null, noSlack);
    expect(status?.kind === 'deployment.status' && status.description.length).toBe(140);
    expect(status?.kind === 'deployment.status' && status.description.endsWith(`x…${HEAD}`)).toBe(true);
  });

  it('every Deployment status and the thread\'s last message of a release carry the journal head (seq and 12 hex digits)', () => {
    const at = { ...envelope, seq: 412, hash: '3f1c2ab9e0d7'.padEnd(64, '5') };
    const all = [
      finished('stage1', 'succeeded'),
      finished('stage1', 'failed'),
      finished('switchover', 'succeeded'),
      finished('switchover', 'failed'),
      event('step-started', { step: 'stage1', attempt: 1, command: 'x', logFile: 'x' }),
      event('step-started', { step: 'switchover', attempt: 1, command: 'x', logFile: 'x' }),
      event('verdict', { verdict: 'faulty' }),
      event('aborted', { reason: 'the preview is broken' }),
      event('rolled-back', { fromSha: SHA, toSha: SHA, healthy: true, message: 'back' }),
    ].map((one) => ({ ...one, ...at }) as JournalEvent);
    const statuses = all.flatMap((one) => teamMessagesFor(one, null, withSlack)).filter((m) => m.kind === 'deployment.status');
    expect(statuses).toHaveLength(all.length);
    for (const status of statuses) expect(status.kind === 'deployment.status' && status.description).toMatch(/ · journal 412:3f1c2ab9e0d7$/);
    const finals = [event('merged', { method: 'git', mergeCommit: SHA }), event('aborted', { reason: 'the preview is broken' }), event('rolled-back', { fromSha: SHA, toSha: SHA, healthy: true, message: 'back' })];
    for (const final of finals) {
      const reply = teamMessagesFor({ ...final, ...at } as JournalEvent, null, withSlack).find((m) => m.kind === 'slack.thread-reply');
      expect(reply?.kind === 'slack.thread-reply' && reply.text).toMatch(/ · journal 412:3f1c2ab9e0d7$/);
    }
    // Replies in the middle of the thread stay as they were.
    const signed = teamMessagesFor({ ...event('signed-off', { engineer: 'dave' }), ...at } as JournalEvent, null, withSlack);
    expect(signed).toEqual([{ kind: 'slack.thread-reply', releaseId: 'r1', text: 'Signed off by dave' }]);
  });

  it('environment-level events and bookkeeping tell nobody', () => {
    expect(teamMessagesFor({ ...event('lock-taken', { reason: 'rolled back' }), releaseId: null } as JournalEvent, null, withSlack)).toEqual([]);
    expect(teamMessagesFor(event('release-notes', { commits: [] }), null, withSlack)).toEqual([]);
    expect(teamMessagesFor(finished('preflight', 'succeeded'), null, withSlack)).toEqual([]);
  });
});
