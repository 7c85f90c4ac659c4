/**
 * The release service's TeamUpdates port over the durable outbox (electron/services/
 * team-updates): GitHub Deployments and one Slack thread per release, retried with backoff
 * and kept across restarts. The outbox opens asynchronously; messages handed over before it
 * is open wait in order behind its opening, and no step waits for that either.
 */
import type { TeamUpdates as Outbox } from '../team-updates/team-updates';
import type { TeamUpdateInput } from '../team-updates/team-update-messages';
import type { TeamMessage, TeamUpdates } from './team-updates';

export interface OutboxTeamUpdates extends TeamUpdates {
  /** Waits (at most `timeoutMs`) for due messages to be delivered: the CLI before it exits. */
  settle(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

export function teamUpdatesOverOutbox(open: Promise<Outbox>, log: (message: string, error: unknown) => void): OutboxTeamUpdates {
  const outbox = open.catch((error: unknown) => {
    log('[releases] the team updates outbox could not be opened; nothing will be sent', error);
    return null;
  });
  return {
    enqueue: async (message) => {
      await (await outbox)?.enqueue(inputOf(message));
    },
    pending: async () =>
      ((await (await outbox)?.pending()) ?? []).map((update) => ({
        id: update.id,
        releaseId: update.message.releaseId,
        channel: update.message.service,
        description: update.summary,
        status: update.reason === '' ? update.state : update.reason,
      })),
    deployments: {
      activeFor: async (environment, ours) => {
        const box = await outbox;
        if (box === null) return null;
        const check = await box.deployments.activeFor(environment, ours === undefined ? {} : { ours });
        // Unknown (GitHub not connected, unreachable): it must not stop a release.
        if (check.kind !== 'active') return null;
        return { creator: check.deployment.creator ?? 'someone', sha: check.deployment.sha, createdAt: check.deployment.createdAt };
      },
    },
    settle: async (timeoutMs) => (await outbox)?.settle(timeoutMs) ?? true,
    stop: async () => {
      await (await outbox)?.stop();
    },
  };
}

function inputOf(message: TeamMessage): TeamUpdateInput {
  if (message.kind !== 'deployment.create') return message;
  const { transient, ...rest } = message;
  return { ...rest, transientEnvironment: transient, productionEnvironment: !transient };
}
