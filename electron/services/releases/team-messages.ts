/**
 * What the team is told about one journal event: GitHub Deployment statuses that follow the
 * flow, and one Slack thread per release (a first message when planned, a reply per step).
 * Pure: the same event always maps to the same messages, so the outbox can be refilled from
 * the journal.
 *
 * Every Deployment status, and the Slack message that ends a release (merged, aborted, rolled
 * back), carries the journal's head as of this event (`journal SEQ:HASH12`,
 * shared/audit/published-head.ts): the team's copy that `audit verify --against-github` checks.
 */
import { GITHUB_DESCRIPTION_LIMIT, withPublishedHead } from '../../../shared/audit/published-head';
import { shortSha } from '../../../shared/text/short-sha';
import type { JournalEvent } from '../../../shared/releases/release-events';
import type { ReleaseState } from '../../../shared/releases/release-state';
import type { TeamMessage } from './team-updates';

export interface TeamContext {
  /** `slack.channel` of release-desk.yml; null turns Slack messages off. */
  readonly slackChannel: string | null;
  /** Production's address (the first health probe's origin), for the Deployment's environment_url. */
  readonly productionUrl: string | null;
}

const short = shortSha;

export function teamMessagesFor(event: JournalEvent, release: ReleaseState | null, context: TeamContext): readonly TeamMessage[] {
  const releaseId = event.releaseId;
  if (releaseId === null) return [];
  const slack = (text: string): TeamMessage[] => (context.slackChannel === null ? [] : [{ kind: 'slack.thread-reply', releaseId, text }]);
  /** The thread's last message of the release: with the head. */
  const finalSlack = (text: string): TeamMessage[] => slack(withPublishedHead(text, event));
  const status = (state: TeamMessage & { kind: 'deployment.status' }): TeamMessage[] => [{ ...state, description: withPublishedHead(state.description ?? '', event, GITHUB_DESCRIPTION_LIMIT) }];
  const what = release === null ? releaseId : `${release.branch} (${short(release.sha)})`;

  switch (event.type) {
    case 'planned': {
      const { branch, sha, coordinator, onCall, engineers } = event.data;
      const messages: TeamMessage[] = [
        { kind: 'deployment.create', releaseId, environment: event.environment, sha, description: `Release ${releaseId} of ${branch}`, transient: false },
      ];
      if (context.slackChannel !== null) {
        messages.push({
          kind: 'slack.thread-start',
          releaseId,
          channel: context.slackChannel,
          text: `Release ${releaseId}: ${branch} at ${short(sha)} to ${event.environment}. Coordinator ${coordinator}, on call ${onCall}, engineers ${engineers.join(', ')}.`,
        });
      }
      return messages;
    }
    case 'step-started':
      if (event.data.step === 'stage1') {
        return [...status({ kind: 'deployment.status', releaseId, state: 'in_progress', description: 'Stage 1: building the preview' }), ...slack(`Stage 1 of ${what} started by ${event.actor}.`)];
      }
      if (event.data.step === 'switchover') {
        return [
          ...status({ kind: 'deployment.status', releaseId, state: 'in_progress', description: 'Stage 2: switching production' }),
          ...slack(`Stage 2: ${event.actor} is switching ${event.environment} to ${what}.`),
        ];
      }
      return [];
    case 'step-finished': {
      const { step, outcome, message, facts } = event.data;
      const ok = outcome === 'succeeded';
      if (step === 'stage1') {
        if (!ok) return [...status({ kind: 'deployment.status', releaseId, state: 'failure', description: `Stage 1 failed: ${message}` }), ...slack(`Stage 1 failed: ${message}`)];
        const url = facts.previewUrl;
        return [
          ...status({ kind: 'deployment.status', releaseId, state: 'in_progress', ...(url === undefined ? {} : { environmentUrl: url }), description: 'Preview ready for sign-off' }),
          ...slack(`Preview ready${url === undefined ? '' : `: ${url}`}. Engineers, please exercise it and sign off.`),
        ];
      }
      if (step === 'switchover') {
        if (!ok) return [...status({ kind: 'deployment.status', releaseId, state: 'failure', description: `Switchover failed: ${message}` }), ...slack(`Switchover failed: ${message}`)];
        return [
          ...status({
            kind: 'deployment.status',
            releaseId,
            state: 'success',
            ...(context.productionUrl === null ? {} : { environmentUrl: context.productionUrl }),
            description: `Production runs ${release === null ? 'the release' : short(release.sha)}`,
          }),
          ...slack(`Switched over: ${event.environment} runs ${what}. Watching it now.`),
        ];
      }
      if (step === 'preflight' && !ok) return slack(`Preflight failed: ${message}`);
      if (step === 'merge' && !ok) return slack(`Merge failed: ${message}`);
      return [];
    }
    case 'signed-off':
      return slack(`Signed off by ${event.data.engineer}${event.data.note === undefined ? '' : `: ${event.data.note}`}`);
    case 'override':
      return slack(`Override by ${event.actor} (${event.data.action}): ${event.data.reason}`);
    case 'verdict':
      return event.data.verdict === 'healthy'
        ? slack(`Marked healthy by ${event.actor}.`)
        : [...status({ kind: 'deployment.status', releaseId, state: 'failure', description: 'Marked faulty after switchover' }), ...slack(`Marked FAULTY by ${event.actor}${event.data.note === undefined ? '' : `: ${event.data.note}`}`)];
    case 'merged':
      return finalSlack(`Merged into ${release?.mainBranch ?? 'the main branch'} (${short(event.data.mergeCommit)}${event.data.pullRequest === undefined ? '' : `, PR #${event.data.pullRequest}`}).`);
    case 'aborted':
      return [...status({ kind: 'deployment.status', releaseId, state: 'inactive', description: `Aborted: ${event.data.reason}` }), ...finalSlack(`Aborted by ${event.actor}: ${event.data.reason}`)];
    case 'inconclusive-resolved':
      return slack(`${event.data.step} had no recorded outcome; ${event.actor} recorded it as ${event.data.resolution} (production runs ${event.data.observedVersion === null ? 'an unknown version' : short(event.data.observedVersion)}).`);
    case 'rolled-back':
      return [
        ...status({ kind: 'deployment.status', releaseId, state: 'inactive', description: `Rolled back to ${short(event.data.toSha)}` }),
        ...finalSlack(`Rolled back to ${short(event.data.toSha)}: ${event.data.message}`),
      ];
    case 'engineers-changed':
    case 'release-notes':
    case 'watch-summary':
    case 'lock-taken':
    case 'lock-released':
    case 'audit-acknowledged':
      return [];
  }
}
