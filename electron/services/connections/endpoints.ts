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

export type EndpointSource = 'default' | 'settings' | 'environment';

export interface ResolvedEndpoints {
  readonly urls: ServiceEndpoints;
  readonly sources: Readonly<Record<ServiceId, EndpointSource>>;
}

/** Addresses saved in Settings (GitHub Enterprise, a self-hosted CircleCI server). */
export type SavedEndpoints = Readonly<Partial<Record<ServiceId, string>>>;

/**
 * Each service's address: its environment variable (see ENDPOINT_ENV_VARS) if set, else
 * the one saved in Settings, else the public default.
 */
export function resolveEndpoints(env: Readonly<Record<string, string | undefined>>, saved: SavedEndpoints = {}): ResolvedEndpoints {
  const pick = (service: ServiceId): [string, EndpointSource] => {
    const fromEnv = env[ENDPOINT_ENV_VARS[service]]?.trim() ?? '';
    if (fromEnv !== '') return [fromEnv, 'environment'];
    const fromSettings = saved[service]?.trim() ?? '';
    if (fromSettings !== '') return [fromSettings, 'settings'];
    return [DEFAULT_ENDPOINTS[service], 'default'];
  };
  const [github, circleci, slack] = [pick('github'), pick('circleci'), pick('slack')];
  return {
    urls: { github: github[0], circleci: circleci[0], slack: slack[0] },
    sources: { github: github[1], circleci: circleci[1], slack: slack[1] },
  };
}

/** The defaults, each overridable by its environment variable (the CLI's way). */
export function endpointsFromEnv(env: Readonly<Record<string, string | undefined>>): ServiceEndpoints {
  return resolveEndpoints(env).urls;
}

export type ServiceUrlVerdict = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * An address a token may be sent to: https, or plain http only to this machine (a local
 * proxy or test server). No credentials in the URL, no query or fragment.
 */
export function checkServiceUrl(raw: string): ServiceUrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    return { ok: false, reason: 'must be https:// (plain http only to this machine)' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'must not contain a user name or password' };
  if (url.search !== '' || url.hash !== '') return { ok: false, reason: 'must not have a query or fragment' };
  return { ok: true, url: url.toString() };
}

/** Joins a base URL and an absolute API path without doubling or losing the slash. */
export function apiUrl(base: string, apiPath: string): string {
  return `${base.replace(/\/+$/, '')}/${apiPath.replace(/^\/+/, '')}`;
}
