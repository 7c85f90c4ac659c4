/**
 * Who delivers: one process per outbox folder at a time (the app, or a CLI run while the
 * app is closed), so two processes never post the same message at once. Every process may
 * enqueue; only the lock holder sends. The lock is a file created with O_EXCL holding the
 * owner's pid and instance id; a lock whose process is gone (crash, kill -9) is taken
 * over, as is one left by an instance of this very process that no longer runs.
 */
import { randomUUID } from 'node:crypto';
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

export const LOCK_FILE = 'deliverer.lock';

/** Instances alive in this process: a lock naming our pid but none of these is stale. */
const liveInstances = new Set<string>();

export class DelivererLock {
  private readonly path: string;
  private readonly instance = randomUUID();
  private held = false;

  constructor(dir: string) {
    this.path = path.join(dir, LOCK_FILE);
    liveInstances.add(this.instance);
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Takes the lock if it is free or stale; true when this instance holds it. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    for (let round = 0; round < 2; round += 1) {
      try {
        const handle = await open(this.path, 'wx', 0o600);
        try {
          await handle.writeFile(JSON.stringify({ pid: process.pid, instance: this.instance, at: new Date().toISOString() }));
          await handle.sync();
        } finally {
          await handle.close();
        }
        this.held = true;
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (!(await this.isStale())) return false;
      await unlink(this.path).catch(() => undefined);
    }
    return false;
  }

  /** Gives the lock up (only if this instance holds it) and forgets the instance. */
  async release(): Promise<void> {
    liveInstances.delete(this.instance);
    if (!this.held) return;
    this.held = false;
    const owner = await readOwner(this.path);
    if (owner?.instance === this.instance) await unlink(this.path).catch(() => undefined);
  }

  private async isStale(): Promise<boolean> {
    const owner = await readOwner(this.path);
    // Unreadable: a holder crashed between creating and writing it, or is writing now.
    // Only the first case is stale, and it cannot be told apart here: wait for the next try.
    if (owner === null) return false;
    if (owner.pid === process.pid) return !liveInstances.has(owner.instance);
    return !processIsAlive(owner.pid);
  }
}

async function readOwner(file: string): Promise<{ pid: number; instance: string } | null> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown; instance?: unknown };
    return typeof value.pid === 'number' && typeof value.instance === 'string' ? { pid: value.pid, instance: value.instance } : null;
  } catch {
    return null;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
