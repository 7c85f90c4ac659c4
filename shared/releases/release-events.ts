/**
 * The release journal's events: every fact about releases, as written to the journal file
 * (one JSON object per line). The journal is the only store of release state; the state of
 * a release is a pure fold of these events (fold-release.ts), and what may happen next is
 * allowed-actions.ts. Audit (verify, export, metrics) reads the same events.
 *
 * Every event has the same envelope — `seq`, `at`, `actor`, `type`, `releaseId`,
 * `environment`, `data`, `prev`, `hash` — and is hash-chained: `prev` is the previous event's
 * `hash` (GENESIS_HASH for the first), `hash` is the SHA-256 (hex) of
 * `canonicalEncoding(event without hash)` (canonical-encoding.ts). New event types may be
 * added later without changing the envelope or the encoding, so old journals stay valid.
 */
import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly';
import { STEP_NAMES } from './release-constants';
import { ReadinessSnapshotSchema } from './readiness-snapshot';

/** GENESIS_HASH, and STEP_NAMES: the commands a release runs, in flow order (`current-version` and `teardown` are helpers). */
export { GENESIS_HASH, STEP_NAMES } from './release-constants';
export const StepNameSchema = z.enum(STEP_NAMES);
export type StepName = z.infer<typeof StepNameSchema>;

/** Everything the rules can refuse or allow; `override` events name one of these. */
export const RELEASE_ACTIONS = [
  'plan',
  'edit-engineers',
  'start-stage1',
  'sign-off',
  'preflight',
  'switchover',
  'mark-healthy',
  'mark-faulty',
  'merge',
  'abort',
  'resolve-inconclusive',
  'rollback',
  'unlock',
] as const;
export const ReleaseActionSchema = z.enum(RELEASE_ACTIONS);
export type ReleaseAction = z.infer<typeof ReleaseActionSchema>;

/** `r` + the seq of the release's `planned` event: unique per journal, short enough to say aloud. */
export const ReleaseIdSchema = z.string().regex(/^r[1-9][0-9]*$/, 'must be a release id such as r12');
export const FullShaSchema = z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-character commit SHA');
const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex');
/** A person as `people` in release-desk.yml names them: a GitHub login or a git e-mail; or `release-desk`. */
export const PersonSchema = z.string().min(1).max(200);
const Text = (max: number) => z.string().max(max);
/** A written reason: overrides, aborts, unlocks. Never empty. */
export const ReasonSchema = z.string().trim().min(3, 'a written reason is required').max(2000);

export const StepOutcomeSchema = z.enum(['succeeded', 'failed', 'timed-out', 'cancelled', 'failed-to-start']);
export type StepOutcome = z.infer<typeof StepOutcomeSchema>;

/** What a step checked after its command ended (all optional: each step fills its own). */
export const StepFactsSchema = z.strictObject({
  /** stage1: the preview's address (from `PREVIEW_URL=` in the output or the template). */
  previewUrl: z.string().max(2048).optional(),
  /** stage1: whether the preview answered its probe, and how. */
  previewAnswered: z.boolean().optional(),
  /** preflight / switchover / current-version / rollback: what production reported afterwards. */
  productionVersion: FullShaSchema.nullable().optional(),
  /** preflight: production's version before Stage 2 — the rollback target (PREVIOUS_SHA). */
  previousSha: FullShaSchema.optional(),
  /** switchover / rollback: every health probe answered as expected. */
  healthy: z.boolean().optional(),
  /** merge: the merge commit on the main branch. */
  mergeCommit: FullShaSchema.optional(),
  mergeMethod: z.enum(['pull-request', 'git']).optional(),
  pullRequest: z.number().int().positive().optional(),
  /** Probe readings, one line each ("web: 200 in 12 ms, version 3f1c2ab"). */
  probes: z.array(Text(500)).max(50).optional(),
});

