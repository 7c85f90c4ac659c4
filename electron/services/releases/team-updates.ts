/**
 * The port through which a release tells the team (GitHub Deployments, one Slack thread per
 * release). The durable outbox (electron/services/outbox, another branch) implements it; until
 * it is wired in, `createRecordingTeamUpdates` keeps the messages in memory and delivers
 * nothing. A step never waits on this port beyond handing a message over: see
 * `tellTeam` in release-service.ts.
 */
export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive' | 'error';

export type TeamMessage =
  | {
      readonly kind: 'deployment.create';
      readonly releaseId: string;
      readonly environment: string;
      readonly sha: string;
      readonly description: string;
      /** A preview-only deployment (GitHub's `transient_environment`). */
      readonly transient: boolean;
    }
  | {
      readonly kind: 'deployment.status';
      readonly releaseId: string;
      readonly state: DeploymentState;
      readonly environmentUrl?: string;
      readonly description: string;
    }
  | { readonly kind: 'slack.thread-start'; readonly releaseId: string; readonly channel: string; readonly text: string }
  | { readonly kind: 'slack.thread-reply'; readonly releaseId: string; readonly text: string };

/** A message not delivered yet, and why (rate-limited, refused, unreachable, queued). */
export interface PendingTeamUpdate {
  readonly id: string;
  readonly releaseId: string;
  readonly channel: 'github' | 'slack';
  readonly description: string;
  readonly status: string;
}

/** Someone's GitHub Deployment that is still active for an environment. */
export interface ActiveDeployment {
  readonly creator: string;
  readonly sha: string;
  readonly createdAt: string;
  /** Ours (created for this release id) when Release Desk made it. */
  readonly releaseId?: string;
}

export interface TeamUpdates {
  /** Hands the message over (a local, durable write in the outbox); delivery happens later. */
  enqueue(message: TeamMessage): Promise<void> | void;
  pending(): Promise<readonly PendingTeamUpdate[]>;
  readonly deployments: {
    /**
     * Someone else's active Deployment for the environment on GitHub, or null; null too when
     * GitHub is not connected or cannot tell. `ours`: the releases of this journal, whose
     * Deployments never count.
     */
    activeFor(environment: string, ours?: readonly string[]): Promise<ActiveDeployment | null>;
  };
}

export interface RecordingTeamUpdates extends TeamUpdates {
  /** Every message handed over, in order. */
  readonly messages: readonly TeamMessage[];
}

/** Nothing is connected: messages are recorded (for tests and the view) and never delivered. */
export function createRecordingTeamUpdates(active: ActiveDeployment | null = null): RecordingTeamUpdates {
  const messages: TeamMessage[] = [];
  return {
    messages,
    enqueue(message) {
      messages.push(message);
    },
    pending: async () => [],
    deployments: { activeFor: async () => active },
  };
}
