/**
 * Where each service's API is, as the user set it in Settings (GitHub Enterprise, a
 * self-hosted CircleCI server). Checked before it is saved: a token will be sent there.
 */
import { SERVICE_LABELS, type ServiceId } from '../../../shared/domain/connections';
import { DeskError } from '../../../shared/ipc/result';
import { checkServiceUrl, type SavedEndpoints } from './endpoints';

export interface SavedEndpointStore {
  read(): SavedEndpoints;
  write(next: SavedEndpoints): void;
}

export interface ApiUrlSettings {
  /** Saves the address ('' = back to the default); throws a DeskError naming what is wrong. */
  set(service: ServiceId, raw: string): void;
}

export function createApiUrlSettings(store: SavedEndpointStore, onChange: () => void): ApiUrlSettings {
  return {
    set(service, raw) {
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
      onChange();
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
