/**
 * The same facts as judgeLineFully (journal-line-facts.ts) for a journal line, faster, for `audit verify` on large journals. It vouches for a line only when it can show
 * that the full judgment would say "a valid event whose hash matches", and otherwise hands
 * the line to judgeLineFully — so its answers are the reference's answers by construction
 * (tests/unit/shared/audit/fast-line-judge.test.ts compares the two on tampered and random
 * journals).
 *
 * How it vouches without JSON.parse of the whole line and the zod union:
 * - The line must have the writer's exact layout — `{"seq":N,"at":"…","actor":"…","type":"…",
 *   "releaseId":"…"|null,"environment":"…","data":{…},"prev":"<64 hex>","hash":"<64 hex>"}` —
 *   with no backslash, control character or lone surrogate in the envelope. Then each envelope
 *   string is exactly its JSON.stringify, so its raw text is its canonical encoding, and there
 *   is no other key.
 * - Envelope values are checked with the schema's own field schemas, each distinct value
 *   once (people, release ids and environments repeat on every line).
 * - Only `data` is parsed, checked against its own type's schema (not the union of every
 *   event's) and canonically encoded. (Remembering data texts or members already seen was
 *   tried and was slower on a varied journal: the memo's long keys cost more than they saved.)
 * - The canonical encoding is assembled from those pieces in sorted key order and hashed once.
 *   A hash that does not match, an acknowledgment, or anything unusual goes to the full judge.
 */
import { fastCanonicalJson } from './fast-canonical';
import { judgeLineFully, type LineFacts, type Sha256Hex } from './journal-line-facts';
import { ENVELOPE_FIELDS, EVENT_DATA, type ReleaseEventType } from '../releases/release-events';

/** `,"prev":"` + 64 + `","hash":"` + 64 + `"}` */
const SUFFIX_LENGTH = 149;
/** What JSON.stringify would escape (or the line spells with an escape): the raw text is then not canonical as it stands. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const ESCAPED_OR_CONTROL = /[\\\u0000-\u001f]/;
/** Any surrogate (a cheap test); only then is the line searched for a lone one, which JSON.stringify escapes. */
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /\p{Surrogate}/u;
const SEQ = /^[1-9][0-9]{0,15}$/;
/** Distinct envelope values remembered at most per field (a bound on memory for huge journals). */
const MEMO_LIMIT = 50_000;

export function createFastLineJudge(sha256: Sha256Hex): (raw: string) => LineFacts {
  const full = (raw: string) => judgeLineFully(raw, sha256);
  const validValues = (schema: { safeParse(value: unknown): { success: boolean } }) => {
    const known = new Map<string, boolean>();
    return (value: string): boolean => {
      let valid = known.get(value);
      if (valid === undefined) {
        valid = schema.safeParse(value).success;
        if (known.size < MEMO_LIMIT) known.set(value, valid);
      }
      return valid;
    };
  };
  const validActor = validValues(ENVELOPE_FIELDS.actor);
  const validReleaseId = validValues(ENVELOPE_FIELDS.releaseId);
  const validEnvironment = validValues(ENVELOPE_FIELDS.environment);
  // zod checks an ISO datetime with one regular expression; using it directly costs 0.1 µs
  // instead of 3 µs a line (the test holds both to the same answers). Any other shape: zod.
  const atPattern = ENVELOPE_FIELDS.at._zod.def.pattern;
  const validAt = atPattern instanceof RegExp && (ENVELOPE_FIELDS.at._zod.def.checks ?? []).length === 0 ? (value: string) => atPattern.test(value) : (value: string) => ENVELOPE_FIELDS.at.safeParse(value).success;
  /** The canonical encoding of a valid `data` text, or null when the full judge must look. */
  const canonicalData = (type: ReleaseEventType, text: string): string | null => {
    try {
      const value: unknown = JSON.parse(text);
      return EVENT_DATA[type].safeParse(value).success ? fastCanonicalJson(value) : null;
    } catch {
      return null;
    }
  };

  return (raw) => {
    if (!raw.startsWith('{"seq":')) return full(raw);
    const seqEnd = raw.indexOf(',', 7);
    const seqText = raw.slice(7, seqEnd);
    if (seqEnd === -1 || !SEQ.test(seqText)) return full(raw);
    const seq = Number(seqText);
    if (!Number.isSafeInteger(seq)) return full(raw);
    let position = seqEnd;
    /** The raw contents of `,"key":"…"` (`head` is its start) at the position; the next quote ends it (escapes are refused below). */
    const stringMember = (head: string): string | null => {
      if (!raw.startsWith(head, position)) return null;
      const start = position + head.length;
      const end = raw.indexOf('"', start);
      if (end === -1) return null;
      position = end + 1;
      return raw.slice(start, end);
    };
    const at = stringMember(',"at":"');
    const actor = stringMember(',"actor":"');
    const type = stringMember(',"type":"');
    if (at === null || actor === null || type === null || type === 'audit-acknowledged' || !Object.hasOwn(EVENT_DATA, type)) return full(raw);
    let releaseIdJson: string;
    if (raw.startsWith(',"releaseId":null', position)) {
      releaseIdJson = 'null';
      position += 17;
    } else {
      const releaseId = stringMember(',"releaseId":"');
      if (releaseId === null || !validReleaseId(releaseId)) return full(raw);
      releaseIdJson = `"${releaseId}"`;
    }
    const environment = stringMember(',"environment":"');
    if (environment === null || !raw.startsWith(',"data":', position)) return full(raw);
    const dataStart = position + 8;
    // The envelope must be spelled as JSON.stringify spells it (data is parsed and re-encoded
    // whatever its spelling). With a backslash in it, the string ends found above may be wrong
    // too: the line goes to the full judge either way.
    const envelope = raw.slice(0, dataStart);
    if (ESCAPED_OR_CONTROL.test(envelope) || (SURROGATE.test(envelope) && LONE_SURROGATE.test(envelope))) return full(raw);
    const suffix = raw.length - SUFFIX_LENGTH;
    if (suffix <= dataStart || !raw.startsWith(',"prev":"', suffix) || !raw.startsWith('","hash":"', suffix + 73) || !raw.endsWith('"}')) return full(raw);
    const prev = raw.slice(suffix + 9, suffix + 73);
    const hash = raw.slice(suffix + 83, suffix + 147);
    // `hash` needs no test of its own: it must equal a SHA-256 in hex below, or the full judge looks.
    if (!isHex64(prev) || !validActor(actor) || !validEnvironment(environment) || !validAt(at)) return full(raw);
    const data = canonicalData(type as ReleaseEventType, raw.slice(dataStart, suffix));
    if (data === null) return full(raw);
    // Keys in canonical (sorted) order: actor, at, data, environment, prev, releaseId, seq, type.
    const actual = sha256(`{"actor":"${actor}","at":"${at}","data":${data},"environment":"${environment}","prev":"${prev}","releaseId":${releaseIdJson},"seq":${seqText},"type":"${type}"}`);
    if (actual !== hash) return full(raw);
    return { kind: 'event', seq, prev, hash, environment, actual, acknowledgment: null };
  };
}

/** /^[0-9a-f]{64}$/, without the regular expression: on a sliced string it cost 2 µs a line. */
function isHex64(text: string): boolean {
  if (text.length !== 64) return false;
  for (let at = 0; at < 64; at++) {
    const char = text.charCodeAt(at);
    if (!((char >= 0x30 && char <= 0x39) || (char >= 0x61 && char <= 0x66))) return false;
  }
  return true;
}
