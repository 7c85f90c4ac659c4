/**
 * What git said about a (main commit, branch commit) pair — ahead/behind, the merge base and
 * whether they merge cleanly — kept on disk. A pair of commits never changes its answer, so
 * these facts are safe forever; the file is bounded (least recently used pairs go first).
 * An unknown conflict (git failed) is never kept.
 */
import { z } from 'zod';
import { DiskCache } from '../cache/disk-cache';
import type { AheadBehindAndBase } from './ahead-behind';
import type { ConflictFacts } from '../../../shared/readiness/branch-facts';

export interface CommitPairFacts {
  readonly aheadBehind?: AheadBehindAndBase;
  readonly conflict?: Exclude<ConflictFacts, { kind: 'unknown' }>;
}

/** Where the reader keeps pair facts between processes (tests pass an in-memory one). */
export interface CommitPairStore {
  get(mainSha: string, branchSha: string): CommitPairFacts | undefined;
  /** Adds to what is known of the pair. */
  put(mainSha: string, branchSha: string, facts: CommitPairFacts): void;
  /** Writes what was added (the reader calls it after each read). */
  flush(): Promise<void>;
}

const pairFactsSchema: z.ZodType<CommitPairFacts> = z.object({
  aheadBehind: z.object({ ahead: z.number().int().nonnegative(), behind: z.number().int().nonnegative(), mergeBase: z.string().nullable() }).optional(),
  conflict: z.discriminatedUnion('kind', [z.object({ kind: z.literal('none') }), z.object({ kind: z.literal('conflicts'), files: z.array(z.string()) })]).optional(),
});

/** About 200 bytes a pair: 4 MB holds some 20,000 pairs, far more than one board needs. */
export const COMMIT_PAIR_CACHE_BYTES = 4 * 1024 * 1024;

export async function openCommitPairCache(file: string, maxBytes = COMMIT_PAIR_CACHE_BYTES): Promise<CommitPairStore> {
  const cache = await DiskCache.open({ file, kind: 'git-commit-pairs', version: 1, schema: pairFactsSchema, maxBytes });
  const key = (mainSha: string, branchSha: string) => `${mainSha}:${branchSha}`;
  return {
    get: (mainSha, branchSha) => cache.get(key(mainSha, branchSha)),
    put(mainSha, branchSha, facts) {
      const known = cache.get(key(mainSha, branchSha));
      cache.set(key(mainSha, branchSha), { ...known, ...facts });
    },
    flush: () => cache.flush(),
  };
}
