/**
 * A journal walked in slices and joined (chain-walk.ts; the worker path of `audit verify`)
 * must give exactly what one walk of the whole file gives: on intact and tampered journals
 * (edits, re-hashed edits, deletions, insertions, duplicates, swaps, garbage, a torn or cut
 * last line), split after EVERY line, and in three slices whose middle one may hold no event
 * at all. Recorded heads are checked too (the slices keep the lines of the seqs asked for).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_STATE, joinWalks, UNKNOWN_STATE, walkChain, type ChainWalk } from '../../../../shared/audit/chain-walk';
import { createFastLineJudge } from '../../../../shared/audit/fast-line-judge';
import { concludeVerification, verifyJournalText, type ExpectedHead } from '../../../../shared/audit/verify-journal';
import { releaseStory } from '../../../fixtures/release-events';
import { seededRandom } from '../../../fixtures/seeded-random';
import { deleteLine, duplicateLine, editOneCharacter, swapWithNext, tamperLines, truncateLine, type LineTampering } from '../../../fixtures/journal-tampering';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function storyLines(): string[] {
  const story = releaseStory().plan().stage1().signOffAll().preflight().switchover().verdict('faulty').rollback().unlock();
  story.add('lock-taken', { reason: 'staging is being rebuilt' }, { releaseId: null, environment: 'staging' });
  story.add('audit-acknowledged', { reason: 'restored from the backup', firstBadSeq: 3, firstBadLine: 3, problems: 1, head: 'c'.repeat(64) }, { releaseId: null });
  return story.events.map((event) => JSON.stringify(event));
}

/** The whole text walked as slices cut after the given line counts, joined. */
function inSlices(lines: readonly string[], cuts: readonly number[], tail: string, heads: readonly ExpectedHead[]) {
  const wanted = new Set(heads.map((head) => head.seq));
  const bounds = [0, ...cuts, lines.length];
  let walk: ChainWalk | null = null;
  for (let index = 0; index + 1 < bounds.length; index++) {
    const from = bounds[index] ?? 0;
    const to = bounds[index + 1] ?? 0;
    const last = index + 2 === bounds.length;
    const text = lines.slice(from, to).map((line) => `${line}\n`).join('') + (last ? tail : '');
    // Each slice its own judge, as each thread has its own. A slice ends the file when only empty slices follow.
    const slice = walkChain(text, { judge: createFastLineJudge(sha256), firstLine: from + 1, start: index === 0 ? GENESIS_STATE : UNKNOWN_STATE, atEndOfFile: last || (to === lines.length && tail === ''), wanted });
    walk = walk === null ? slice : joinWalks(walk, slice);
  }
  if (walk === null) throw new Error('no slice');
  return concludeVerification(walk, heads);
}

/** Deletions, duplicates, swaps, torn lines, junk lines, lines re-hashed whole, one-character edits. */
const TAMPERING: readonly LineTampering[] = [
  deleteLine,
  duplicateLine,
  swapWithNext,
  truncateLine,
  (lines, at) => void lines.splice(at, 0, '{"seq":"x","hash":1}', 'garbage'),
  (lines, at, raw) => {
    lines[at] = raw.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${sha256(raw)}"`);
  },
  (lines, at, raw, next) => {
    lines[at] = editOneCharacter(raw, next);
  },
];

describe('a journal walked in slices == walked whole', () => {
  const base = storyLines();
  const heads: ExpectedHead[] = [
    { seq: 3, hash: (JSON.parse(base[2] ?? '{}') as { hash: string }).hash },
    { seq: 5, hash: 'f'.repeat(64) },
    { seq: base.length + 4, hash: 'e'.repeat(64) },
  ];

  it('split after every line of an intact journal, with and without recorded heads', () => {
    const whole = verifyJournalText(base.map((line) => `${line}\n`).join(''), { sha256, expectedHeads: heads });
    expect(whole.problems.map((problem) => problem.kind)).toEqual(['head-mismatch', 'head-missing']);
    for (let cut = 0; cut <= base.length; cut++) expect(inSlices(base, [cut], '', heads)).toEqual(whole);
  });

  it('on 150 tampered journals, split after every line and in three slices', () => {
    const next = seededRandom(10);
    for (let round = 0; round < 150; round++) {
      const lines = tamperLines(base, next, TAMPERING);
      const tail = ['', '{"seq":99,"at":"2026', 'not json\n'][Math.floor(next() * 3)] ?? '';
      const text = lines.map((line) => `${line}\n`).join('') + tail;
      const asked = round % 2 === 0 ? heads : [];
      const whole = verifyJournalText(text, { sha256, expectedHeads: asked });
      for (let cut = 0; cut <= lines.length; cut++) expect(inSlices(lines, [cut], tail, asked)).toEqual(whole);
      const first = Math.floor(next() * lines.length);
      const second = first + Math.floor(next() * (lines.length - first + 1));
      expect(inSlices(lines, [first, second], tail, asked)).toEqual(whole);
    }
  });

  it('a middle slice of garbage only (no event) passes the state through to the next', () => {
    const lines = [...base.slice(0, 4), 'garbage', '{"seq":4,"hash":"' + 'a'.repeat(64) + '","type":"nope"}', ...base.slice(4)];
    const text = lines.map((line) => `${line}\n`).join('');
    const whole = verifyJournalText(text, { sha256 });
    expect(whole.problems.map((problem) => problem.kind)).toEqual(['not-json', 'not-an-event', 'broken-link']);
    expect(inSlices(lines, [4, 6], '', [])).toEqual(whole);
    expect(inSlices(lines, [4, 5], '', [])).toEqual(whole);
    expect(inSlices(lines, [5, 6], '', [])).toEqual(whole);
  });
});
