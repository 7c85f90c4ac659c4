/**
 * The vault's Encryptor in the desktop app: Electron's safeStorage (Keychain on macOS,
 * DPAPI on Windows, the desktop keyring on Linux). Only valid after the app is ready; on
 * Linux the selected backend says whether "encrypted" means anything (`basic_text` does not).
 */
import { safeStorage } from 'electron';
import type { Encryptor } from './services/vault/encryptor';

export function createSafeStorageEncryptor(platform: NodeJS.Platform = process.platform): Encryptor {
  return {
    isEncryptionAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
    backend: () => {
      switch (platform) {
        case 'darwin':
          return 'keychain';
        case 'win32':
          return 'dpapi';
        default:
          return safeStorage.getSelectedStorageBackend();
      }
    },
    encryptString: (plainText) => safeStorage.encryptStringAsync(plainText),
    decryptString: async (encrypted) => (await safeStorage.decryptStringAsync(encrypted)).result,
  };
}
