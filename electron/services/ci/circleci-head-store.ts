/**
 * Finished CircleCI results per branch head, kept on disk in the workspace's data folder so
 * a new process (the next CLI run, the app after a restart) asks CircleCI nothing about
 * heads whose workflows had all finished. A finished head never changes short of a re-run
 * (a new workflow), which the next push or an explicit refresh of that head picks up.
 *
 * One JSON file, written whole to a temporary file and renamed over the old one, so a
 * reader sees the old or the new file and never half of one; two writers race harmlessly
 * (the last one wins, the other's heads are asked again). A file of another version, of
 * another project, or that does not parse is discarded, never trusted.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CheckResultSchema } from '../../../shared/readiness/board-schema';
import type { CiBranchFacts } from '../readiness/readiness-service';

export const CIRCLECI_HEAD_STORE_FILE = 'circleci-heads.json';
export const CIRCLECI_HEAD_STORE_VERSION = 1;
/** More heads than any board shows; the oldest entries go first beyond it. */
export const CIRCLECI_HEAD_STORE_LIMIT = 5000;

const RunHistorySchema = z.object({
  source: z.enum(['check', 'local-tests']),
  name: z.string(),
  sha: z.string(),
  outcomes: z.array(z.enum(['passed', 'failed'])),
});

const StoredHeadSchema = z.object({
  branch: z.string(),
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  checks: z.array(CheckResultSchema),
  runHistory: z.array(RunHistorySchema),
});

const StoreFileSchema = z.object({
  version: z.literal(CIRCLECI_HEAD_STORE_VERSION),
  projectSlug: z.string(),
  heads: z.array(StoredHeadSchema),
});

export interface StoredHead {
  readonly branch: string;
  readonly sha: string;
  readonly facts: CiBranchFacts;
}

export interface CircleCiHeadStore {
  /** The stored heads; none when the file is missing, foreign or damaged. */
  load(): Promise<readonly StoredHead[]>;
  save(heads: readonly StoredHead[]): Promise<void>;
}

export function circleCiHeadStore(dataDir: string, projectSlug: string): CircleCiHeadStore {
  const file = path.join(dataDir, CIRCLECI_HEAD_STORE_FILE);
  let lastWritten: string | null = null;
  return {
    async load() {
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text === null) return [];
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return [];
      }
      const parsed = StoreFileSchema.safeParse(json);
      if (!parsed.success || parsed.data.projectSlug !== projectSlug) return [];
      lastWritten = text;
      return parsed.data.heads.map((head) => ({
        branch: head.branch,
        sha: head.sha,
        facts: {
          pullRequest: null,
          ci: { kind: 'reported', sha: head.sha, checks: head.checks },
          ...(head.runHistory.length === 0 ? {} : { runHistory: head.runHistory }),
        },
      }));
    },
    async save(heads) {
      const stored = heads.slice(-CIRCLECI_HEAD_STORE_LIMIT).flatMap((head) =>
        head.facts.ci.kind === 'reported' ? [{ branch: head.branch, sha: head.sha, checks: head.facts.ci.checks, runHistory: head.facts.runHistory ?? [] }] : [],
      );
      const text = `${JSON.stringify({ version: CIRCLECI_HEAD_STORE_VERSION, projectSlug, heads: stored })}\n`;
      if (text === lastWritten) return;
      await mkdir(dataDir, { recursive: true });
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, file);
      lastWritten = text;
    },
  };
}
