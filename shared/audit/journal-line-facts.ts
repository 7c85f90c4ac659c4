/**
 * What one journal line says on its own, before the chain is walked (verify-journal.ts): not
 * JSON; JSON but not an event (and the seq and hash it still says, to resynchronise on); or
 * an event with its envelope and the hash its content actually has. The walk then judges seq,
 * prev and hash against the lines before.
 *
 * `judgeLineFully` is the reference: JSON.parse, the zod schema, the canonical encoding and
 * SHA-256 of every line. fast-line-judge.ts gives the same facts faster and falls back to it
 * wherever it cannot vouch.
 */
import { chainPointOf } from './chain-point';
import { fastCanonicalEncoding } from './fast-canonical';
import { JournalEventSchema, type JournalEvent } from '../releases/release-events';

export type Sha256Hex = (text: string) => string;

export interface AcknowledgmentFacts {
  readonly actor: string;
  readonly at: string;
  readonly reason: string;
  readonly firstBadSeq: number | null;
  readonly firstBadLine: number;
  readonly problems: number;
}

export type LineFacts =
  | { readonly kind: 'not-json' }
  | {
      readonly kind: 'not-an-event';
      /** The seq and environment written on the line, when they are a number and a string. */
      readonly seq: number | null;
      readonly environment: string | null;
      /** The first schema issue: "data.extra: Unrecognized key…". */
      readonly where: string;
      /** Where the walk resynchronises (chainPointOf). */
      readonly resync: { readonly seq: number | null; readonly hash: string | null };
    }
  | {
      readonly kind: 'event';
      readonly seq: number;
      readonly prev: string;
      readonly hash: string;
      readonly environment: string;
      /** SHA-256 of the event's canonical encoding: equal to `hash` unless the line was edited. */
      readonly actual: string;
      readonly acknowledgment: AcknowledgmentFacts | null;
    };

export function judgeLineFully(raw: string, sha256: Sha256Hex): LineFacts {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: 'not-json' };
  }
  const record = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const parsed = JournalEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      kind: 'not-an-event',
      seq: typeof record.seq === 'number' ? record.seq : null,
      environment: typeof record.environment === 'string' ? record.environment : null,
      where: issue === undefined ? 'invalid' : `${issue.path.join('.') || 'event'}: ${issue.message}`,
      resync: chainPointOf(json),
    };
  }
  const event = parsed.data as JournalEvent;
  const acknowledgment =
    event.type === 'audit-acknowledged'
      ? { actor: event.actor, at: event.at, reason: event.data.reason, firstBadSeq: event.data.firstBadSeq, firstBadLine: event.data.firstBadLine, problems: event.data.problems }
      : null;
  // Hashed as written (not as parsed by zod, which trims reasons): what the line says is what counts.
  return { kind: 'event', seq: event.seq, prev: event.prev, hash: event.hash, environment: event.environment, actual: sha256(fastCanonicalEncoding(record)), acknowledgment };
}

/** The seq and hash a damaged line still says (chain-point.ts, zod-free for the journal's fast reader). */
export { chainPointOf } from './chain-point';
