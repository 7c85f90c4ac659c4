/**
 * The app's tokens for GitHub, CircleCI and Slack, encrypted through an Encryptor and kept
 * in one file in the user-data folder. Everything it hands out for display is a
 * description ({service, connectedAs, savedAt}); the token itself only comes out of
 * getToken(), for services in the main process.
 *
 * When the machine offers no real encryption (Electron's `basic_text` fallback on Linux,
 * or none at all) the vault refuses to store a token unless the user has explicitly
 * accepted the risk; the acceptance is recorded, with its date, in the vault file.
 */
import { SERVICE_IDS, SERVICE_LABELS, type ServiceId, type TokenStorage } from '../../../shared/domain/connections';
import { DeskError } from '../../../shared/ipc/result';
import { storesInPlaintext, type Encryptor } from './encryptor';
import type { TokenSource } from './token-source';
import { readVaultFile, writeVaultFile, type StoredToken, type VaultFile } from './vault-file';

export interface TokenDescription {
  readonly service: ServiceId;
  readonly connectedAs: string;
  /** ISO 8601. */
  readonly savedAt: string;
}

export interface SaveOptions {
  readonly connectedAs: string;
  /** The user accepted, just now, that the token may be stored without encryption. */
  readonly acceptPlaintextRisk?: boolean;
}

export interface SecretVault extends TokenSource {
  /** What is saved, for display: never the tokens. */
  list(): Promise<readonly TokenDescription[]>;
  storage(): Promise<TokenStorage>;
  /** Throws the DeskError save() would throw for lack of secure storage, before any work. */
  assertCanStore(service: ServiceId, acceptPlaintextRisk: boolean): Promise<void>;
  save(service: ServiceId, token: string, options: SaveOptions): Promise<TokenDescription>;
  /** Forgets a service's token; true when there was one. */
  remove(service: ServiceId): Promise<boolean>;
  /**
   * Decrypts every stored token once, so knownSecrets() covers them all from the start
   * (the runner scrubs output with it). Tokens that cannot be decrypted are skipped.
   */
  unlock(): Promise<void>;
}

export interface SecretVaultOptions {
  /** The vault file, e.g. <userData>/vault.json. */
  readonly filePath: string;
  readonly encryptor: Encryptor;
  readonly now: () => Date;
}

export function createSecretVault(options: SecretVaultOptions): SecretVault {
  const { filePath, encryptor, now } = options;
  /** Every token seen in this process, so scrubbing still covers a token after disconnect. */
  const seen = new Set<string>();
  // Read-modify-write must not interleave (encryption is asynchronous).
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const decrypt = async (service: ServiceId, stored: StoredToken): Promise<string> => {
    const bytes = Buffer.from(stored.ciphertext, 'base64');
    if (stored.encoding === 'plaintext') return bytes.toString('utf8');
    try {
      return await encryptor.decryptString(bytes);
    } catch {
      throw new DeskError(
        'unavailable',
        `The saved ${SERVICE_LABELS[service]} token cannot be decrypted (it was saved with ${stored.backend}, ` +
          `this session uses ${encryptor.backend()}). Connect ${SERVICE_LABELS[service]} again.`,
      );
    }
  };

  const refusal = async (service: ServiceId, file: VaultFile, accepting: boolean): Promise<DeskError | null> => {
    if (!(await storesInPlaintext(encryptor)) || file.acceptPlaintextSecrets !== null || accepting) return null;
    const label = SERVICE_LABELS[service];
    const why = (await encryptor.isEncryptionAvailable())
      ? `the system keyring is not available, so Electron's safeStorage would use its plain-text fallback (${encryptor.backend()})`
      : 'no encryption is available on this system';
    return new DeskError(
      'unavailable',
      `The ${label} token was not saved: ${why}, and anyone who can read your files could read the token. ` +
        'Set up a keyring (GNOME Keyring or KWallet) and restart, or accept the risk explicitly to store it anyway.',
    );
  };

  const describe = (service: ServiceId, stored: StoredToken): TokenDescription => ({
    service,
    connectedAs: stored.connectedAs,
    savedAt: stored.savedAt,
  });

  return {
    list: () =>
      serial(async () => {
        const file = await readVaultFile(filePath);
        return SERVICE_IDS.flatMap((service) => {
          const stored = file.tokens[service];
          return stored === undefined ? [] : [describe(service, stored)];
        });
      }),

    storage: () =>
      serial(async () => {
        const file = await readVaultFile(filePath);
        return {
          protection: (await storesInPlaintext(encryptor)) ? 'plaintext' : 'encrypted',
          backend: encryptor.backend(),
          plaintextAcceptedAt: file.acceptPlaintextSecrets?.acceptedAt ?? null,
        };
      }),

    assertCanStore: (service, acceptPlaintextRisk) =>
      serial(async () => {
        const problem = await refusal(service, await readVaultFile(filePath), acceptPlaintextRisk);
        if (problem !== null) throw problem;
      }),

    save: (service, token, saveOptions) =>
      serial(async () => {
        if (token === '') throw new DeskError('invalid-argument', 'An empty token cannot be saved.');
        const file = await readVaultFile(filePath);
        const accepting = saveOptions.acceptPlaintextRisk === true;
        const problem = await refusal(service, file, accepting);
        if (problem !== null) throw problem;
        const available = await encryptor.isEncryptionAvailable();
        const savedAt = now().toISOString();
        const stored: StoredToken = {
          ciphertext: (available ? await encryptor.encryptString(token) : Buffer.from(token, 'utf8')).toString('base64'),
          encoding: available ? 'safe-storage' : 'plaintext',
          backend: available ? encryptor.backend() : 'none',
          connectedAs: saveOptions.connectedAs,
          savedAt,
        };
        const plaintext = await storesInPlaintext(encryptor);
        const acceptance =
          file.acceptPlaintextSecrets ?? (plaintext && accepting ? { acceptedAt: savedAt, backend: stored.backend } : null);
        await writeVaultFile(filePath, {
          ...file,
          acceptPlaintextSecrets: acceptance,
          tokens: { ...file.tokens, [service]: stored },
        });
        seen.add(token);
        return describe(service, stored);
      }),

    remove: (service) =>
      serial(async () => {
        const file = await readVaultFile(filePath);
        if (file.tokens[service] === undefined) return false;
        const tokens = { ...file.tokens };
        delete tokens[service];
        await writeVaultFile(filePath, { ...file, tokens });
        return true;
      }),

    getToken: (service) =>
      serial(async () => {
        const stored = (await readVaultFile(filePath)).tokens[service];
        if (stored === undefined) return null;
        const token = await decrypt(service, stored);
        seen.add(token);
        return token;
      }),

    unlock: () =>
      serial(async () => {
        const file = await readVaultFile(filePath);
        for (const service of SERVICE_IDS) {
          const stored = file.tokens[service];
          if (stored === undefined) continue;
          const token = await decrypt(service, stored).catch(() => null);
          if (token !== null) seen.add(token);
        }
      }),

    knownSecrets: () => [...seen],
  };
}
