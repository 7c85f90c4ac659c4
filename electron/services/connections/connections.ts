/**
 * The Connections section's service: what is connected, connect (check the token with the
 * service, save it only if the service accepts it) and disconnect. Replies carry
 * descriptions and the service's words, never a token.
 */
import {
  SERVICE_IDS,
  type ConnectionOutcome,
  type ConnectionSummary,
  type ConnectOptions,
  type ServiceId,
  type TokenStorage,
} from '../../../shared/domain/connections';
import { redactSecrets } from '../vault/redact';
import type { SecretVault } from '../vault/secret-vault';
import type { TokenChecks } from './connection-check';
import { DEFAULT_TOKEN_CHECKS } from './default-checks';
import type { EndpointSource, ServiceEndpoints } from './endpoints';

export interface ConnectionsOptions {
  readonly vault: SecretVault;
  /** Read on every call, so a changed configuration applies without a restart. */
  readonly endpoints: () => ServiceEndpoints;
  /** Where each address comes from, for display; all 'default' when not given. */
  readonly endpointSources?: () => Readonly<Record<ServiceId, EndpointSource>>;
  /** How long a check waits for the service before calling it unreachable. */
  readonly timeoutMs: number;
  /** The real checks unless a test says otherwise. */
  readonly checks?: TokenChecks;
}

export interface Connections {
  list(): Promise<readonly ConnectionSummary[]>;
  storage(): Promise<TokenStorage>;
  connect(service: ServiceId, token: string, options: ConnectOptions): Promise<ConnectionOutcome>;
  disconnect(service: ServiceId): Promise<void>;
}

export function createConnections(options: ConnectionsOptions): Connections {
  const { vault, endpoints, timeoutMs } = options;
  const checks = options.checks ?? DEFAULT_TOKEN_CHECKS;
  return {
    async list() {
      const saved = new Map((await vault.list()).map((entry) => [entry.service, entry]));
      const urls = endpoints();
      const sources = options.endpointSources?.();
      return SERVICE_IDS.map((service): ConnectionSummary => {
        const entry = saved.get(service);
        const api = { baseUrl: urls[service], baseUrlSource: sources?.[service] ?? 'default' } as const;
        return entry === undefined
          ? { service, state: 'not-connected', ...api }
          : { service, state: 'connected', connectedAs: entry.connectedAs, savedAt: entry.savedAt, ...api };
      });
    },

    storage: () => vault.storage(),

    async connect(service, token, connectOptions) {
      const acceptPlaintextRisk = connectOptions.acceptPlaintextRisk === true;
      // Refuse before asking the service: there is no point checking a token we may not keep.
      await vault.assertCanStore(service, acceptPlaintextRisk);
      const checked = await checks[service]({ token, baseUrl: endpoints()[service], timeoutMs });
      // A service (or a proxy in between) may echo what it was sent; nothing we return may carry a token.
      const outcome = scrub(checked, [token, ...vault.knownSecrets()]);
      if (outcome.kind === 'connected') {
        await vault.save(service, token, { connectedAs: outcome.connectedAs, acceptPlaintextRisk });
      }
      return outcome;
    },

    async disconnect(service) {
      await vault.remove(service);
    },
  };
}

function scrub(outcome: ConnectionOutcome, secrets: readonly string[]): ConnectionOutcome {
  return outcome.kind === 'connected'
    ? { ...outcome, connectedAs: redactSecrets(outcome.connectedAs, secrets) }
    : { ...outcome, reason: redactSecrets(outcome.reason, secrets) };
}
