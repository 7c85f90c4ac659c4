/**
 * The evidence report of one release: everything an auditor asks (who released what, when,
 * tested how, approved by whom, what happened when it went wrong), built from the release
 * journal alone (build-evidence.ts). `audit export --format json` prints exactly this; the
 * HTML report (evidence-html.ts) is rendered from it and from nothing else.
 *
 * A piece the journal does not hold is `{ recorded: false, why }` and is shown as "not
 * recorded" — never guessed. Versioned: a reader can tell which shape it has.
 */
import { z } from 'zod';

/** A part of the evidence that the journal may not hold (older journals, a source that was down). */
export const recorded = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('recorded', [z.object({ recorded: z.literal(true), value }), z.object({ recorded: z.literal(false), why: z.string() })]);
export type Recorded<T> = { readonly recorded: true; readonly value: T } | { readonly recorded: false; readonly why: string };

const Person = z.string();
const When = z.string();

export const StepRunSchema = z.object({
  attempt: z.number().int(),
  startedAt: When,
  startedBy: Person,
  command: z.string(),
  /** null while the step has no outcome (it is running, or its process died). */
  finishedAt: When.nullable(),
  outcome: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  durationMs: z.number().nullable(),
  message: z.string().nullable(),
  probes: z.array(z.string()),
  previewUrl: z.string().nullable(),
  previewAnswered: z.boolean().nullable(),
  productionVersion: z.string().nullable(),
});
export type StepRun = z.infer<typeof StepRunSchema>;

export const ProbeSummarySchema = z.object({
  probe: z.string(),
  samples: z.number().int(),
  uptime: z.number().nullable(),
  latencyP50Ms: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
  alerts: z.number().int().nullable(),
  firstAt: z.number().nullable(),
  lastAt: z.number().nullable(),
});
export type ProbeSummary = z.infer<typeof ProbeSummarySchema>;

export const EvidenceReportSchema = z.object({
  format: z.literal('release-desk-evidence'),
  version: z.literal(1),
  exportedAt: When,
  release: z.object({ id: z.string(), environment: z.string(), phase: z.string(), plannedAt: When, plannedBy: Person }),
  branch: z.object({ name: z.string(), sha: z.string(), mainBranch: z.string() }),
  pullRequest: recorded(
    z.object({
      number: z.number().int(),
      url: z.string(),
      title: z.string(),
      reviewDecision: recorded(z.string()),
      reviews: recorded(z.array(z.object({ reviewer: Person, state: z.string(), at: When.nullable() }))),
    }),
  ),
  ciChecks: recorded(
    z.object({
      provider: z.string(),
      sha: z.string(),
      checks: z.array(z.object({ name: z.string(), state: z.string(), url: z.string().nullable() })),
      note: z.string().nullable(),
    }),
  ),
  localTests: recorded(z.object({ sha: z.string(), outcome: z.string(), at: When, durationMs: z.number().nullable(), by: z.string().nullable() })),
  manualSignOff: recorded(z.object({ sha: z.string(), by: Person, at: When, items: z.array(z.string()) })),
  readinessSummary: recorded(z.string()),
  plan: z.object({
    coordinator: Person,
    onCall: Person,
    engineers: z.array(Person),
    engineerChanges: z.array(z.object({ at: When, by: Person, engineers: z.array(Person) })),
  }),
  stage1: recorded(z.object({ previewUrl: z.string().nullable(), runs: z.array(StepRunSchema) })),
  previewSignOffs: z.object({
    signOffs: z.array(z.object({ engineer: Person, at: When, note: z.string().nullable(), seq: z.number().int() })),
    pending: z.array(Person),
  }),
  preflight: recorded(z.object({ previousSha: z.string().nullable(), runs: z.array(StepRunSchema) })),
  stage2: recorded(z.object({ startedBy: Person, startedAt: When, runs: z.array(StepRunSchema) })),
  verdict: recorded(z.object({ verdict: z.string(), by: Person, at: When, note: z.string().nullable() })),
  monitor: recorded(
    z.object({
      at: When,
      samplesFile: z.string(),
      probes: z.array(ProbeSummarySchema),
      /** Recomputed from the samples file when it is still there; `why` says when it is not. */
      samples: recorded(z.array(ProbeSummarySchema)),
    }),
  ),
  /** `recorded: false` with why "no rollback" when the release was never rolled back. */
  rollback: recorded(z.object({ by: Person, at: When, fromSha: z.string().nullable(), toSha: z.string(), healthy: z.boolean(), message: z.string(), runs: z.array(StepRunSchema) })),
  lock: recorded(
    z.object({
      takenBy: Person,
      takenAt: When,
      reason: z.string(),
      released: z.object({ by: Person, at: When, reason: z.string() }).nullable(),
    }),
  ),
  abort: recorded(z.object({ by: Person, at: When, reason: z.string() })),
  merge: recorded(z.object({ method: z.string(), mergeCommit: z.string(), pullRequest: z.number().int().nullable(), at: When, by: Person })),
  /** Whether the main branch received only released branches around this release (checked at export, on request). */
  conformance: recorded(z.object({ ref: z.string(), conformant: z.boolean(), sentence: z.string(), exceptions: z.array(z.string()) })),
  releaseNotes: recorded(z.array(z.object({ sha: z.string(), subject: z.string(), author: z.string(), pullRequest: z.object({ number: z.number().int(), title: z.string() }).nullable() }))),
  overrides: z.array(z.object({ action: z.string(), refusal: z.string(), reason: z.string(), by: Person, at: When, seq: z.number().int() })),
  /** Every event of the release, in journal order: the timeline behind every section above. */
  events: z.array(z.object({ seq: z.number().int(), at: When, actor: Person, type: z.string(), hash: z.string() })),
  journal: z.object({
    file: z.string(),
    firstSeq: z.number().int(),
    firstHash: z.string(),
    lastSeq: z.number().int(),
    lastHash: z.string(),
    verify: z.object({
      at: When,
      ok: z.boolean(),
      entries: z.number().int(),
      head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
      /** Tampering found anywhere in the journal (the chain is one), the first ones first. */
      problems: z.array(z.object({ kind: z.string(), line: z.number().int(), seq: z.number().int().nullable(), message: z.string() })),
      moreProblems: z.number().int(),
      /** How many of those problems sit on this release's own entries. */
      problemsInRelease: z.number().int(),
    }),
  }),
});
export type EvidenceReport = z.infer<typeof EvidenceReportSchema>;

export const EVIDENCE_FORMATS = ['html', 'json'] as const;
export type EvidenceFormat = (typeof EVIDENCE_FORMATS)[number];
