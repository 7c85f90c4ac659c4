import { describe, expect, it } from 'vitest';
import { createDevEncryptor, DEV_BACKEND } from '../../../../../electron/services/vault/dev-encryptor';

describe('createDevEncryptor (browser bridge only)', () => {
  it('round-trips, never repeats a ciphertext, and says it is the development backend', async () => {
    const encryptor = createDevEncryptor();
    const a = await encryptor.encryptString('xoxb-dev-token');
    const b = await encryptor.encryptString('xoxb-dev-token');
    expect(a.equals(b)).toBe(false);
    expect(a.toString('utf8')).not.toContain('xoxb-dev-token');
    expect(await encryptor.decryptString(a)).toBe('xoxb-dev-token');
    expect(encryptor.backend()).toBe(DEV_BACKEND);
    expect(await encryptor.isEncryptionAvailable()).toBe(true);
  });

  it('cannot read what another run (another key) wrote, nor a tampered ciphertext', async () => {
    const sealed = await createDevEncryptor().encryptString('secret');
    await expect(createDevEncryptor().decryptString(sealed)).rejects.toThrow();
    const encryptor = createDevEncryptor();
    const tampered = await encryptor.encryptString('secret');
    const last = tampered.length - 1;
    tampered.writeUInt8((tampered.readUInt8(last) + 1) % 256, last);
    await expect(encryptor.decryptString(tampered)).rejects.toThrow();
  });
});
