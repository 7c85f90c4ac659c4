/**
 * The app's tokens for GitHub, CircleCI and Slack, encrypted through an Encryptor and kept
 * in one file in the user-data folder. Everything it hands out for display is a
 * description ({service, connectedAs, savedAt}); the token itself only comes out of
 * getToken(), for services in the main process.
 *
 * When the machine offers no real encryption (Electron's `basic_text` fallback on Linux,
 * or none at all) the vault refuses to store a token unless the user has explicitly
 * accepted the risk (in a main-process dialog); the acceptance is recorded, with its date,
 * in the vault file.
 *
 * Each token is bound to the origin it was checked against: getToken() hands it out only
 * for an address on that origin, so a changed address never receives it.
 */
import { SERVICE_IDS, SERVICE_LABELS, type ServiceId, type TokenStorage } from '../../../shared/domain/connections';
import { DeskError } from '../../../shared/ipc/result';
import { storesInPlaintext, type Encryptor } from './encryptor';
import { originOf, type TokenSource } from './token-source';
import { readVaultFile, writeVaultFile, type StoredToken, type VaultFile } from './vault-file';

export interface TokenDescription {
  readonly service: ServiceId;
  readonly connectedAs: string;
  /** ISO 8601. */
  readonly savedAt: string;
  /** The origin the token was checked against and is bound to; null for a token saved before binding. */
  readonly origin: string | null;
}

export interface SaveOptions {
  readonly connectedAs: string;
  /** The address the token was just checked against: the token is bound to its origin. */
  readonly checkedAt: string;
}

export interface SecretVault extends TokenSource {
  /** What is saved, for display: never the tokens. */
  list(): Promise<readonly TokenDescription[]>;
  storage(): Promise<TokenStorage>;
  /** Throws the DeskError save() would throw for lack of secure storage, before any work. */
  assertCanStore(service: ServiceId): Promise<void>;
  /**
   * Records, with its date, that the user accepted storing tokens without real encryption.
   * Only the main process calls it, after its own dialog said yes.
   */
  acceptPlaintextStorage(): Promise<TokenStorage>;
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

  const refusal = async (service: ServiceId, file: VaultFile): Promise<DeskError | null> => {
    if (!(await storesInPlaintext(encryptor)) || file.acceptPlaintextSecrets !== null) return null;
    const label = SERVICE_LABELS[service];
    const why = (await encryptor.isEncryptionAvailable())
      ? `the system keyring is not available, so Electron's safeStorage would use its plain-text fallback (${encryptor.backend()})`
      : 'no encryption is available on this system';
    return new DeskError(
      'unavailable',
      `The ${label} token was not saved: ${why}, and anyone who can read your files could read the token. ` +
        'Set up a keyring (GNOME Keyring or KWallet) and restart, or choose "Store tokens without encryption…" in ' +
        'Settings → Connections and accept the risk in the dialog.',
    );
  };

  const describe = (service: ServiceId, stored: StoredToken): TokenDescription => ({
    service,
    connectedAs: stored.connectedAs,
    savedAt: stored.savedAt,
    origin: stored.origin ?? null,
  });

  const storageOf = async (file: VaultFile): Promise<TokenStorage> => ({
    protection: (await storesInPlaintext(encryptor)) ? 'plaintext' : 'encrypted',
    backend: encryptor.backend(),
    plaintextAcceptedAt: file.acceptPlaintextSecrets?.acceptedAt ?? null,
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

    storage: () => serial(async () => storageOf(await readVaultFile(filePath))),

    assertCanStore: (service) =>
      serial(async () => {
        const problem = await refusal(service, await readVaultFile(filePath));
        if (problem !== null) throw problem;
      }),

    acceptPlaintextStorage: () =>
      serial(async () => {
        const file = await readVaultFile(filePath);
        if (file.acceptPlaintextSecrets !== null) return storageOf(file);
        const available = await encryptor.isEncryptionAvailable();
        const next: VaultFile = {
          ...file,
          acceptPlaintextSecrets: { acceptedAt: now().toISOString(), backend: available ? encryptor.backend() : 'none' },
        };
        await writeVaultFile(filePath, next);
        return storageOf(next);
      }),

    save: (service, token, saveOptions) =>
      serial(async () => {
        if (token === '') throw new DeskError('invalid-argument', 'An empty token cannot be saved.');
        const origin = originOf(saveOptions.checkedAt);
        if (origin === null) throw new DeskError('invalid-argument', `A token cannot be bound to ${saveOptions.checkedAt}: not a URL.`);
        const file = await readVaultFile(filePath);
        const problem = await refusal(service, file);
        if (problem !== null) throw problem;
        const available = await encryptor.isEncryptionAvailable();
        const savedAt = now().toISOString();
        const stored: StoredToken = {
          ciphertext: (available ? await encryptor.encryptString(token) : Buffer.from(token, 'utf8')).toString('base64'),
          encoding: available ? 'safe-storage' : 'plaintext',
          backend: available ? encryptor.backend() : 'none',
          connectedAs: saveOptions.connectedAs,
          savedAt,
          origin,
        };
        await writeVaultFile(filePath, { ...file, tokens: { ...file.tokens, [service]: stored } });
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

    getToken: (service, sendTo) =>
      serial(async () => {
        const stored = (await readVaultFile(filePath)).tokens[service];
        // Bound to the origin it was checked against: any other address gets nothing.
        if (stored === undefined || stored.origin === undefined || stored.origin !== originOf(sendTo)) return null;
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
