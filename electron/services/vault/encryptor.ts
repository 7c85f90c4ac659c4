/**
 * How the vault turns a token into bytes only this user on this machine can read back.
 * The app implements it with Electron's safeStorage (electron/vault-safe-storage.ts); the
 * browser bridge with an in-memory key (dev-encryptor.ts); tests with a fake.
 *
 * Asynchronous because Electron's synchronous safeStorage calls are deprecated.
 */
export interface Encryptor {
  isEncryptionAvailable(): Promise<boolean>;
  /**
   * Which OS facility holds the key, as Electron names it: 'keychain' (macOS), 'dpapi'
   * (Windows), or on Linux 'gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6' and
   * 'basic_text' (a fixed key: obfuscation, not protection).
   */
  backend(): string;
  encryptString(plainText: string): Promise<Buffer>;
  decryptString(encrypted: Buffer): Promise<string>;
}

/** Electron's plain-text fallback on Linux: the key is a constant in Chromium's source. */
export const PLAINTEXT_BACKEND = 'basic_text';

/** True when a token stored now could be read by anyone who can read the user's files. */
export async function storesInPlaintext(encryptor: Encryptor): Promise<boolean> {
  return !(await encryptor.isEncryptionAvailable()) || encryptor.backend() === PLAINTEXT_BACKEND;
}