const planned = z.strictObject({
  branch: z.string().min(1).max(255),
  sha: FullShaSchema,
  mainBranch: z.string().min(1).max(255),
  coordinator: PersonSchema,
  onCall: PersonSchema,
  engineers: z.array(PersonSchema).min(1).max(50),
  /** The pull request of the branch when GitHub knows one. */
  pullRequest: z.strictObject({ number: z.number().int().positive(), url: z.string().max(2048), title: Text(1000) }).optional(),
  /** What readiness knew of the branch at plan time (reviews, CI, local tests, sign-off); absent in older journals. */
  readiness: ReadinessSnapshotSchema.optional(),
  /**
   * The committer time (UTC) of the branch's oldest commit not on the main branch, read at plan
   * time: the change lead time starts there, also for a release rolled back before its merge
   * (whose release notes are never written). Absent in older journals and for a branch with no
   * commit of its own.
   */
  firstCommitAt: z.iso.datetime({ offset: false, precision: 3 }).optional(),
});

const stepStarted = z.strictObject({
  step: StepNameSchema,
  /** 1 for the first run of this step in this release, then 2, 3… (a retried Stage 1). */
  attempt: z.number().int().positive(),
  /** The command as configured, redacted (for the record; values went in as environment). */
  command: Text(4000),
  /** The full output's file, relative to the workspace's data folder. */
  logFile: Text(1000),
});

const stepFinished = z.strictObject({
  step: StepNameSchema,
  attempt: z.number().int().positive(),
  outcome: StepOutcomeSchema,
  exitCode: z.number().int().nullable(),
  durationMs: z.number().int().nonnegative(),
  /** One sentence: what happened ("exit 0; production reports 3f1c2ab and is healthy"). */
  message: Text(2000),
  facts: StepFactsSchema,
});

/**
 * The journal's event types and their data. `releaseId` is null only for environment-level
 * facts (a lock taken or released outside a release, an acknowledged audit problem).
 */
export const EVENT_DATA = {
  /** A coordinator planned a release of `branch` at `sha` (frozen from here on). */
  planned,
  /** The involved engineers were changed before Stage 2. */
  'engineers-changed': z.strictObject({ engineers: z.array(PersonSchema).min(1).max(50) }),
  /** The intent: appended and fsync'ed before the step's command is spawned. */
  'step-started': stepStarted,
  /** The outcome, after the command ended and its checks ran. */
  'step-finished': stepFinished,
  /** An involved engineer exercised the preview and signs it off. */
  'signed-off': z.strictObject({ engineer: PersonSchema, note: Text(2000).optional() }),
  /** Someone does what the rules refused (`refusal`), with a written reason; precedes the action. */
  override: z.strictObject({ action: ReleaseActionSchema, refusal: Text(1000), reason: ReasonSchema }),
  /**
   * A step had an intent and no outcome (the process died). Someone asked production what it
   * runs and recorded what the step actually achieved.
   */
  'inconclusive-resolved': z.strictObject({
    step: StepNameSchema,
    attempt: z.number().int().positive(),
    observedVersion: FullShaSchema.nullable(),
    resolution: z.enum(['succeeded', 'failed']),
    note: Text(2000).optional(),
  }),
  /** The coordinator's verdict after watching production. */
  verdict: z.strictObject({
    verdict: z.enum(['healthy', 'faulty']),
    note: Text(2000).optional(),
    /** Marked healthy before the watch window ended (confirmed): how much of the window was left. Absent in older journals. */
    watchRemainingMs: z.number().int().positive().optional(),
  }),
  /**
   * The watch window ended (a verdict, a rollback or its time ran out): what the monitor saw of
   * production during it, per probe. The samples themselves stay in `samplesFile` (relative to the
   * workspace's data folder) for the evidence report.
   */
  'watch-summary': z.strictObject({
    samplesFile: Text(1000),
    probes: z
      .array(
        z.strictObject({
          probe: z.string().min(1).max(100),
          samples: z.number().int().nonnegative(),
          /** Share of ok samples, 0..1; null with no samples. */
          uptime: z.number().min(0).max(1).nullable(),
          latencyP50Ms: z.number().nonnegative().nullable(),
          latencyP95Ms: z.number().nonnegative().nullable(),
          /** How many times an alert was raised on this probe. */
          alerts: z.number().int().nonnegative(),
          firstAt: z.number().int().nonnegative().nullable(),
          lastAt: z.number().int().nonnegative().nullable(),
        }),
      )
      .max(50),
  }),
  /** The branch reached the main branch. */
  merged: z.strictObject({
    method: z.enum(['pull-request', 'git']),
    mergeCommit: FullShaSchema,
    pullRequest: z.number().int().positive().optional(),
  }),
  /** The commits released (PREVIOUS_SHA..RELEASE_SHA), for the record and the evidence report. */
  'release-notes': z.strictObject({
    commits: z
      .array(
        z.strictObject({
          sha: FullShaSchema,
          subject: Text(1000),
          author: Text(200),
          pullRequest: z.strictObject({ number: z.number().int().positive(), title: Text(1000) }).optional(),
          /** The commit's committer time (UTC): the change lead time starts at the branch's first commit. Absent in older journals. */
          committedAt: z.iso.datetime({ offset: false, precision: 3 }).optional(),
        }),
      )
      .max(1000),
  }),
  /** The release ended before Stage 2. */
  aborted: z.strictObject({ reason: ReasonSchema }),
  /** Production was rolled back from `fromSha` to `toSha`; `healthy` is what was checked afterwards. */
  'rolled-back': z.strictObject({
    fromSha: FullShaSchema.nullable(),
    toSha: FullShaSchema,
    healthy: z.boolean(),
    message: Text(2000),
  }),
  /** The environment refuses new releases until unlocked (taken after every rollback). */
  'lock-taken': z.strictObject({ reason: ReasonSchema }),
  'lock-released': z.strictObject({ reason: ReasonSchema }),
  /**
   * Someone read a failed journal verify (shared/audit/verify-journal.ts) and acknowledged it
   * with a reason: the app's banner hides until verify finds something else. `firstBadSeq` is
   * null when the first bad line has no readable seq; `head` is the journal's head when
   * acknowledged. Not a release fact: the folds ignore it.
   */
  'audit-acknowledged': z.strictObject({
    reason: ReasonSchema,
    firstBadSeq: z.number().int().positive().nullable(),
    firstBadLine: z.number().int().positive(),
    problems: z.number().int().nonnegative(),
    head: HashSchema.nullable(),
  }),
} as const;

