/**
 * One open workspace: re-reads release-desk.yml when asked and keeps the last valid
 * configuration loaded while the file is broken, so a half-finished edit never takes the
 * release tooling away from the team (the problems are reported alongside).
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { formatConfigProblems, type ConfigProblem } from '../../../shared/config/config-problem';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { WorkspaceStatus } from '../../../shared/domain/app';
import { configFileOf, loadWorkspaceConfig } from './load-config';
import { folderProblem } from './workspace-status';

export interface WorkspaceSnapshot {
  readonly status: WorkspaceStatus;
  /** The last valid configuration, even while the file is currently invalid. */
  readonly config: WorkspaceConfig | null;
  /** What is wrong with the file now (empty when it is valid). */
  readonly problems: readonly ConfigProblem[];
}

export interface WorkspaceSession {
  readonly folder: string;
  /** Re-reads the file if it changed since the last read (cheap: one stat). */
  refresh(): Promise<WorkspaceSnapshot>;
  /** Re-reads the file unconditionally ("Check again"). */
  reload(): Promise<WorkspaceSnapshot>;
  /** Calls `onChange` after each change of the file has been re-read; returns a stop function. */
  watch(onChange: (snapshot: WorkspaceSnapshot) => void): () => void;
}

export function openWorkspaceSession(workspaceFolder: string): WorkspaceSession {
  const folder = path.resolve(workspaceFolder);
  const file = configFileOf(folder);
  let lastValid: WorkspaceConfig | null = null;
  let snapshot: WorkspaceSnapshot | null = null;
  let readStamp: string | null = null;

  const reload = async (): Promise<WorkspaceSnapshot> => {
    readStamp = await stampOf(file);
    const problemInFolder = await folderProblem(folder);
    if (problemInFolder !== null) {
      snapshot = invalid([problemInFolder], []);
      return snapshot;
    }
    const load = await loadWorkspaceConfig(folder);
    switch (load.kind) {
      case 'valid':
        lastValid = load.config;
        snapshot = { status: { kind: 'ready', path: folder, name: load.config.name }, config: lastValid, problems: [] };
        break;
      case 'invalid':
        snapshot = invalid(formatConfigProblems(load.problems, load.moreProblems), load.problems);
        break;
      case 'unreadable':
        snapshot = invalid([`${load.file}: ${load.reason}`], []);
        break;
    }
    return snapshot;
  };

  const invalid = (lines: readonly string[], problems: readonly ConfigProblem[]): WorkspaceSnapshot => ({
    status: { kind: 'invalid', path: folder, problems: lines, usingLastValid: lastValid !== null },
    config: lastValid,
    problems,
  });

  const refresh = async (): Promise<WorkspaceSnapshot> => {
    if (snapshot !== null && (await stampOf(file)) === readStamp) return snapshot;
    return reload();
  };

  return {
    folder,
    refresh,
    reload,
    watch(onChange) {
      let watcher: FSWatcher | null = null;
      let timer: NodeJS.Timeout | null = null;
      try {
        // The folder, not the file: editors save by replacing the file, which ends a file watch.
        watcher = watch(folder, (_event, name) => {
          if (name !== null && name !== path.basename(file)) return;
          if (timer !== null) clearTimeout(timer);
          timer = setTimeout(() => {
            timer = null;
            void refresh().then(onChange, () => undefined);
          }, 50);
        });
        watcher.on('error', () => watcher?.close());
      } catch {
        // No watching where the platform refuses; refresh() on demand still works.
      }
      return () => {
        if (timer !== null) clearTimeout(timer);
        watcher?.close();
      };
    },
  };
}

/** Sessions by folder, so the app keeps each workspace's last valid configuration. */
export function createWorkspaceSessions(): (folder: string) => WorkspaceSession {
  const sessions = new Map<string, WorkspaceSession>();
  return (folder) => {
    const key = path.resolve(folder);
    let session = sessions.get(key);
    if (session === undefined) {
      session = openWorkspaceSession(key);
      sessions.set(key, session);
    }
    return session;
  };
}

/** What identifies one version of the file, without reading it. */
async function stampOf(file: string): Promise<string> {
  const info = await stat(file).catch(() => null);
  return info === null ? 'absent' : `${info.ino}:${info.size}:${info.mtimeMs}`;
}
