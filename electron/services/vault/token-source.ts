/**
 * Where main-process services get a service's token: the vault in the app, environment
 * variables in the CLI (GITHUB_TOKEN, CIRCLECI_TOKEN, SLACK_TOKEN). Never exposed over IPC.
 */
import type { ServiceId } from '../../../shared/domain/connections';

export interface TokenSource {
  /** The token for a service, or null when none is set. Main process only. */
  getToken(service: ServiceId): Promise<string | null>;
  /**
   * Every token this source has held in this process (including ones since removed), so
   * the runner can scrub them from command output and stored logs.
   */
  knownSecrets(): readonly string[];
}

export const TOKEN_ENV_VARS: Readonly<Record<ServiceId, string>> = {
  github: 'GITHUB_TOKEN',
  circleci: 'CIRCLECI_TOKEN',
  slack: 'SLACK_TOKEN',
};

/** The CLI's tokens: read from the environment once, when the source is built. */
export function createEnvTokenSource(env: Readonly<Record<string, string | undefined>>): TokenSource {
  const tokens = new Map<ServiceId, string>();
  for (const [service, name] of Object.entries(TOKEN_ENV_VARS) as [ServiceId, string][]) {
    const value = env[name]?.trim() ?? '';
    if (value !== '') tokens.set(service, value);
  }
  return {
    getToken: async (service) => tokens.get(service) ?? null,
    knownSecrets: () => [...tokens.values()],
  };
}
