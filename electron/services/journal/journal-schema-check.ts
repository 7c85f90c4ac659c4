/**
 * The journal's full check, by the event schemas (zod). Loaded by the journal on first use
 * (a dynamic import), so a reader that opts out of it (the rollback CLI) never loads zod.
 */
import { JournalEventSchema, type EventDraft, type JournalEvent } from '../../../shared/releases/release-events';
import type { EventCheck } from './journal-lines';

export const checkWithSchema: EventCheck = (json) => {
  const parsed = JournalEventSchema.safeParse(json);
  if (parsed.success) return { ok: true, event: parsed.data as JournalEvent };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: issue === undefined ? 'invalid' : `${issue.path.join('.') || 'event'}: ${issue.message}` };
};

/** A draft with its seq, prev and a placeholder hash, as the schema normalises it (a trimmed reason), or every problem. */
export function validateDraft(candidate: EventDraft & { seq: number; prev: string; hash: string }): { ok: true; event: JournalEvent } | { ok: false; problems: string } {
  const parsed = JournalEventSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, event: parsed.data as JournalEvent };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`).join('; ') };
}
