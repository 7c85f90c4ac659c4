/**
 * The Connections section's service: what is connected, connect (check the token with the
 * service, save it only if the service accepts it, bound to the address it was checked
 * against) and disconnect. Replies carry descriptions and the service's words, never a token.
 */
import {
  SERVICE_IDS,
  type ConnectionOutcome,
  SERVICE_LABELS,
  type ConnectionSummary,
  type ServiceId,
  type TokenStorage,
} from '../../../shared/domain/connections';
import { originOf } from '../vault/token-source';
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
  /**
   * Asks the user, in the host's own UI (Electron: a main-process dialog), whether tokens may
   * be stored without a keyring. Never the renderer's say-so.
   */
  readonly confirmPlaintextStorage: () => Promise<boolean>;
}

export interface Connections {
  list(): Promise<readonly ConnectionSummary[]>;
  storage(): Promise<TokenStorage>;
  connect(service: ServiceId, token: string): Promise<ConnectionOutcome>;
  disconnect(service: ServiceId): Promise<void>;
  /** Shows the host's consent dialog (if storage is plaintext and not yet accepted); the storage after it. */
  askPlaintextConsent(): Promise<TokenStorage>;
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
        if (entry === undefined) return { service, state: 'not-connected', ...api };
        if (entry.origin === null || entry.origin !== originOf(api.baseUrl)) {
          // The token is only ever sent where it was checked: here it is not used at all.
          return { service, state: 'not-connected', ...api, notice: addressChangedNotice(service, entry.origin, api.baseUrlSource) };
        }
        return { service, state: 'connected', connectedAs: entry.connectedAs, savedAt: entry.savedAt, ...api };
      });
    },

    storage: () => vault.storage(),

    async connect(service, token) {
      // Refuse before asking the service: there is no point checking a token we may not keep.
      await vault.assertCanStore(service);
      const baseUrl = endpoints()[service];
      const checked = await checks[service]({ token, baseUrl, timeoutMs });
      // A service (or a proxy in between) may echo what it was sent; nothing we return may carry a token.
      const outcome = scrub(checked, [token, ...vault.knownSecrets()]);
      if (outcome.kind === 'connected') {
        await vault.save(service, token, { connectedAs: outcome.connectedAs, checkedAt: baseUrl });
      }
      return outcome;
    },

    async askPlaintextConsent() {
      const storage = await vault.storage();
      if (storage.protection !== 'plaintext' || storage.plaintextAcceptedAt !== null) return storage;
      return (await options.confirmPlaintextStorage()) ? vault.acceptPlaintextStorage() : storage;
    },

    async disconnect(service) {
      await vault.remove(service);
    },
  };
}

function addressChangedNotice(service: ServiceId, boundTo: string | null, source: string): string {
  const label = SERVICE_LABELS[service];
  const where = source === 'environment' ? ' (set by an environment variable)' : '';
  return boundTo === null
    ? `The saved ${label} token was saved before tokens were bound to an address: connect ${label} again.`
    : `${label}'s address changed${where}: the saved token was checked against ${boundTo} and is not sent anywhere else. Connect again.`;
}

function scrub(outcome: ConnectionOutcome, secrets: readonly string[]): ConnectionOutcome {
  return outcome.kind === 'connected'
    ? { ...outcome, connectedAs: redactSecrets(outcome.connectedAs, secrets) }
    : { ...outcome, reason: redactSecrets(outcome.reason, secrets) };
}