export type ReleaseEventType = keyof typeof EVENT_DATA;
export const RELEASE_EVENT_TYPES = Object.keys(EVENT_DATA) as readonly ReleaseEventType[];

const envelope = {
  /** 1, 2, 3… in file order, no gaps. */
  seq: z.number().int().positive(),
  /** ISO 8601 UTC with milliseconds. */
  at: z.iso.datetime({ offset: false, precision: 3 }),
  /** Who did it: a GitHub login or git e-mail, or `release-desk` for what the app did by itself. */
  actor: PersonSchema,
  releaseId: ReleaseIdSchema.nullable(),
  environment: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/),
  prev: HashSchema,
  hash: HashSchema,
};

/** The envelope's fields one by one (audit's fast verifier checks each value once, not each line). */
export const ENVELOPE_FIELDS = envelope;

const eventSchemas = RELEASE_EVENT_TYPES.map((type) =>
  z.strictObject({ ...envelope, type: z.literal(type), data: EVENT_DATA[type] }),
) as unknown as [z.ZodObject, ...z.ZodObject[]];

/** One journal line, parsed. */
export const JournalEventSchema = z.discriminatedUnion('type', eventSchemas);

export type JournalEvent = {
  [T in ReleaseEventType]: DeepReadonly<{
    seq: number;
    at: string;
    actor: string;
    type: T;
    releaseId: string | null;
    environment: string;
    data: z.output<(typeof EVENT_DATA)[T]>;
    prev: string;
    hash: string;
  }>;
}[ReleaseEventType];

export type EventOf<T extends ReleaseEventType> = Extract<JournalEvent, { readonly type: T }>;

/** What a service hands the journal: the journal fills in seq, prev and hash. */
export type EventDraft = {
  [T in ReleaseEventType]: Omit<EventOf<T>, 'seq' | 'prev' | 'hash'>;
}[ReleaseEventType];
