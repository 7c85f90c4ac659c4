/**
 * DEVELOPMENT AND TESTS ONLY (the browser bridge): an Encryptor with AES-256-GCM under a
 * random key that lives in this process's memory and dies with it. Tokens saved through it
 * cannot be read after a restart, which is the point: the bridge never leaves usable
 * tokens on disk. The desktop app uses Electron's safeStorage (electron/vault-safe-storage.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Encryptor } from './encryptor';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export const DEV_BACKEND = 'dev_in_memory_aes_gcm';

export function createDevEncryptor(key: Buffer = randomBytes(32)): Encryptor {
  if (key.length !== 32) throw new Error('the development encryptor needs a 32-byte key');
  return {
    isEncryptionAvailable: async () => true,
    backend: () => DEV_BACKEND,
    encryptString: async (plainText) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString: async (encrypted) => {
      if (encrypted.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short');
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, IV_BYTES));
      decipher.setAuthTag(encrypted.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(encrypted.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
