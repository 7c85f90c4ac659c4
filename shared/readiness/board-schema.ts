/**
 * Runtime schemas of what the Branches board receives over IPC: one row per branch with
 * its facts and verdict, and how fresh each source is. The TypeScript types of the facts
 * and verdict live in branch-facts.ts and blockers.ts; the assertions at the bottom make
 * the compiler prove the schemas describe exactly those types.
 */
import { z } from 'zod';
import type { CheckResult, LocalTestFacts, PullRequestFacts, SignOffFacts } from './branch-facts';
import type { DeepReadonly } from '../deep-readonly';
import type { Blocker, Readiness } from './blockers';
import type { FlakyResult } from './run-history';

const CheckStateSchema = z.enum([
  'success',
  'failure',
  'error',
  'timed-out',
  'action-required',
  'stale',
  'pending',
  'cancelled',
  'skipped',
  'neutral',
]);

export const CheckResultSchema = z.object({ name: z.string(), state: CheckStateSchema, url: z.string().nullable() });

const base = { reason: z.string(), link: z.string().optional() };
export const BlockerSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('ci-failed'), check: z.string(), checkState: CheckStateSchema }),
  z.object({ ...base, kind: z.literal('ci-pending'), check: z.string() }),
  z.object({ ...base, kind: z.literal('ci-cancelled'), check: z.string() }),
  z.object({ ...base, kind: z.literal('ci-missing'), check: z.string().nullable() }),
  z.object({ ...base, kind: z.literal('local-tests-missing') }),
  z.object({ ...base, kind: z.literal('local-tests-failed'), testedSha: z.string() }),
  z.object({ ...base, kind: z.literal('local-tests-stale'), testedSha: z.string() }),
  z.object({ ...base, kind: z.literal('sign-off-missing') }),
  z.object({ ...base, kind: z.literal('sign-off-stale'), signedSha: z.string(), by: z.string() }),
  z.object({ ...base, kind: z.literal('conflicts'), files: z.array(z.string()) }),
  z.object({ ...base, kind: z.literal('behind'), behind: z.number().int() }),
  z.object({
    ...base,
    kind: z.literal('flaky'),
    source: z.enum(['check', 'local-tests']),
    name: z.string(),
    runs: z.number().int(),
    failed: z.number().int(),
  }),
]);

export const FlakyResultSchema = z.object({
  source: z.enum(['check', 'local-tests']),
  name: z.string(),
  sha: z.string(),
  runs: z.number().int(),
  failed: z.number().int(),
  latest: z.enum(['passed', 'failed']),
  history: z.string(),
});

const UnknownFactSchema = z.object({ fact: z.enum(['ci', 'conflicts']), reason: z.string() });

export const ReadinessSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('eligible'), sha: z.string() }),
  z.object({ state: z.literal('blocked'), sha: z.string(), blockers: z.array(BlockerSchema), unknowns: z.array(UnknownFactSchema) }),
  z.object({ state: z.literal('unknown'), sha: z.string(), unknowns: z.array(UnknownFactSchema) }),
]);

export const LocalTestFactsSchema = z.object({
  sha: z.string(),
  outcome: z.enum(['passed', 'failed']),
  at: z.string(),
  durationMs: z.number().optional(),
  by: z.string().optional(),
  /** The publisher's runs on this commit, when its status says they disagreed (a teammate's flaky tests). */
  runs: z.object({ failed: z.number().int().positive(), total: z.number().int().positive() }).optional(),
});

export const SignOffFactsSchema = z.object({ sha: z.string(), by: z.string(), at: z.string(), items: z.array(z.string()) });

export const PullRequestFactsSchema = z.object({
  number: z.number().int(),
  url: z.string(),
  title: z.string(),
  reviewDecision: z.enum(['APPROVED', 'CHANGES_REQUESTED', 'REVIEW_REQUIRED']).nullable(),
});

export const BoardRowSchema = z.object({
  name: z.string(),
  headSha: z.string(),
  author: z.object({ name: z.string(), email: z.string() }),
  lastCommitAt: z.string(),
  ahead: z.number().int(),
  behind: z.number().int(),
  checks: z.array(CheckResultSchema),
  localTests: LocalTestFactsSchema.nullable(),
  signOff: SignOffFactsSchema.nullable(),
  pullRequest: PullRequestFactsSchema.nullable(),
  readiness: ReadinessSchema,
  /** The one-line reason it is not eligible (or "eligible for release"). */
  summary: z.string(),
  /** Checks and local tests that both passed and failed on the head commit. */
  flaky: z.array(FlakyResultSchema).optional(),
});
export type BoardRow = DeepReadonly<z.infer<typeof BoardRowSchema>>;

/** How fresh one source of the board is. */
export const SourceStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('fresh'), at: z.string() }),
  z.object({
    state: z.literal('stale'),
    reason: z.string(),
    /** When the data shown was last good (ISO 8601); null when never. */
    lastGoodAt: z.string().nullable(),
    /** When the next attempt is due, e.g. a rate limit's reset (ISO 8601). */
    retryAt: z.string().nullable(),
  }),
  z.object({ state: z.literal('not-configured'), reason: z.string() }),
  /** Still being read: the board was sent early with the git facts (the first board of a workspace). */
  z.object({ state: z.literal('reading') }),
]);
export type SourceStatus = DeepReadonly<z.infer<typeof SourceStatusSchema>>;

export const BoardSnapshotSchema = z.object({
  mainBranch: z.string(),
  mainSha: z.string(),
  branches: z.array(BoardRowSchema),
  sources: z.object({
    git: SourceStatusSchema,
    ci: SourceStatusSchema,
    /** The local test runs and sign-offs; only said while they are still being read. */
    records: SourceStatusSchema.optional(),
  }),
  /** Where CI results come from (ci.provider in release-desk.yml). */
  ciProvider: z.enum(['local', 'github-checks', 'circleci']),
  /** The workspace's manual-testing checklist, ticked when signing off. */
  checklist: z.array(z.string()),
  /** Who "mine" means: the signed-in GitHub login or the git e-mail, if known. */
  me: z.object({
    login: z.string().nullable(),
    email: z.string().nullable(),
    /**
     * How Release Desk decided who you are, which is also who signs off: the connected
     * GitHub account's login, else the clone's `git config user.email`, else nobody.
     */
    source: z.enum(['github-login', 'git-email', 'unknown']).optional(),
  }),
  refreshedAt: z.string(),
});
export type BoardSnapshot = DeepReadonly<z.infer<typeof BoardSnapshotSchema>>;

// Compile-time proof that the schemas and the domain types agree in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
const proofs: [
  Same<z.infer<typeof BlockerSchema>, Mutable<Blocker>>,
  Same<z.infer<typeof ReadinessSchema>, Mutable<Readiness>>,
  Same<z.infer<typeof CheckResultSchema>, Mutable<CheckResult>>,
  Same<z.infer<typeof SignOffFactsSchema>, Mutable<SignOffFacts>>,
  Same<z.infer<typeof LocalTestFactsSchema>, Mutable<LocalTestFacts>>,
  Same<z.infer<typeof PullRequestFactsSchema>, Mutable<PullRequestFacts>>,
  Same<z.infer<typeof FlakyResultSchema>, Mutable<FlakyResult>>,
] = [true, true, true, true, true, true, true];
void proofs;
