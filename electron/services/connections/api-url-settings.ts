/**
 * Where each service's API is, as the user set it in Settings (GitHub Enterprise, a
 * self-hosted CircleCI server). Checked before it is saved: a token will be sent there.
 * A saved token is bound to the address it was checked against, so when the address in
 * effect changes, the service's token is forgotten and the answer says to connect again.
 */
import { SERVICE_LABELS, type ApiUrlChange, type ServiceId } from '../../../shared/domain/connections';
import { DeskError } from '../../../shared/ipc/result';
import { checkServiceUrl, type SavedEndpoints } from './endpoints';

export interface SavedEndpointStore {
  read(): SavedEndpoints;
  write(next: SavedEndpoints): void;
}

export interface ApiUrlSettings {
  /** Saves the address ('' = back to the default); throws a DeskError naming what is wrong. */
  set(service: ServiceId, raw: string): Promise<ApiUrlChange>;
}

export interface ApiUrlSettingsOptions {
  /** Told after every saved change (the open boards are rebuilt). */
  readonly onChange: () => void;
  /** The address in effect for a service now (environment, then Settings, then default). */
  readonly effectiveUrl: (service: ServiceId) => string;
  /** Deletes the service's saved token; true when there was one. */
  readonly forgetToken: (service: ServiceId) => Promise<boolean>;
}

export function createApiUrlSettings(store: SavedEndpointStore, options: ApiUrlSettingsOptions): ApiUrlSettings {
  return {
    async set(service, raw) {
      const label = SERVICE_LABELS[service];
      const before = options.effectiveUrl(service);
      const { [service]: _previous, ...others } = store.read();
      if (raw.trim() === '') {
        store.write(others);
      } else {
        const verdict = checkServiceUrl(raw.trim());
        if (!verdict.ok) {
          throw new DeskError('invalid-argument', `The ${SERVICE_LABELS[service]} API address ${verdict.reason} (got ${shown(raw)}).`);
        }
        store.write({ ...others, [service]: verdict.url });
      }
      const after = options.effectiveUrl(service);
      const tokenForgotten = before !== after && (await options.forgetToken(service));
      options.onChange();
      const saved = raw.trim() === '' ? `${label} uses its default address again.` : `${label} API address saved.`;
      return {
        tokenForgotten,
        message: tokenForgotten
          ? `${saved} ${label}'s address changed: connect again (the saved token was checked against ${before} and has been deleted).`
          : saved,
      };
    },
  };
}

/** An in-memory store, for hosts that keep no settings (the development bridge, tests). */
export function memoryEndpointStore(initial: SavedEndpoints = {}): SavedEndpointStore {
  let saved = initial;
  return {
    read: () => saved,
    write: (next) => {
      saved = next;
    },
  };
}

/** The address as typed, minus any credentials in it (they are never repeated back). */
function shown(raw: string): string {
  try {
    const url = new URL(raw.trim());
    url.username = '';
    url.password = '';
    return url.toString().slice(0, 200);
  } catch {
    return raw.trim().slice(0, 200);
  }
}
