/**
 * Where each service's API lives. Configurable for GitHub Enterprise (https://HOST/api/v3),
 * a self-hosted CircleCI server, and so tests can point at local fakes on 127.0.0.1.
 */
import type { ServiceId } from '../../../shared/domain/connections';

export type ServiceEndpoints = Readonly<Record<ServiceId, string>>;

export const DEFAULT_ENDPOINTS: ServiceEndpoints = {
  github: 'https://api.github.com',
  /** The host only: the checks append /api/v2/… */
  circleci: 'https://circleci.com',
  /** @slack/web-api's `slackApiUrl`: methods are appended (…/api/auth.test). */
  slack: 'https://slack.com/api/',
};

export const ENDPOINT_ENV_VARS: Readonly<Record<ServiceId, string>> = {
  github: 'RELEASE_DESK_GITHUB_API_URL',
  circleci: 'RELEASE_DESK_CIRCLECI_URL',
  slack: 'RELEASE_DESK_SLACK_API_URL',
};

/** The defaults, each overridable by its environment variable (see ENDPOINT_ENV_VARS). */
export function endpointsFromEnv(env: Readonly<Record<string, string | undefined>>): ServiceEndpoints {
  const pick = (service: ServiceId) => {
    const value = env[ENDPOINT_ENV_VARS[service]]?.trim() ?? '';
    return value === '' ? DEFAULT_ENDPOINTS[service] : value;
  };
  return { github: pick('github'), circleci: pick('circleci'), slack: pick('slack') };
}

/** Joins a base URL and an absolute API path without doubling or losing the slash. */
export function apiUrl(base: string, apiPath: string): string {
  return `${base.replace(/\/+$/, '')}/${apiPath.replace(/^\/+/, '')}`;
}
