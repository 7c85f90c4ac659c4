/**
 * Finished CircleCI results per branch head, kept on disk in the workspace's data folder so
 * a new process (the next CLI run, the app after a restart) asks CircleCI nothing about
 * heads whose workflows had all finished. A finished head never changes short of a re-run
 * (a new workflow), which a refresh of the head picks up once the branch moves.
 *
 * The file is a DiskCache (cache/disk-cache.ts): atomic writes, merged with other processes'
 * writes, bounded, and discarded when it is damaged, foreign or of another version. One
 * entry per (project, branch, head); entries of heads that are gone are deleted.
 */
import path from 'node:path';
import { z } from 'zod';
import { CheckResultSchema } from '../../../shared/readiness/board-schema';
import { DiskCache } from '../cache/disk-cache';
import type { CiBranchFacts } from '../readiness/readiness-service';

export const CIRCLECI_HEAD_STORE_FILE = path.join('cache', 'circleci-heads.cache');
export const CIRCLECI_HEAD_STORE_VERSION = 1;
/** 300 heads take about 60 kB. */
export const CIRCLECI_HEAD_STORE_BYTES = 4 * 1024 * 1024;

const RunHistorySchema = z.object({
  source: z.enum(['check', 'local-tests']),
  name: z.string(),
  sha: z.string(),
  outcomes: z.array(z.enum(['passed', 'failed'])),
});

const StoredHeadSchema = z.object({
  checks: z.array(CheckResultSchema),
  runHistory: z.array(RunHistorySchema),
});
type StoredValue = z.infer<typeof StoredHeadSchema>;

export interface StoredHead {
  readonly branch: string;
  readonly sha: string;
  readonly facts: CiBranchFacts;
}

export interface CircleCiHeadStore {
  /** The stored heads of this project; none when the file is missing, foreign or damaged. */
  load(): Promise<readonly StoredHead[]>;
  /** Keeps exactly these heads of this project (reported CI facts only). */
  save(heads: readonly StoredHead[]): Promise<void>;
}

export function circleCiHeadStore(dataDir: string, projectSlug: string, maxBytes = CIRCLECI_HEAD_STORE_BYTES): CircleCiHeadStore {
  const prefix = `${projectSlug}\u0000`;
  const keyOf = (branch: string, sha: string) => `${prefix}${branch}\u0000${sha}`;
  let opened: Promise<DiskCache<StoredValue>> | null = null;
  const open = () =>
    (opened ??= DiskCache.open({ file: path.join(dataDir, CIRCLECI_HEAD_STORE_FILE), kind: 'circleci-heads', version: CIRCLECI_HEAD_STORE_VERSION, schema: StoredHeadSchema, maxBytes }));
  return {
    async load() {
      const cache = await open();
      return cache.keys().flatMap((key): StoredHead[] => {
        if (!key.startsWith(prefix)) return [];
        const [branch, sha] = key.slice(prefix.length).split('\u0000');
        const value = cache.get(key);
        if (branch === undefined || sha === undefined || value === undefined) return [];
        const facts: CiBranchFacts = {
          pullRequest: null,
          ci: { kind: 'reported', sha, checks: value.checks },
          ...(value.runHistory.length === 0 ? {} : { runHistory: value.runHistory }),
        };
        return [{ branch, sha, facts }];
      });
    },
    async save(heads) {
      const cache = await open();
      const keep = new Set<string>();
      for (const head of heads) {
        if (head.facts.ci.kind !== 'reported') continue;
        const key = keyOf(head.branch, head.sha);
        keep.add(key);
        const value: StoredValue = { checks: [...head.facts.ci.checks], runHistory: (head.facts.runHistory ?? []).map((history) => ({ ...history, outcomes: [...history.outcomes] })) };
        if (JSON.stringify(cache.get(key)) !== JSON.stringify(value)) cache.set(key, value);
      }
      for (const key of cache.keys()) if (key.startsWith(prefix) && !keep.has(key)) cache.delete(key);
      await cache.flush();
    },
  };
}
