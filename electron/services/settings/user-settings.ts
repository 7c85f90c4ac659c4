/**
 * Per-user state (not the team's release configuration, which lives in release-desk.yml).
 * Stored through a small key-value interface: electron-store in the app, `conf` in the CLI
 * and tests; both are the same engine. Values read back are validated, so a hand-edited
 * settings file degrades to defaults with a warning instead of crashing the app.
 */
import { z } from 'zod';
import type { SavedEndpointStore } from '../connections/api-url-settings';
import type { TrustStore } from '../trust/workspace-trust';

export const UserSettingsSchema = z.object({
  /** Folders of workspaces the user has opened, most recent first. */
  workspaces: z.array(z.string()).default([]),
  /** Service API addresses set in Settings (GitHub Enterprise, ...); absent = the default. */
  endpoints: z
    .object({ github: z.string().optional(), circleci: z.string().optional(), slack: z.string().optional() })
    .default({}),
  /** Folders whose commands may run (workspace trust), by real path. */
  trustedFolders: z
    .array(z.object({ path: z.string(), trustedAt: z.string(), how: z.enum(['dialog', 'demo', 'command-line']) }))
    .default([]),
  notifications: z
    .object({ releaseSteps: z.boolean().default(true), monitorAlerts: z.boolean().default(true) })
    .default({ releaseSteps: true, monitorAlerts: true }),
});
export type UserSettings = z.infer<typeof UserSettingsSchema>;

export interface KeyValueStore {
  readonly store: Record<string, unknown>;
  set(key: string, value: unknown): void;
}

export interface SettingsReader {
  read(): UserSettings;
  /** Puts a workspace first in the recent list. */
  rememberWorkspace(folder: string): UserSettings;
  /** The saved service addresses, as the app's services read and write them. */
  readonly endpoints: SavedEndpointStore;
  /** The trusted folders, as the trust service reads and writes them. */
  readonly trust: TrustStore;
  /** Problems found the last time the stored file was read; empty when it was fine. */
  readonly problems: readonly string[];
}

export function createUserSettings(backing: KeyValueStore): SettingsReader {
  let problems: string[] = [];
  const read = (): UserSettings => {
    const parsed = UserSettingsSchema.safeParse(backing.store);
    if (parsed.success) {
      problems = [];
      return parsed.data;
    }
    problems = parsed.error.issues.map((issue) => `settings: ${issue.path.join('.')}: ${issue.message}`);
    return UserSettingsSchema.parse({});
  };
  return {
    read,
    rememberWorkspace(folder) {
      const current = read();
      const workspaces = [folder, ...current.workspaces.filter((known) => known !== folder)].slice(0, 20);
      backing.set('workspaces', workspaces);
      return { ...current, workspaces };
    },
    endpoints: {
      read: () => read().endpoints,
      write: (next) => backing.set('endpoints', next),
    },
    trust: {
      read: () => read().trustedFolders,
      write: (folders) => backing.set('trustedFolders', folders),
    },
    get problems() {
      return problems;
    },
  };
}
