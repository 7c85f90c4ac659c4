/**
 * The last valid release-desk.yml of a workspace, kept in its data folder, so a broken edit
 * of the file never takes the rollback away: the app's workspace session keeps the last
 * valid configuration in memory, and this copy on disk does the same for the CLI (and for
 * an app started while the file is broken). Written after each valid load, read only when
 * the file is invalid or unreadable.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';

export interface SavedConfig {
  readonly config: WorkspaceConfig;
  /** SHA-256 of the release-desk.yml bytes it was parsed from, when known: equal -> it is the file's own config. */
  readonly sourceHash?: string;
  /** When it was saved (ISO), for the warning that says it is used. */
  readonly savedAt: string;
}

export function lastValidConfigFile(dataDir: string): string {
  return path.join(dataDir, 'last-valid-release-desk.json');
}

const written = new Map<string, string>();

/** Saves `config` unless this process saved the same one already (cheap to call on every use). */
export async function saveLastValidConfig(dataDir: string, config: WorkspaceConfig, now: Date = new Date(), sourceHash?: string): Promise<void> {
  const file = lastValidConfigFile(dataDir);
  const text = JSON.stringify([config, sourceHash]);
  if (written.get(file) === text) return;
  await mkdir(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ savedAt: now.toISOString(), ...(sourceHash === undefined ? {} : { sourceHash }), config })}\n`, { mode: 0o600 });
  await rename(temporary, file);
  written.set(file, text);
}

/** The saved configuration, or null when there is none or it is not one (then nothing is used). */
export async function readLastValidConfig(dataDir: string): Promise<SavedConfig | null> {
  try {
    const parsed = JSON.parse(await readFile(lastValidConfigFile(dataDir), 'utf8')) as { savedAt?: unknown; config?: unknown; sourceHash?: unknown };
    const config = parsed.config as WorkspaceConfig | undefined;
    if (typeof parsed.savedAt !== 'string' || config === undefined || typeof config !== 'object' || config === null) return null;
    if (typeof config.environments !== 'object' || typeof config.people !== 'object' || typeof config.repository?.path !== 'string') return null;
    return { config, savedAt: parsed.savedAt, ...(typeof parsed.sourceHash === 'string' ? { sourceHash: parsed.sourceHash } : {}) };
  } catch {
    return null;
  }
}
