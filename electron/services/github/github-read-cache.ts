/**
 * The GitHub reader's state kept on disk (disk-cache.ts), one entry per API root and
 * repository, so that the app and every CLI run start where the last reader stopped:
 *  - REST probes (branch list, open pull requests) go out with the ETags kept here; GitHub
 *    answers 304 when nothing changed, and a 304 costs no rate limit.
 *  - GraphQL has no ETags. Its per-branch results are reused by this freshness rule (the
 *    reader's): a head whose checks had all finished, on a branch whose head did not move and
 *    with the open pull requests unchanged, is not asked again until 10 minutes after it was
 *    read (`recheckCompleteAfterMs`); a head with checks still running is asked every time.
 * What is read back is checked against the schema below; a file that fails is discarded.
 */
import { z } from 'zod';
import { CheckResultSchema, LocalTestFactsSchema, PullRequestFactsSchema, SignOffFactsSchema } from '../../../shared/readiness/board-schema';
import { DiskCache } from '../cache/disk-cache';
import type { ReaderState } from './github-readiness';

/** Where a GitHub CI source keeps its reader's state between processes. */
export interface GitHubReadStore {
  load(): Promise<ReaderState | null>;
  save(state: ReaderState): Promise<void>;
}

const remoteCiSchema = z.object({
  branch: z.string(),
  sha: z.string(),
  checks: z.array(CheckResultSchema),
  complete: z.boolean(),
  pullRequest: PullRequestFactsSchema.nullable(),
  team: z.object({ localTests: LocalTestFactsSchema.nullable(), signOff: SignOffFactsSchema.nullable() }),
  runHistory: z
    .array(z.object({ source: z.enum(['check', 'local-tests']), name: z.string(), sha: z.string(), outcomes: z.array(z.enum(['passed', 'failed'])) }))
    .optional(),
});

/** The bodies kept: a branch list page's names and heads, or nothing (the pull requests probe). */
const keptBodySchema = z.union([z.null(), z.array(z.object({ name: z.string(), commit: z.object({ sha: z.string() }) }))]);

const readerStateSchema: z.ZodType<ReaderState> = z.object({
  fetchedAt: z.string(),
  branches: z.array(z.tuple([z.string(), z.object({ ci: remoteCiSchema, checkedAt: z.number() })])),
  etags: z.array(z.tuple([z.string(), z.object({ etag: z.string(), data: keptBodySchema, link: z.string().optional() })])),
});

/** One repository of 300 branches takes about 100 kB. */
export const GITHUB_READ_CACHE_BYTES = 8 * 1024 * 1024;

export function githubReadStore(file: string, apiRoot: string, slug: string, maxBytes = GITHUB_READ_CACHE_BYTES): GitHubReadStore {
  const key = `${apiRoot} ${slug}`;
  let opened: Promise<DiskCache<ReaderState>> | null = null;
  // Version 2: run histories hold every page of a head's check runs; a version 1 file may hold part of them.
  const open = () => (opened ??= DiskCache.open({ file, kind: 'github-readiness', version: 2, schema: readerStateSchema, maxBytes }));
  return {
    load: async () => (await open()).get(key) ?? null,
    async save(state) {
      const cache = await open();
      cache.set(key, state);
      await cache.flush();
    },
  };
}
