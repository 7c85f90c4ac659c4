/**
 * The fast line judge must say exactly what the full one says (parse, zod, canonical
 * encoding, SHA-256) for every line: intact lines of every event type, lines edited in every
 * field, lines re-hashed after the edit (so the hash matches and only the schema or the
 * canonical form can catch them), non-canonical but self-consistent lines, and thousands of
 * random single-character mutations, each both as is and re-hashed. And whole journals,
 * tampered at random, verify the same with either judge.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fastCanonicalEncoding } from '../../../../shared/audit/fast-canonical';
import { createFastLineJudge } from '../../../../shared/audit/fast-line-judge';
import { judgeLineFully, type LineFacts } from '../../../../shared/audit/journal-line-facts';
import { verifyJournalText } from '../../../../shared/audit/verify-journal';
import { canonicalEncoding } from '../../../../shared/releases/canonical-encoding';
import { ENVELOPE_FIELDS, GENESIS_HASH } from '../../../../shared/releases/release-events';
import { releaseStory } from '../../../fixtures/release-events';
import { seededRandom } from '../../../fixtures/seeded-random';
import { deleteLine, duplicateLine, editOneCharacter, swapWithNext, tamperLines, truncateLine, type LineTampering } from '../../../fixtures/journal-tampering';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const full = (raw: string) => judgeLineFully(raw, sha256);

function storyLines(): string[] {
  const story = releaseStory().plan({ pullRequest: { number: 7, url: 'https://x.example/7', title: 'Ünïcode "quotes" \\ and \u2028 🚀' } }).stage1().signOffAll();
  story.preflight().switchover().verdict('faulty').rollback().unlock();
  story.releaseId = `r${story.events.length + 1}`;
  story.plan({ branch: 'feature/y' }).stage1().abort();
  story.add('release-notes', { commits: [{ sha: 'a'.repeat(40), subject: 'emoji 🚀 and \n newline', author: 'Zoë' }] });
  story.add('lock-taken', { reason: 'staging is being rebuilt' }, { releaseId: null, environment: 'staging' });
  story.add('audit-acknowledged', { reason: 'restored from the backup', firstBadSeq: 3, firstBadLine: 3, problems: 1, head: 'c'.repeat(64) }, { releaseId: null });
  story.add('watch-summary', { samplesFile: 'samples/r1.jsonl', probes: [{ probe: 'web', samples: 10, uptime: 0.9, latencyP50Ms: 12.5, latencyP95Ms: 40, alerts: 1, firstAt: 1, lastAt: 2 }] });
  return story.events.map((event) => JSON.stringify(event));
}

/** The line with its `hash` set to what its content hashes to, keeping the rest of the text exactly as it is. */
function rehashed(raw: string): string {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return raw;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return raw;
  let hash: string;
  try {
    hash = sha256(fastCanonicalEncoding(json as Record<string, unknown>));
  } catch {
    return raw;
  }
  return raw.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${hash}"`);
}

const sealed = (event: Record<string, unknown>) => JSON.stringify({ ...event, hash: sha256(canonicalEncoding(event)) });

function expectSame(raw: string): LineFacts {
  const expected = full(raw);
  expect(createFastLineJudge(sha256)(raw), raw).toEqual(expected);
  return expected;
}

