/**
 * Verifies a release journal from its raw text, line by line: every line is a schema-valid
 * event, seq runs 1, 2, 3… in file order, each `prev` is the previous line's `hash`
 * (GENESIS_HASH first) and each `hash` is the SHA-256 of the event's canonical encoding.
 *
 * Pure: the hash function is passed in (shared/ has no Node built-ins). Every problem is
 * collected, the first one first; each names its line (1-based) and the seq written on it.
 * After a bad line the walk resynchronises on what that line says (its seq and stored
 * hash), so one edited line is one problem, not a cascade.
 *
 * What the chain alone cannot catch: someone who rewrites a line AND recomputes every hash
 * after it (a re-chained tail) leaves a valid chain. Only a head recorded elsewhere
 * (`expectedHead`: a seq and its hash, as published to GitHub or Slack) reveals it.
 */
import { GENESIS_STATE, short, walkChain, type ChainWalk } from './chain-walk';
import { createFastLineJudge } from './fast-line-judge';
import type { LineFacts, Sha256Hex } from './journal-line-facts';

export { chainPointOf, type Sha256Hex } from './journal-line-facts';

export type JournalProblemKind =
  /** The last line has no newline or is not JSON: an append interrupted by a power loss. Not tampering. */
  | 'torn-last-line'
  /** A line before the last is not JSON. */
  | 'not-json'
  /** JSON, but not a journal event (unknown type, missing or invalid field). */
  | 'not-an-event'
  /** The seq is not the previous line's seq + 1: a line deleted, inserted, moved or duplicated. */
  | 'out-of-sequence'
  /** `prev` is not the previous line's hash: the chain is broken here. */
  | 'broken-link'
  /** The stored hash is not the hash of the line's content: the line was edited. */
  | 'hash-mismatch'
  /** The entry at the recorded head's seq has another hash: the journal was rewritten up to there. */
  | 'head-mismatch'
  /** The journal ends before the recorded head's seq: it was truncated. */
  | 'head-missing';

export interface JournalProblem {
  readonly kind: JournalProblemKind;
  /** 1-based line number in the file (for head-missing: the line after the last). */
  readonly line: number;
  /** The seq written on that line, or null when it has none (not JSON, torn, missing). */
  readonly seq: number | null;
  /** The environment written on that line, when readable (for `--env` filtering). */
  readonly environment: string | null;
  /** One sentence: what is wrong. */
  readonly message: string;
}

export interface ExpectedHead {
  readonly seq: number;
  /** The full hash, or its first digits (at least 12) as published (shared/audit/published-head.ts). */
  readonly hash: string;
}

export interface VerifyJournalOptions {
  readonly sha256: Sha256Hex;
  /** A head recorded outside the journal: catches a truncated or re-chained journal. */
  readonly expectedHead?: ExpectedHead;
  /** More such heads (those published on GitHub): each is checked like `expectedHead`. */
  readonly expectedHeads?: readonly ExpectedHead[];
  /** How each line is judged; default the fast judge (fast-line-judge.ts), which gives the same facts as judgeLineFully. */
  readonly judge?: (raw: string) => LineFacts;
}

/** What the journal says about one head recorded outside it. */
export interface HeadCheck {
  readonly seq: number;
  readonly hash: string;
  /** matching: the entry at that seq has that hash; truncated: the journal ends before it; replaced: another hash. */
  readonly verdict: 'matching' | 'truncated' | 'replaced';
  /** The line of the entry at that seq (for truncated: the line after the last). */
  readonly line: number;
}

export interface AcknowledgmentEntry {
  readonly seq: number;
  readonly line: number;
  readonly actor: string;
  readonly at: string;
  readonly reason: string;
  readonly firstBadSeq: number | null;
  readonly firstBadLine: number;
  readonly problems: number;
}

