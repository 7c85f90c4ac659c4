/**
 * Where main-process services get a service's token: the vault in the app, environment
 * variables in the CLI (GITHUB_TOKEN, CIRCLECI_TOKEN, SLACK_TOKEN). Never exposed over IPC.
 */
import type { ServiceId } from '../../../shared/domain/connections';
import { endpointsFromEnv } from '../connections/endpoints';

export interface TokenSource {
  /**
   * The token for a service, to be sent to `sendTo` (the API address the client will use),
   * or null when none is set or the token is bound to another origin. Main process only.
   */
  getToken(service: ServiceId, sendTo: string): Promise<string | null>;
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

/** `scheme://host:port` of an address, or null when it is not a URL. */
export function originOf(address: string): string | null {
  try {
    const origin = new URL(address).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The CLI's tokens: read from the environment once, when the source is built. Each is bound
 * to its service's address as the same environment sets it (RELEASE_DESK_*_URL or the
 * default), so it is never sent anywhere else.
 */
export function createEnvTokenSource(env: Readonly<Record<string, string | undefined>>): TokenSource {
  const tokens = new Map<ServiceId, string>();
  for (const [service, name] of Object.entries(TOKEN_ENV_VARS) as [ServiceId, string][]) {
    const value = env[name]?.trim() ?? '';
    if (value !== '') tokens.set(service, value);
  }
  const bound = endpointsFromEnv(env);
  return {
    getToken: async (service, sendTo) => {
      const origin = originOf(sendTo);
      return origin !== null && origin === originOf(bound[service]) ? (tokens.get(service) ?? null) : null;
    },
    knownSecrets: () => [...tokens.values()],
  };
}
