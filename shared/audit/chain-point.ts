/**
 * Where the hash chain goes on after a line that is not a valid event. Kept apart from the
 * schemas (journal-line-facts.ts) so the journal's reader can use it without loading zod
 * (the rollback CLI reads the journal by a hand check before its command runs).
 */

/**
 * The seq and hash a line that is not a valid event still says, when they are well formed:
 * verify resynchronises on them after reporting the line, and the journal's next append
 * chains on them (electron/services/journal/journal-lines.ts), so both agree on where the
 * chain goes on and an append after a damaged line adds no problem of its own.
 */
export function chainPointOf(json: unknown): { readonly seq: number | null; readonly hash: string | null } {
  const record = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const seq = typeof record.seq === 'number' && Number.isSafeInteger(record.seq) && record.seq > 0 ? record.seq : null;
  const hash = typeof record.hash === 'string' && /^[0-9a-f]{64}$/.test(record.hash) ? record.hash : null;
  return { seq, hash };
}
