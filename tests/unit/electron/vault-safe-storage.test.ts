import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The adapter is tested against a stubbed safeStorage (no Electron binary here): which
// backend it reports per platform, and that the vault built on it refuses basic_text.
const stub = vi.hoisted(() => ({ backend: 'gnome_libsecret', available: true }));

vi.mock('electron', () => ({
  safeStorage: {
    isAsyncEncryptionAvailable: async () => stub.available,
    getSelectedStorageBackend: () => stub.backend,
    encryptStringAsync: async (text: string) => Buffer.from(`sealed:${text}`).reverse(),
    decryptStringAsync: async (sealed: Buffer) => ({
      shouldReEncrypt: false,
      result: Buffer.from(sealed).reverse().toString('utf8').replace(/^sealed:/, ''),
    }),
  },
}));

const { createSafeStorageEncryptor } = await import('../../../electron/vault-safe-storage');
const { createSecretVault } = await import('../../../electron/services/vault/secret-vault');

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  stub.backend = 'gnome_libsecret';
});

describe('createSafeStorageEncryptor', () => {
  it("names the platform's backend: Keychain, DPAPI, or what Electron selected on Linux", () => {
    expect(createSafeStorageEncryptor('darwin').backend()).toBe('keychain');
    expect(createSafeStorageEncryptor('win32').backend()).toBe('dpapi');
    stub.backend = 'kwallet6';
    expect(createSafeStorageEncryptor('linux').backend()).toBe('kwallet6');
  });

  it('round-trips through safeStorage, and the vault refuses its basic_text fallback', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-safe-storage-'));
    const vault = createSecretVault({
      filePath: path.join(dir, 'vault.json'),
      encryptor: createSafeStorageEncryptor('linux'),
      now: () => new Date('2026-11-20T10:00:00Z'),
    });
    await vault.save('github', 'ghp_adapter', { connectedAs: '@octocat', checkedAt: 'https://api.github.com' });
    expect(await vault.getToken('github', 'https://api.github.com')).toBe('ghp_adapter');
    stub.backend = 'basic_text';
    await expect(vault.save('slack', 'xoxb-adapter', { connectedAs: '@bot', checkedAt: 'https://api.github.com' })).rejects.toThrow(/was not saved/);
  });
});