describe('the fast line judge gives the full judge\'s facts', () => {
  const lines = storyLines();

  it('on intact lines of every event type (and vouches for them itself)', () => {
    const judge = createFastLineJudge(sha256);
    for (const raw of lines) {
      expect(judge(raw)).toEqual(full(raw));
      expect(full(raw)).toMatchObject({ kind: 'event' });
    }
  });

  it('on edits of each envelope field and of data, with the old hash and re-hashed', () => {
    const values: Record<string, unknown[]> = {
      seq: [0, -1, 1.5, 2 ** 53, '4', null],
      at: ['2026-02-29T10:00:00.000Z', '2024-02-29T10:00:00.000Z', '2026-11-20T24:00:00.000Z', '2026-11-20T14:00:00Z', '2026-11-20T14:00:00.000+01:00', '2026-13-01T00:00:00.000Z', 12],
      actor: ['', 'x'.repeat(201), 'mallory', 'tab\there', 'é', '🚀'],
      type: ['deployed', 'verdict', 'audit-acknowledged', ''],
      releaseId: ['r01', 'r0', 'R1', null, 'r9'],
      environment: ['Prod', 'production ', 'staging', '', 'a'.repeat(41)],
      data: [{}, { engineer: 'erin', extra: 'x' }, { engineer: '' }, [], null, 'x'],
      prev: [GENESIS_HASH, 'F'.repeat(64), 'f'.repeat(63)],
    };
    for (const raw of lines) {
      const event = JSON.parse(raw) as Record<string, unknown>;
      for (const [key, list] of Object.entries(values)) {
        for (const value of list) {
          const edited = { ...event, [key]: value };
          expectSame(JSON.stringify(edited));
          const { hash: _hash, ...unsealed } = edited;
          expectSame(sealed(unsealed));
        }
      }
    }
  });

  it('on self-consistent but not canonical lines: whitespace, escapes, reordered keys, number spellings', () => {
    for (const raw of lines) {
      const event = JSON.parse(raw) as Record<string, unknown>;
      const { hash: _hash, ...unsealed } = event;
      const variants = [
        JSON.stringify(event, null, 1).replaceAll('\n', ''),
        raw.replace('"actor":"', '"actor":"\\u0061').replace(/"actor":"\\u0061(.)/, '"actor":"\\u00$1'),
        raw.replace('{"seq":', '{ "seq":'),
        raw.replace(/"seq":(\d+)/, '"seq":$1.0'),
        raw.replace(/"seq":(\d+)/, '"seq":$1e0'),
        raw.replace(/"seq":(\d+)/, '"seq":0$1'),
        JSON.stringify({ hash: event.hash, ...unsealed }),
        JSON.stringify({ ...unsealed, seq: event.seq, hash: event.hash }),
        raw.replace('"data":{', '"data":{"engineer":"dup",'),
        raw.replace(/,"prev":/, ',"prev":"x","prev":'),
        `${raw} `,
        raw.replace('"}', '"} '),
      ];
      for (const variant of variants) {
        expectSame(variant);
        expectSame(rehashed(variant));
      }
    }
  });

  it('on lines whose hash was computed over their raw spelling (an escape, a raw control character, a lone surrogate) rather than the canonical one', () => {
    const event = JSON.parse(storyLines()[3] ?? '') as Record<string, unknown> & { actor: string; environment: string };
    const { hash: _hash, ...unsealed } = event;
    const canonical = canonicalEncoding(unsealed);
    const spellings: Array<[string, string]> = [
      [`"actor":"${event.actor}"`, `"actor":"\\u0065${event.actor.slice(1)}"`],
      [`"actor":"${event.actor}"`, `"actor":"${event.actor}\\/x"`],
      [`"actor":"${event.actor}"`, `"actor":"${event.actor}\tx"`],
      [`"actor":"${event.actor}"`, `"actor":"${event.actor}\ud800"`],
      [`"environment":"${event.environment}"`, `"environment":"\\u0070roduction"`],
      [`"type":"signed-off"`, `"type":"signed\\u002doff"`],
    ];
    for (const [canonicalSpelling, rawSpelling] of spellings) {
      expect(canonical).toContain(canonicalSpelling);
      const hash = sha256(canonical.replace(canonicalSpelling, rawSpelling));
      const line = JSON.stringify(event).replace(canonicalSpelling, rawSpelling).replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${hash}"`);
      expect(line).toContain(rawSpelling);
      // The reference never takes such a line for an intact event.
      const facts = expectSame(line);
      expect(facts.kind !== 'event' || facts.actual !== facts.hash).toBe(true);
    }
  });

  it('on lines whose hash was computed over a `data` string written unescaped (a newline, a quote, a backslash, a lone surrogate)', () => {
    const story = releaseStory().plan().stage1();
    const judge = createFastLineJudge(sha256);
    for (const note of ['line\nbreak', 'a "quoted" word', 'back\\slash', 'lone \ud800 half', 'tab\there']) {
      story.add('signed-off', { engineer: 'erin', note });
      const event = story.last;
      const { hash: _hash, ...unsealed } = event;
      const canonical = canonicalEncoding(unsealed);
      const escaped = JSON.stringify(note);
      expect(canonical).toContain(escaped);
      // The forger hashes the note as if no character in it needed escaping.
      const forged = sha256(canonical.replace(escaped, `"${note}"`));
      const line = JSON.stringify({ ...event, hash: forged });
      expect(judge(line), note).toEqual(full(line));
      expect(full(line)).toMatchObject({ kind: 'event', actual: event.hash });
      // And the honest line is vouched for as intact.
      expect(judge(JSON.stringify(event))).toEqual(full(JSON.stringify(event)));
    }
  });

  it('on 8,000 random single-character mutations, as they are and re-hashed', () => {
    const next = seededRandom(10);
    const alphabet = ['"', '\\', ',', ':', '{', '}', '[', ']', '0', '9', 'a', 'f', 'z', ' ', '\u0000', '\u001f', '\ud800', 'é', '🚀', 'n', 'null', 'e'];
    const judge = createFastLineJudge(sha256);
    for (let round = 0; round < 8_000; round++) {
      const raw = lines[Math.floor(next() * lines.length)] ?? '';
      const at = Math.floor(next() * raw.length);
      const what = next();
      const char = alphabet[Math.floor(next() * alphabet.length)] ?? '';
      const mutated = what < 0.34 ? raw.slice(0, at) + raw.slice(at + 1) : what < 0.67 ? raw.slice(0, at) + char + raw.slice(at) : raw.slice(0, at) + char + raw.slice(at + 1);
      for (const line of [mutated, rehashed(mutated)]) expect(judge(line), line).toEqual(full(line));
    }
  });

  it('the datetime check it uses is zod\'s own', () => {
    const next = seededRandom(3);
    const judge = createFastLineJudge(sha256);
    const event = JSON.parse(lines[1] ?? '') as Record<string, unknown>;
    for (let round = 0; round < 2_000; round++) {
      const pad = (n: number, width: number) => String(n).padStart(width, '0');
      const at = `${pad(Math.floor(next() * 2400) + 1, 4)}-${pad(Math.floor(next() * 14), 2)}-${pad(Math.floor(next() * 33), 2)}T${pad(Math.floor(next() * 25), 2)}:${pad(Math.floor(next() * 61), 2)}:${pad(Math.floor(next() * 61), 2)}.${pad(Math.floor(next() * 1000), 3)}Z`;
      const { hash: _hash, ...unsealed }: Record<string, unknown> = { ...event, at };
      const line = sealed(unsealed);
      const facts = judge(line);
      expect(facts.kind === 'event', at).toBe(ENVELOPE_FIELDS.at.safeParse(at).success);
      expect(facts).toEqual(full(line));
    }
  });
});

/** Deletions, duplicates, swaps, torn lines, one-character edits with the old hash and re-hashed. */
const TAMPERING: readonly LineTampering[] = [
  deleteLine,
  duplicateLine,
  swapWithNext,
  truncateLine,
  (lines, at, raw, next) => {
    lines[at] = editOneCharacter(raw, next);
  },
  (lines, at, raw, next) => {
    lines[at] = rehashed(editOneCharacter(raw, next));
  },
];

describe('verify with the fast judge == verify with the full judge', () => {
  it('on 300 journals tampered at random (edits, re-hashed edits, deletions, duplicates, swaps, garbage)', () => {
    const next = seededRandom(77);
    const base = storyLines();
    for (let round = 0; round < 300; round++) {
      const lines = tamperLines(base, next, TAMPERING);
      const text = lines.map((line) => `${line}\n`).join('');
      const fast = verifyJournalText(text, { sha256 });
      const reference = verifyJournalText(text, { sha256, judge: full });
      expect(fast).toEqual(reference);
    }
  });
});
