/**
 * Local test results and manual sign-offs, per workspace, in an append-only JSON-lines
 * file. Nothing is ever rewritten: the latest record for a branch wins, a line that cannot
 * be read is reported (file and line) and skipped, and every earlier record stays on disk.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { LocalTestFacts, SignOffFacts } from '../../../shared/readiness/branch-facts';
import { LOCAL_TESTS_RUN_NAME, type RunHistory } from '../../../shared/readiness/run-history';

const Sha = z.string().regex(/^[0-9a-f]{40}$/, 'a full 40-character commit SHA');

const LocalTestRecordSchema = z.object({
  type: z.literal('local-tests'),
  branch: z.string().min(1),
  sha: Sha,
  outcome: z.enum(['passed', 'failed']),
  at: z.string(),
  durationMs: z.number().nonnegative(),
  /** Why it failed when not by its own exit code (timed out, ...). */
  note: z.string().optional(),
  logFile: z.string(),
  /** Who ran it; older records do not say. */
  by: z.string().min(1).optional(),
});

const SignOffRecordSchema = z.object({
  type: z.literal('sign-off'),
  branch: z.string().min(1),
  sha: Sha,
  by: z.string().min(1),
  at: z.string(),
  items: z.array(z.string()),
});

/** A run of the `local` CI provider: the test command on a pushed head, run automatically. */
const CiRunRecordSchema = z.object({
  type: z.literal('ci'),
  branch: z.string().min(1),
  sha: Sha,
  check: z.string().min(1),
  state: z.enum(['success', 'failure', 'error', 'timed-out']),
  at: z.string(),
  durationMs: z.number().nonnegative(),
  logFile: z.string(),
});

const RecordSchema = z.discriminatedUnion('type', [LocalTestRecordSchema, SignOffRecordSchema, CiRunRecordSchema]);
export type LocalTestRecord = z.infer<typeof LocalTestRecordSchema>;
export type SignOffRecord = z.infer<typeof SignOffRecordSchema>;
export type CiRunRecord = z.infer<typeof CiRunRecordSchema>;
export type ReadinessRecord = z.infer<typeof RecordSchema>;

export interface BranchRecords {
  readonly localTests: LocalTestFacts | null;
  readonly signOff: SignOffFacts | null;
  readonly localTestLog: string | null;
}

export interface RecordsSnapshot {
  readonly forBranch: (branch: string) => BranchRecords;
  /** The log of the latest local test run of this exact commit of the branch, if any. */
  readonly localTestLog: (branch: string, sha: string) => string | null;
  /** Every recorded local test run of the branch, oldest first (each with its commit). */
  readonly localTestRuns: (branch: string) => readonly LocalTestFacts[];
  /** The local test runs of this commit of the branch as a run history (for flakiness). */
  readonly localTestHistory: (branch: string, sha: string) => RunHistory | null;
  /** The latest `local` CI run of this exact commit of the branch, if any. */
  readonly ciRun: (branch: string, sha: string) => CiRunRecord | null;
  /** Lines that could not be read, as `file:LINE: what is wrong`. */
  readonly problems: readonly string[];
}

export const RECORDS_FILE = 'readiness-records.jsonl';

/** The records as a seed sees them: it reads and appends before anyone else may read. */
export type RecordsAccess = Pick<ReadinessRecords, 'read' | 'append'>;

export class ReadinessRecords {
  readonly file: string;
  private seeding: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, RECORDS_FILE);
  }

  /**
   * Runs `seed` (e.g. the demo team's earlier work) before any read answers, so nobody sees
   * the records half seeded. A seed that fails is reported and the records stay as they are.
   */
  seed(seed: (records: RecordsAccess) => Promise<void>, onError: (error: unknown) => void): void {
    const raw: RecordsAccess = { read: () => this.readNow(), append: (record) => this.append(record) };
    this.seeding = seed(raw).catch(onError);
  }

  /** Resolves once seeding has ended (stop waits for it: a seed runs tests in worktrees). */
  seeded(): Promise<void> {
    return this.seeding;
  }

  async append(record: ReadinessRecord): Promise<void> {
    const checked = RecordSchema.parse(record);
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(checked)}\n`, { mode: 0o600 });
  }

  async read(): Promise<RecordsSnapshot> {
    await this.seeding;
    return this.readNow();
  }

  private async readNow(): Promise<RecordsSnapshot> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const latestTests = new Map<string, LocalTestRecord>();
    const latestSignOffs = new Map<string, SignOffRecord>();
    const ciRuns = new Map<string, CiRunRecord>();
    const testLogs = new Map<string, string>();
    const testRuns = new Map<string, LocalTestFacts[]>();
    const problems: string[] = [];
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `${this.file}:${index + 1}`;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        problems.push(`${where}: not JSON`);
        return;
      }
      const parsed = RecordSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        problems.push(`${where}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid record'}`);
        return;
      }
      const record = parsed.data;
      if (record.type === 'local-tests') {
        latestTests.set(record.branch, record);
        testLogs.set(`${record.branch}\0${record.sha}`, record.logFile);
        const runs = testRuns.get(record.branch) ?? [];
        runs.push(localTestFacts(record));
        testRuns.set(record.branch, runs);
      }
      else if (record.type === 'sign-off') latestSignOffs.set(record.branch, record);
      else ciRuns.set(`${record.branch}\0${record.sha}`, record);
    });
    return {
      problems,
      ciRun: (branch, sha) => ciRuns.get(`${branch}\0${sha}`) ?? null,
      localTestLog: (branch, sha) => testLogs.get(`${branch}\0${sha}`) ?? null,
      localTestRuns: (branch) => testRuns.get(branch) ?? [],
      localTestHistory: (branch, sha) => {
        const outcomes = (testRuns.get(branch) ?? []).filter((run) => run.sha === sha).map((run) => run.outcome);
        return outcomes.length === 0 ? null : { source: 'local-tests', name: LOCAL_TESTS_RUN_NAME, sha, outcomes };
      },
      forBranch: (branch) => {
        const tests = latestTests.get(branch);
        const signOff = latestSignOffs.get(branch);
        return {
          localTests: tests === undefined ? null : localTestFacts(tests),
          localTestLog: tests?.logFile ?? null,
          signOff: signOff === undefined ? null : { sha: signOff.sha, by: signOff.by, at: signOff.at, items: signOff.items },
        };
      },
    };
  }
}

function localTestFacts(record: LocalTestRecord): LocalTestFacts {
  return { sha: record.sha, outcome: record.outcome, at: record.at, durationMs: record.durationMs, ...(record.by === undefined ? {} : { by: record.by }) };
}
