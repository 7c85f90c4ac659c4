/**
 * Workspace trust (VS Code's Workspace Trust is the model): a folder's release-desk.yml names
 * commands — local tests, local CI, stage1, switchover, rollback, preflight, currentVersion —
 * and none of them runs until the user has trusted the folder. Git and CI are still read.
 *
 * Trust is per folder, keyed by its resolved real path (a symlink or `..` cannot dodge it),
 * kept in the user settings, and revocable. Code that runs a workspace command must hold a
 * WorkspaceTrust, which only this module can issue: a service that forgot to ask cannot
 * compile a call to the runner.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** How a folder came to be trusted (shown in Settings). */
export type TrustSource = 'dialog' | 'demo' | 'command-line';

export interface TrustedFolder {
  readonly path: string;
  readonly trustedAt: string;
  readonly how: TrustSource;
}

/** Where trusted folders are kept (the user settings in the app and the CLI, memory in the bridge). */
export interface TrustStore {
  read(): readonly TrustedFolder[];
  write(folders: readonly TrustedFolder[]): void;
}

const ISSUER: unique symbol = Symbol('workspace-trust issuer');

/**
 * Proof that the user trusted `folder`. Checked again before every command (`stillTrusted`),
 * so a revoke stops runs that were already queued.
 */
export class WorkspaceTrust {
  readonly folder: string;
  readonly #stillTrusted: () => Promise<boolean>;

  /** Only this module holds ISSUER: nothing else can make a WorkspaceTrust. */
  constructor(issuer: typeof ISSUER, folder: string, stillTrusted: () => Promise<boolean>) {
    if (issuer !== ISSUER) throw new TypeError('a WorkspaceTrust is issued by the trust service only');
    this.folder = folder;
    this.#stillTrusted = stillTrusted;
  }

  stillTrusted(): Promise<boolean> {
    return this.#stillTrusted();
  }
}

export type TrustDecision =
  | { readonly kind: 'trusted'; readonly trust: WorkspaceTrust }
  | { readonly kind: 'untrusted'; readonly folder: string };

export interface TrustService {
  /** Whether `folder` (any spelling of it) is trusted now, with the token when it is. */
  decide(folder: string): Promise<TrustDecision>;
  grant(folder: string, how: TrustSource): Promise<void>;
  /** Returns whether the folder had been trusted. */
  revoke(folder: string): Promise<boolean>;
  list(): readonly TrustedFolder[];
}

export interface TrustServiceDeps {
  readonly store: TrustStore;
  readonly now?: () => Date;
}

/**
 * The folder's real path: the key trust is kept under. A folder that does not exist keeps its
 * resolved path. Synchronous on purpose: a few lstat calls, microseconds, where a thread-pool
 * round trip costs milliseconds on a loaded machine before a rollback may start.
 */
export async function trustKeyOf(folder: string): Promise<string> {
  const resolved = path.resolve(folder);
  try {
    return realpathSync.native(resolved);
  } catch {
    return resolved;
  }
}

export function createTrustService(deps: TrustServiceDeps): TrustService {
  const now = deps.now ?? (() => new Date());
  const isTrusted = (key: string) => deps.store.read().some((entry) => entry.path === key);
  return {
    async decide(folder) {
      const key = await trustKeyOf(folder);
      if (!isTrusted(key)) return { kind: 'untrusted', folder: key };
      return { kind: 'trusted', trust: new WorkspaceTrust(ISSUER, key, async () => isTrusted(key)) };
    },
    async grant(folder, how) {
      const key = await trustKeyOf(folder);
      const others = deps.store.read().filter((entry) => entry.path !== key);
      deps.store.write([...others, { path: key, trustedAt: now().toISOString(), how }]);
    },
    async revoke(folder) {
      const key = await trustKeyOf(folder);
      const before = deps.store.read();
      const after = before.filter((entry) => entry.path !== key);
      deps.store.write(after);
      return after.length !== before.length;
    },
    list: () => deps.store.read(),
  };
}

/**
 * The CLI's trust: a folder the user named on this command line (--workspace or
 * RELEASE_DESK_WORKSPACE) is trusted for this run, as running a tool in a folder you chose is.
 * Never issued for the app's remembered workspace.
 */
export async function trustNamedFolder(folder: string): Promise<WorkspaceTrust> {
  return new WorkspaceTrust(ISSUER, await trustKeyOf(folder), async () => true);
}

export function memoryTrustStore(initial: readonly TrustedFolder[] = []): TrustStore {
  let folders = [...initial];
  return {
    read: () => folders,
    write: (next) => {
      folders = [...next];
    },
  };
}
