import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretVault } from '../../../../../electron/services/vault/secret-vault';
import { DeskError } from '../../../../../shared/ipc/result';
import { fakeEncryptor } from '../../../../fakes/fake-encryptor';

const TOKEN = 'ghp_vaultTestToken0123456789abcdefABCDEF';
const NOW = new Date('2026-11-20T10:00:00.000Z');
/** The address each token is checked against (and so bound to) in these tests. */
const API = 'https://api.github.com';

let dir: string;
let filePath: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-vault-'));
  filePath = path.join(dir, 'user-data', 'vault.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const vaultWith = (encryptor = fakeEncryptor()) => createSecretVault({ filePath, encryptor, now: () => NOW });

async function rejection(promise: Promise<unknown>): Promise<DeskError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeskError);
  return error as DeskError;
}

describe('SecretVault', () => {
  it('round-trips a token and describes it without the token', async () => {
    const vault = vaultWith();
    const saved = await vault.save('github', TOKEN, { connectedAs: '@octocat', checkedAt: API });
    expect(saved).toEqual({ service: 'github', connectedAs: '@octocat', savedAt: NOW.toISOString(), origin: API });
    expect(await vault.getToken('github', API)).toBe(TOKEN);
    expect(await vault.getToken('slack', API)).toBeNull();
    expect(await vault.list()).toEqual([saved]);
    expect(JSON.stringify(await vault.list())).not.toContain(TOKEN);
    // A second vault over the same file (the next app start) reads it back.
    expect(await vaultWith().getToken('github', API)).toBe(TOKEN);
  });

  it('stores ciphertext only, in a file only its owner can read (0600)', async () => {
    await vaultWith().save('github', TOKEN, { connectedAs: '@octocat', checkedAt: API });
    const text = await readFile(filePath, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(Buffer.from(TOKEN).toString('base64'));
    const stored = JSON.parse(text) as { tokens: { github: { ciphertext: string; encoding: string; backend: string } } };
    expect(stored.tokens.github.encoding).toBe('safe-storage');
    expect(stored.tokens.github.backend).toBe('gnome_libsecret');
    expect(Buffer.from(stored.tokens.github.ciphertext, 'base64').length).toBeGreaterThan(TOKEN.length);
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(filePath))).mode & 0o077).toBe(0);
  });

  it('refuses to store with the basic_text backend unless the risk is accepted, and records when', async () => {
    const vault = vaultWith(fakeEncryptor({ backend: 'basic_text' }));
    expect(await vault.storage()).toEqual({ protection: 'plaintext', backend: 'basic_text', plaintextAcceptedAt: null });

    const refused = await rejection(vault.save('github', TOKEN, { connectedAs: '@octocat', checkedAt: API }));
    expect(refused.code).toBe('unavailable');
    expect(refused.message).toContain('The GitHub token was not saved');
    expect(refused.message).toContain('basic_text');
    expect(refused.message).toContain('accept the risk');
    expect(refused.message).not.toContain(TOKEN);
    await expect(stat(filePath)).rejects.toThrow(/ENOENT/);
    await expect(vault.assertCanStore('github')).rejects.toThrow(DeskError);

    // Consent is given (by the main process, after its dialog) once, then storing works.
    await vault.acceptPlaintextStorage();
    await expect(vault.assertCanStore('github')).resolves.toBeUndefined();
    await vault.save('github', TOKEN, { connectedAs: '@octocat', checkedAt: API });
    expect(await vault.getToken('github', API)).toBe(TOKEN);
    expect(await vault.storage()).toEqual({
      protection: 'plaintext',
      backend: 'basic_text',
      plaintextAcceptedAt: NOW.toISOString(),
    });
    const stored = JSON.parse(await readFile(filePath, 'utf8')) as { acceptPlaintextSecrets: unknown };
    expect(stored.acceptPlaintextSecrets).toEqual({ acceptedAt: NOW.toISOString(), backend: 'basic_text' });
    // Accepted once, for this user: the next token needs no new consent.
    await vault.save('slack', 'xoxb-second-token', { connectedAs: '@bot in Acme', checkedAt: API });
    expect(await vault.getToken('slack', API)).toBe('xoxb-second-token');
  });

  it('refuses when no encryption is available, and stores plain text only with consent', async () => {
    const vault = vaultWith(fakeEncryptor({ available: false, backend: 'unknown' }));
    const refused = await rejection(vault.save('circleci', TOKEN, { connectedAs: '@circle', checkedAt: API }));
    expect(refused.message).toContain('no encryption is available');
    await vault.acceptPlaintextStorage();
    await vault.save('circleci', TOKEN, { connectedAs: '@circle', checkedAt: API });
    expect(await vault.getToken('circleci', API)).toBe(TOKEN);
    const stored = JSON.parse(await readFile(filePath, 'utf8')) as { tokens: { circleci: { encoding: string } } };
    expect(stored.tokens.circleci.encoding).toBe('plaintext');
  });

  it('hands a token out only for an address on the origin it was checked against', async () => {
    const vault = vaultWith();
    await vault.save('github', TOKEN, { connectedAs: '@octocat', checkedAt: 'https://ghe.example.com/api/v3' });
    expect(await vault.getToken('github', 'https://ghe.example.com/api/v3/')).toBe(TOKEN);
    expect(await vault.getToken('github', 'https://ghe.example.com:8443/api/v3')).toBeNull();
    expect(await vault.getToken('github', 'http://ghe.example.com/api/v3')).toBeNull();
    expect(await vault.getToken('github', 'https://evil.example/api/v3')).toBeNull();
    expect(await vault.getToken('github', 'not a url')).toBeNull();
    expect((await vault.list())[0]?.origin).toBe('https://ghe.example.com');
  });

  it('does not use a token saved before tokens were bound to an address', async () => {
    const vault = vaultWith();
    await vault.save('github', TOKEN, { connectedAs: '@octocat', checkedAt: API });
    const file = JSON.parse(await readFile(filePath, 'utf8')) as { tokens: { github: Record<string, unknown> } };
    delete file.tokens.github.origin;
    await writeFile(filePath, JSON.stringify(file));
    expect(await vaultWith().getToken('github', API)).toBeNull();
    expect((await vaultWith().list())[0]?.origin).toBeNull();
  });

  it('reports a corrupted file clearly and never overwrites it', async () => {
    const vault = vaultWith();
    await vault.save('github', TOKEN, { connectedAs: '@octocat', checkedAt: API });
    const damaged = (await readFile(filePath, 'utf8')).slice(0, 40);
    await writeFile(filePath, damaged);

    for (const attempt of [
      vault.list(),
      vault.getToken('github', API),
      vault.save('slack', 'xoxb-new', { connectedAs: '@bot', checkedAt: API }),
      vault.remove('github'),
      vault.storage(),
    ]) {
      const error = await rejection(attempt);
      expect(error.message).toContain(`The token vault ${filePath} is damaged (it is not valid JSON)`);
      expect(error.message).toContain('left it untouched');
    }
    expect(await readFile(filePath, 'utf8')).toBe(damaged);
  });

  it('reports a file of the wrong shape with the offending key', async () => {
    await vaultWith().save('github', TOKEN, { connectedAs: '@octocat', checkedAt: API });
    const content = JSON.parse(await readFile(filePath, 'utf8')) as { tokens: { github: { encoding: string } } };
    content.tokens.github.encoding = 'rot13';
    const text = JSON.stringify(content);
    await writeFile(filePath, text);
    const error = await rejection(vaultWith().list());
    expect(error.message).toMatch(/is damaged \(tokens\.github\.encoding: /);
    expect(await readFile(filePath, 'utf8')).toBe(text);
  });

  it('explains a token that can no longer be decrypted (keyring changed)', async () => {
    await vaultWith(fakeEncryptor({ key: 7 })).save('github', TOKEN, { connectedAs: '@octocat', checkedAt: API });
    const error = await rejection(vaultWith(fakeEncryptor({ key: 9, backend: 'kwallet5' })).getToken('github', API));
    expect(error.message).toBe(
      'The saved GitHub token cannot be decrypted (it was saved with gnome_libsecret, this session uses kwallet5). Connect GitHub again.',
    );
  });

  it('removes a token but keeps scrubbing it for the rest of the process', async () => {
    const vault = vaultWith();
    await vault.save('github', TOKEN, { connectedAs: '@octocat', checkedAt: API });
    expect(await vault.remove('github')).toBe(true);
    expect(await vault.remove('github')).toBe(false);
    expect(await vault.getToken('github', API)).toBeNull();
    expect(await vault.list()).toEqual([]);
    expect(vault.knownSecrets()).toEqual([TOKEN]);
  });

  it('unlock() makes knownSecrets cover every stored token from the start', async () => {
    const first = vaultWith();
    await first.save('github', TOKEN, { connectedAs: '@octocat', checkedAt: API });
    await first.save('slack', 'xoxb-slack-token', { connectedAs: '@bot in Acme', checkedAt: API });
    const next = vaultWith();
    expect(next.knownSecrets()).toEqual([]);
    await next.unlock();
    expect([...next.knownSecrets()].sort()).toEqual([TOKEN, 'xoxb-slack-token'].sort());
  });

  it('keeps every token when saves overlap', async () => {
    const vault = vaultWith();
    await Promise.all([
      vault.save('github', 'token-a', { connectedAs: '@a', checkedAt: API }),
      vault.save('circleci', 'token-b', { connectedAs: '@b', checkedAt: API }),
      vault.save('slack', 'token-c', { connectedAs: '@c', checkedAt: API }),
    ]);
    expect((await vault.list()).map((entry) => entry.service)).toEqual(['github', 'circleci', 'slack']);
  });
});