export interface JournalVerification {
  /** True when nothing but a torn last line was found. */
  readonly ok: boolean;
  /** Whole lines that parsed as events. */
  readonly entries: number;
  /** The last whole event's stored hash and seq; null for an empty journal. */
  readonly head: { readonly seq: number; readonly hash: string } | null;
  /** Every problem, in file order (a torn last line included, as a warning). */
  readonly problems: readonly JournalProblem[];
  /** The last valid `audit-acknowledged` entry, if any (the app hides its banner when it covers what is found now). */
  readonly lastAcknowledgment: AcknowledgmentEntry | null;
  /** How many valid entries each environment has (for per-environment counts). */
  readonly environments: ReadonlyMap<string, number>;
  /** One per distinct expected head, in the order given. */
  readonly headChecks: readonly HeadCheck[];
}

/** Problems that are not tampering. */
export const WARNING_KINDS: readonly JournalProblemKind[] = ['torn-last-line'];

export function isTampering(problem: JournalProblem): boolean {
  return !WARNING_KINDS.includes(problem.kind);
}

export function verifyJournalText(text: string, options: VerifyJournalOptions): JournalVerification {
  const expectedHeads = expectedHeadsOf(options);
  const walk = walkChain(text, {
    judge: options.judge ?? createFastLineJudge(options.sha256),
    firstLine: 1,
    start: GENESIS_STATE,
    atEndOfFile: true,
    wanted: new Set(expectedHeads.map((head) => head.seq)),
  });
  return concludeVerification(walk, expectedHeads);
}

/** The distinct recorded heads of `options`, in the order given. */
export function expectedHeadsOf(options: Pick<VerifyJournalOptions, 'expectedHead' | 'expectedHeads'>): ExpectedHead[] {
  return distinctHeads([...(options.expectedHead === undefined ? [] : [options.expectedHead]), ...(options.expectedHeads ?? [])]);
}

/** The verification of a walk over the whole journal (one walk, or slices joined): the recorded heads checked, problems in file order. */
export function concludeVerification(walk: ChainWalk, expectedHeads: readonly ExpectedHead[]): JournalVerification {
  if (walk.pending !== null) throw new Error('concludeVerification: the walk does not start at the journal\'s first line');
  const { entries, head, environments, lastAcknowledgment, seqLines } = walk;
  const problems = [...walk.problems];
  const line = walk.lines;
  const headChecks: HeadCheck[] = [];
  for (const expected of expectedHeads) {
    const found = seqLines.get(expected.seq);
    headChecks.push({ seq: expected.seq, hash: expected.hash, verdict: found === undefined ? 'truncated' : isHeadOf(found.hash, expected.hash) ? 'matching' : 'replaced', line: found?.line ?? line + 1 });
    if (found === undefined) {
      problems.push({
        kind: 'head-missing',
        line: line + 1,
        seq: expected.seq,
        environment: null,
        message: `the recorded head is seq ${expected.seq} (${short(expected.hash)}) but the journal ${head === null ? 'is empty' : `ends at seq ${head.seq}`}: it was truncated`,
      });
    } else if (!isHeadOf(found.hash, expected.hash)) {
      problems.push({
        kind: 'head-mismatch',
        line: found.line,
        seq: expected.seq,
        environment: null,
        message: `line ${found.line} (seq ${expected.seq}) has hash ${short(found.hash)}, not the recorded head ${short(expected.hash)}: the journal was rewritten at or before seq ${expected.seq} and its hashes recomputed`,
      });
    }
  }

  problems.sort((a, b) => a.line - b.line);
  return { ok: problems.every((problem) => !isTampering(problem)), entries, head, problems, environments, lastAcknowledgment, headChecks };
}

function distinctHeads(heads: readonly ExpectedHead[]): ExpectedHead[] {
  const seen = new Set<string>();
  return heads.filter((head) => {
    const key = `${head.seq}:${head.hash}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A published head is the hash's first digits; fewer than 12 vouch for nothing. */
function isHeadOf(stored: string, expected: string): boolean {
  return expected.length >= 12 && stored.startsWith(expected);
}

/** True when `acknowledgment` was written for exactly the tampering found now (same first bad entry, same count). */
export function coversProblems(acknowledgment: AcknowledgmentEntry | null, problems: readonly JournalProblem[]): boolean {
  const tampering = problems.filter(isTampering);
  const first = tampering[0];
  if (acknowledgment === null || first === undefined) return false;
  return acknowledgment.firstBadLine === first.line && acknowledgment.firstBadSeq === first.seq && acknowledgment.problems === tampering.length;
}
