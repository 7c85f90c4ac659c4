/** Argument and result schemas of the readiness calls in the IPC contract. */
import { z } from 'zod';
import { LocalTestFactsSchema, SignOffFactsSchema } from './board-schema';

const hasControlCharacter = (text: string) => [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);

/** A branch name as git allows it: no control characters, no leading dash. */
export const BranchNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !name.startsWith('-'), 'must not start with -')
  .refine((name) => !hasControlCharacter(name), 'must not contain control characters');

export const ShaSchema = z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-character commit SHA');

export const ChecklistItemsSchema = z.array(z.string().min(1).max(500)).max(100);

/** Whether a result also went to GitHub as a commit status, or stayed on this machine. */
export const PublicationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('published'), context: z.string() }),
  z.object({ kind: z.literal('kept-local'), reason: z.string() }),
]);

export const LocalTestOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['passed', 'failed']),
    sha: z.string(),
    durationMs: z.number(),
    logFile: z.string(),
    note: z.string().optional(),
    publication: PublicationSchema,
  }),
  z.object({ kind: z.literal('cancelled'), sha: z.string() }),
  z.object({ kind: z.literal('could-not-run'), sha: z.string(), reason: z.string() }),
]);

export const LocalTestOutputSchema = z.object({ branch: z.string(), sha: z.string(), chunk: z.string() });

export const SignOffResultSchema = z.object({ signOff: SignOffFactsSchema, publication: PublicationSchema });

/** A branch's local test runs per commit, the most recently run commit first. */
export const LocalTestRunsPerCommitSchema = z.array(z.object({ sha: z.string(), runs: z.array(LocalTestFactsSchema) }));
