/**
 * The vault's file: JSON in the user-data folder, readable by the user alone (0600), each
 * token as base64 ciphertext. Written atomically (temporary file, then rename) so a crash
 * mid-write leaves the previous file whole. A file that cannot be understood is never
 * overwritten: the caller gets a DeskError and the tokens in it stay where they are.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ServiceIdSchema } from '../../../shared/domain/connections';
import { DeskError } from '../../../shared/ipc/result';

const StoredTokenSchema = z.object({
  /** base64 of the encryptor's output, or of the UTF-8 bytes when `encoding` is plaintext. */
  ciphertext: z.string().min(1),
  /** `plaintext` only when the user accepted storing without encryption and none existed. */
  encoding: z.enum(['safe-storage', 'plaintext']),
  /** The encryptor's backend when the token was saved, to explain a later decryption failure. */
  backend: z.string(),
  connectedAs: z.string(),
  savedAt: z.string(),
  /**
   * The origin (scheme://host:port) the token was checked against: the only one it is ever
   * sent to. Absent in files written before tokens were bound; such a token is not used.
   */
  origin: z.string().optional(),
});
export type StoredToken = z.infer<typeof StoredTokenSchema>;

const VaultFileSchema = z.object({
  version: z.literal(1),
  /** The per-user setting: the user accepted storing tokens without real encryption. */
  acceptPlaintextSecrets: z.object({ acceptedAt: z.string(), backend: z.string() }).nullable(),
  tokens: z.partialRecord(ServiceIdSchema, StoredTokenSchema),
});
export type VaultFile = z.infer<typeof VaultFileSchema>;

export const EMPTY_VAULT: VaultFile = { version: 1, acceptPlaintextSecrets: null, tokens: {} };

export async function readVaultFile(filePath: string): Promise<VaultFile> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_VAULT;
    throw new DeskError(
      'unavailable',
      `The token vault ${filePath} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw damaged(filePath, 'it is not valid JSON');
  }
  const parsed = VaultFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'the file' : issue.path.map(String).join('.');
    throw damaged(filePath, `${where}: ${issue?.message ?? 'unexpected content'}`);
  }
  return parsed.data;
}

export async function writeVaultFile(filePath: string, content: VaultFile): Promise<void> {
  const folder = path.dirname(filePath);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = path.join(folder, `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // `wx`: never follow or reuse something already at the temporary name.
    await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    // The mode above is filtered by the umask; this makes 0600 exact.
    await chmod(temporary, 0o600);
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new DeskError(
      'unavailable',
      `The token vault ${filePath} could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
}

function damaged(filePath: string, what: string): DeskError {
  return new DeskError(
    'unavailable',
    `The token vault ${filePath} is damaged (${what}). Release Desk left it untouched; move it aside ` +
      'to start over, then connect your services again.',
  );
}
