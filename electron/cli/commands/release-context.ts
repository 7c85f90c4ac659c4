/**
 * The release service as the CLI builds it: the same journal (in the workspace's data
 * folder), rules and runner as the app. Who "I" am is GITHUB_TOKEN's login when it is set
 * (one GET /user), else the clone's `git config user.email`; nothing else can name the
 * actor. Eligibility is read from a Branches board built on demand (plan only).
 */
import { linesOfChunks } from '../../../shared/releases/output-lines';
import { endpointsFromEnv } from '../../services/connections/endpoints';
import { checkGitHubToken } from '../../services/connections/check-github';
import { lazyDemoTeamworkFor } from '../../services/demo/demo-teamwork-lazy';
import { journalFileFor, openReleaseJournal } from '../../services/journal/release-journal';
import { ReadinessRuntime } from '../../services/readiness/readiness-runtime';
import { eligibilityOn } from '../../services/releases/board-eligibility';
import { createReleaseGitHub } from '../../services/releases/release-github';
import { gitUserEmail, type ReleaseIdentity } from '../../services/releases/release-identity';
import { ReleaseService, type StepOutputBatch } from '../../services/releases/release-service';
import { teamUpdatesOverOutbox } from '../../services/releases/outbox-team-updates';
import { createTeamUpdates } from '../../services/team-updates/team-updates';
import { userDataDir } from '../../services/settings/settings-location';
import { createEnvTokenSource } from '../../services/vault/token-source';
import { workspaceDataDir } from '../../services/workspace/workspace-data';
import { CliError } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { loadWorkspaceForCli, type LoadedWorkspace } from '../load-workspace';

export interface CliReleaseContext {
  readonly workspace: LoadedWorkspace;
  readonly service: ReleaseService;
  /** Stops what the context started (the Branches board of `plan`). */
  close(): Promise<void>;
}

const TEAM_UPDATES_GRACE_MS = 3000;

export async function openCliReleaseContext(options: GlobalOptions, io: CliIo): Promise<CliReleaseContext> {
  const workspace = await loadWorkspaceForCli(options, io);
  const { folder, config, trust } = workspace;
  const tokens = createEnvTokenSource(io.env);
  const endpoints = () => endpointsFromEnv(io.env);
  const dataDir = workspaceDataDir(userDataDir(io.env), folder);
  let identity: Promise<ReleaseIdentity> | null = null;
  let board: ReadinessRuntime | null = null;
  // The same durable outbox as the app: what the CLI could not deliver before it exits,
  // the app (or the next CLI run) delivers later.
  const teamUpdates = teamUpdatesOverOutbox(
    createTeamUpdates({
      dataDir,
      tokens,
      endpoints,
      ...(config.repository.github === undefined ? {} : { repository: config.repository.github }),
      ...(config.slack === undefined ? {} : { slackChannel: config.slack.channel }),
    }),
    (message) => io.stderr(`release-desk: ${message}\n`),
  );

  const service = new ReleaseService({
    journal: openReleaseJournal({ file: journalFileFor(dataDir) }),
    config,
    workspaceDir: folder,
    dataDir,
    now: () => new Date(),
    identity: () => (identity ??= cliIdentity(io, config.repository.path)),
    teamUpdates,
    secrets: () => tokens.knownSecrets(),
    eligibility: async (branch) => {
      board ??= new ReadinessRuntime({
        config,
        dataDir,
        seedRecords: lazyDemoTeamworkFor(folder, config),
        trust,
        now: () => new Date(),
        secrets: () => tokens.knownSecrets(),
        services: { tokens, endpoints },
        githubLogin: async () => ((await identity)?.source === 'github' ? ((await identity)?.id ?? null) : null),
        publishStatuses: false,
        machineName: '',
        onBoardChanged: () => undefined,
        onLocalTestOutput: () => undefined,
      });
      await board.service.refresh({ fetch: true });
      await board.localCiIdle();
      return eligibilityOn(await board.service.refresh({ fetch: false }), branch);
    },
    github: createReleaseGitHub({ repository: config.repository.github, baseUrl: endpoints().github, token: () => tokens.getToken('github', endpoints().github) }),
    // A folder named on the command line is trusted for this run (cli-trust.ts).
    trust: async () => trust,
    onChanged: () => undefined,
    onOutput: (batch) => io.stderr(formatOutput(batch)),
    baseEnv: io.env,
    log: (message) => io.stderr(`release-desk: ${message}\n`),
  });
  return {
    workspace,
    service,
    close: async () => {
      await board?.stop();
      // A short grace for GitHub and Slack; undelivered messages stay queued on disk.
      await teamUpdates.settle(TEAM_UPDATES_GRACE_MS);
      await teamUpdates.stop();
    },
  };
}

/** Live output of a step: on stderr, each line prefixed with the step's name. */
function formatOutput(batch: StepOutputBatch): string {
  return linesOfChunks(batch.chunks).map((line) => `${batch.step}| ${line}\n`).join('');
}

async function cliIdentity(io: CliIo, repoPath: string): Promise<ReleaseIdentity> {
  const token = io.env.GITHUB_TOKEN?.trim() ?? '';
  if (token !== '') {
    const outcome = await checkGitHubToken({ token, baseUrl: endpointsFromEnv(io.env).github, timeoutMs: 10_000 });
    if (outcome.kind !== 'connected') {
      // Falling back to the e-mail would act as someone else than the token says: refuse.
      throw new CliError(`GITHUB_TOKEN is set but GitHub did not say whose it is (${outcome.reason}); fix or unset it`);
    }
    return { id: outcome.connectedAs.replace(/^@/, ''), source: 'github' };
  }
  const email = await gitUserEmail(repoPath);
  return email === null ? { id: null, source: 'unknown' } : { id: email, source: 'git-config' };
}
