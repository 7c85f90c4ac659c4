/**
 * What the CLI rollback tells the team (the failed Deployment, the previous one live again, a
 * reply in the release's Slack thread): handed to the workspace's durable outbox, as `release`
 * does. Nothing of it is loaded before the rollback's command runs: the outbox, and with it
 * the GitHub and Slack clients, is imported when the first message is handed over, after the
 * rollback. Before the CLI exits it gives delivery a short grace; what is not delivered by
 * then stays queued on disk for the app or the next CLI run.
 */
import type { WorkspaceConfig } from '../../shared/config/workspace-config';
import type { OutboxTeamUpdates } from '../services/releases/outbox-team-updates';
import type { RollbackTeamUpdates } from '../services/rollback/rollback-service';

/** How long the CLI waits for GitHub and Slack before it exits (the release commands' grace). */
const TEAM_UPDATES_GRACE_MS = 3000;

export interface CliRollbackTeamUpdates extends RollbackTeamUpdates {
  /** Waits for the hand-over, then at most the grace for delivery, and closes the outbox. */
  finish(): Promise<void>;
}

export function cliRollbackTeamUpdates(options: {
  readonly dataDir: string;
  readonly config: WorkspaceConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: (message: string) => void;
}): CliRollbackTeamUpdates | undefined {
  const { config } = options;
  // Nothing to tell anyone: no outbox, nothing loaded.
  if (config.repository.github === undefined && config.slack === undefined) return undefined;
  let outbox: Promise<OutboxTeamUpdates> | null = null;
  const open = () =>
    (outbox ??= (async () => {
      const [{ teamUpdatesOverOutbox }, { createTeamUpdates }, { createEnvTokenSource }, { endpointsFromEnv }] = await Promise.all([
        import('../services/releases/outbox-team-updates'),
        import('../services/team-updates/team-updates'),
        import('../services/vault/token-source'),
        import('../services/connections/endpoints'),
      ]);
      return teamUpdatesOverOutbox(
        createTeamUpdates({
          dataDir: options.dataDir,
          tokens: createEnvTokenSource(options.env),
          endpoints: () => endpointsFromEnv(options.env),
          ...(config.repository.github === undefined ? {} : { repository: config.repository.github }),
          ...(config.slack === undefined ? {} : { slackChannel: config.slack.channel }),
        }),
        (message) => options.log(message),
      );
    })());
  const handedOver: Promise<void>[] = [];
  return {
    enqueue(message) {
      const done = open().then(async (box) => {
        await box.enqueue(message);
      });
      handedOver.push(done.catch(() => undefined));
      return done;
    },
    async finish() {
      await Promise.all(handedOver);
      if (outbox === null) return;
      const box = await outbox;
      await box.settle(TEAM_UPDATES_GRACE_MS);
      await box.stop();
    },
  };
}
