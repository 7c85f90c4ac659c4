/**
 * What the audit IPC calls carry: the result of verifying the open workspace's release
 * journal (audit.verify), and its acknowledgment (audit.acknowledge).
 */
import { z } from 'zod';

export const JOURNAL_PROBLEM_KINDS = ['torn-last-line', 'not-json', 'not-an-event', 'out-of-sequence', 'broken-link', 'hash-mismatch', 'head-mismatch', 'head-missing'] as const;

export const JournalProblemSchema = z.object({
  kind: z.enum(JOURNAL_PROBLEM_KINDS),
  line: z.number().int().positive(),
  seq: z.number().int().nullable(),
  environment: z.string().nullable(),
  message: z.string(),
  /** False only for a torn last line (an interrupted append), which is a warning. */
  tampering: z.boolean(),
});
export type JournalProblemView = z.infer<typeof JournalProblemSchema>;

export const JournalVerifyReportSchema = z.object({
  ok: z.boolean(),
  file: z.string(),
  entries: z.number().int().nonnegative(),
  head: z.string().nullable(),
  problems: z.array(JournalProblemSchema),
  quarantineFiles: z.number().int().nonnegative(),
  /** The acknowledgment that covers exactly what verify finds now, if any: the banner stays hidden. */
  acknowledged: z.object({ by: z.string(), at: z.string(), reason: z.string(), seq: z.number().int().positive() }).nullable(),
});
export type JournalVerifyReport = z.infer<typeof JournalVerifyReportSchema>;
