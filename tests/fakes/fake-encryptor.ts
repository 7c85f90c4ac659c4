import type { Encryptor } from '../../electron/services/vault/encryptor';

/**
 * A stand-in for safeStorage whose backend and availability a test sets. Its "encryption"
 * is a keyed byte rotation: reversible, and never the token's own bytes on disk.
 */
export function fakeEncryptor(options: { backend?: string; available?: boolean; key?: number } = {}): Encryptor & {
  backendName: string;
  available: boolean;
} {
  const key = options.key ?? 7;
  const state = {
    backendName: options.backend ?? 'gnome_libsecret',
    available: options.available ?? true,
  };
  return Object.assign(state, {
    isEncryptionAvailable: async () => state.available,
    backend: () => state.backendName,
    encryptString: async (plainText: string) => {
      if (!state.available) throw new Error('Encryption is not available.');
      const bytes = Buffer.from(`fake:${key}:${plainText}`, 'utf8');
      return Buffer.from(bytes.map((byte) => (byte + key) % 256));
    },
    decryptString: async (encrypted: Buffer) => {
      const text = Buffer.from(encrypted.map((byte) => (byte + 256 - key) % 256)).toString('utf8');
      const prefix = `fake:${key}:`;
      if (!text.startsWith(prefix)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text.slice(prefix.length);
    },
  });
}
