/**
 * Verify against a real journal: a release story appended through openReleaseJournal (the
 * same writer as the app), then tampered with on disk in every way the issue names. Each
 * mutation must be caught, and the first problem must name the right line and seq.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalEncoding } from '../../shared/releases/canonical-encoding';
import { GENESIS_HASH } from '../../shared/releases/release-events';
import { verifyJournalText } from '../../shared/audit/verify-journal';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { sha256Hex, verifyJournalFile } from '../../electron/services/audit/verify-journal-file';
import { releaseStory } from '../fixtures/release-events';

let dir: string;
let file: string;
/** The journal as the writer left it: whole lines, each with its newline. */
let lines: string[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'audit-verify-'));
  file = journalFileFor(path.join(dir, 'workspace'));
  const story = releaseStory().plan().stage1().signOffAll().preflight().switchover().verdict('healthy').merge();
  story.releaseId = 'r1';
  story.plan({ branch: 'feature/y' }).abort();
  story.releaseId = 'r1';
  story.add('lock-taken', { reason: 'staging is being rebuilt' }, { releaseId: null, environment: 'staging' });
  const journal = openReleaseJournal({ file });
  for (const draft of story.drafts) {
    const result = await journal.append(() => draft);
    expect(result.kind).toBe('appended');
  }
  lines = readFileSync(file, 'utf8').split('\n').slice(0, -1);
  expect(lines.length).toBeGreaterThanOrEqual(15);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const verify = (text: string, expectedHead?: { seq: number; hash: string }) =>
  verifyJournalText(text, { sha256: sha256Hex, ...(expectedHead === undefined ? {} : { expectedHead }) });
const join = (list: readonly string[]) => list.map((line) => `${line}\n`).join('');
const parse = (line: string) => JSON.parse(line) as Record<string, unknown>;
const firstOf = (text: string) => {
  const result = verify(text);
  expect(result.ok).toBe(false);
  return result.problems[0];
};
/** Seals an event as the journal does: hash over the canonical encoding without `hash`. */
const seal = (event: Record<string, unknown>) => JSON.stringify({ ...event, hash: sha256Hex(canonicalEncoding(event)) });

describe('an intact journal', () => {
  it('verifies, with its entry count and head', async () => {
    const result = await verifyJournalFile(file);
    expect(result).toMatchObject({ ok: true, entries: lines.length, problems: [], file, quarantineFiles: [] });
    const last = parse(lines.at(-1) ?? '');
    expect(result.head).toEqual({ seq: lines.length, hash: last.hash });
    expect(result.environments.get('staging')).toBe(1);
  });

  it('is empty and ok when the file does not exist', async () => {
    const result = await verifyJournalFile(path.join(dir, 'absent', 'releases.jsonl'));
    expect(result).toMatchObject({ ok: true, entries: 0, head: null, problems: [] });
  });
});

describe('edits: every top-level key and a data field', () => {
  const target = 4; // line 4 = seq 4, erin's sign-off
  const edits: Record<string, (event: Record<string, unknown>) => void> = {
    seq: (event) => (event.seq = 60),
    at: (event) => (event.at = '2026-11-20T13:00:00.000Z'),
    actor: (event) => (event.actor = 'mallory'),
    type: (event) => (event.type = 'verdict'),
    releaseId: (event) => (event.releaseId = 'r9'),
    environment: (event) => (event.environment = 'staging'),
    data: (event) => (event.data = {}),
    'data field': (event) => ((event.data as Record<string, unknown>).engineer = 'mallory'),
    prev: (event) => (event.prev = GENESIS_HASH),
    hash: (event) => (event.hash = 'f'.repeat(64)),
  };
  it.each(Object.keys(edits))('an edited %s is caught at its line and seq', (key) => {
    const event = parse(lines[target - 1] ?? '');
    expect(event.type).toBe('signed-off');
    edits[key]?.(event);
    const mutated = lines.slice();
    mutated[target - 1] = JSON.stringify(event);
    const problem = firstOf(join(mutated));
    expect(problem).toMatchObject({ line: target, seq: event.seq });
    expect(problem?.message).toContain(`line ${target}`);
  });

  it('a data edit is a hash mismatch and only that line is named', () => {
    const event = parse(lines[target - 1] ?? '');
    (event.data as Record<string, unknown>).note = 'looked fine to me';
    const mutated = lines.slice();
    mutated[target - 1] = JSON.stringify(event);
    const result = verify(join(mutated));
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'hash-mismatch', line: target, seq: target })]);
  });
});

describe('structural tampering', () => {
  it('a deleted line: the next entry is named (seq gap)', () => {
    const mutated = lines.filter((_, index) => index !== 4);
    expect(firstOf(join(mutated))).toMatchObject({ kind: 'out-of-sequence', line: 5, seq: 6 });
  });

  it('a deleted last line is invisible to the chain and caught against the recorded head', () => {
    const last = parse(lines.at(-1) ?? '');
    const mutated = lines.slice(0, -1);
    expect(verify(join(mutated)).ok).toBe(true);
    const result = verify(join(mutated), { seq: last.seq as number, hash: last.hash as string });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ kind: 'head-missing', seq: last.seq, line: lines.length });
  });

  it('an inserted forged line (copied, edited, not re-hashed) is named', () => {
    const forged = parse(lines[2] ?? '');
    forged.actor = 'mallory';
    const mutated = [...lines.slice(0, 3), JSON.stringify(forged), ...lines.slice(3)];
    expect(firstOf(join(mutated))).toMatchObject({ line: 4, seq: 3 });
  });

  it('an inserted forged line with a correct hash and prev breaks the chain at the next line', () => {
    const before = parse(lines[2] ?? '');
    const forged = seal({ ...before, seq: 4, prev: before.hash, hash: undefined, actor: 'mallory', type: 'signed-off', data: { engineer: 'mallory' } });
    const mutated = [...lines.slice(0, 3), forged, ...lines.slice(3)];
    const result = verify(join(mutated));
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ kind: 'out-of-sequence', line: 5, seq: 4 });
  });

  it('two swapped lines: the first of them is named', () => {
    const mutated = lines.slice();
    [mutated[6], mutated[7]] = [mutated[7] ?? '', mutated[6] ?? ''];
    expect(firstOf(join(mutated))).toMatchObject({ kind: 'out-of-sequence', line: 7, seq: 8 });
  });

  it('a duplicated line: the copy is named', () => {
    const mutated = [...lines.slice(0, 5), lines[4] ?? '', ...lines.slice(5)];
    expect(firstOf(join(mutated))).toMatchObject({ kind: 'out-of-sequence', line: 6, seq: 5 });
  });

  it('a line truncated in the middle of the file: not JSON, named by line', () => {
    const mutated = lines.slice();
    mutated[8] = (mutated[8] ?? '').slice(0, 40);
    expect(firstOf(join(mutated))).toMatchObject({ kind: 'not-json', line: 9, seq: null });
  });

  it('the file cut in the middle (everything after a point lost, last line torn): a torn line, caught as truncation against the head', () => {
    const text = join(lines);
    const cut = text.slice(0, text.indexOf(lines[9] ?? '') + 30);
    const plain = verify(cut);
    expect(plain).toMatchObject({ ok: true, entries: 9 });
    expect(plain.problems).toEqual([expect.objectContaining({ kind: 'torn-last-line', line: 10 })]);
    const last = parse(lines.at(-1) ?? '');
    const result = verify(cut, { seq: last.seq as number, hash: last.hash as string });
    expect(result.ok).toBe(false);
    expect(result.problems.find((problem) => problem.kind === 'head-missing')).toMatchObject({ seq: last.seq });
  });

  it('a schema violation that is JSON and correctly hashed is named', () => {
    const event = parse(lines[3] ?? '');
    const mutated = lines.slice();
    mutated[3] = seal({ ...event, hash: undefined, data: { ...(event.data as object), extra: 'x' } });
    expect(firstOf(join(mutated))).toMatchObject({ kind: 'not-an-event', line: 4, seq: 4 });
  });

  it('a forged tail re-chained from an edit passes the chain and is caught only against the recorded head', () => {
    const head = parse(lines.at(-1) ?? '');
    const mutated = lines.slice(0, 9);
    let prev = parse(mutated[8] ?? '').hash;
    for (const [index, original] of lines.slice(9).entries()) {
      const event = parse(original);
      if (index === 0) event.actor = 'mallory';
      const sealed = seal({ ...event, prev, hash: undefined });
      prev = parse(sealed).hash;
      mutated.push(sealed);
    }
    expect(verify(join(mutated))).toMatchObject({ ok: true, problems: [] });
    const result = verify(join(mutated), { seq: head.seq as number, hash: head.hash as string });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'head-mismatch', seq: head.seq, line: lines.length })]);
    // The same head on the untouched journal passes.
    expect(verify(join(lines), { seq: head.seq as number, hash: head.hash as string }).ok).toBe(true);
  });
});

describe('a torn last line is not tampering', () => {
  it('no newline at the end: ok, reported as a torn last line', () => {
    const text = `${join(lines)}{"seq":${lines.length + 1},"at":"2026`;
    const result = verify(text);
    expect(result).toMatchObject({ ok: true, entries: lines.length });
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'torn-last-line', line: lines.length + 1 })]);
  });

  it('an unparsable last whole line: ok, reported as torn', () => {
    const result = verify(`${join(lines)}{"seq":\n`);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'torn-last-line', line: lines.length + 1 })]);
  });

  it('quarantine files next to the journal are counted and left in place', async () => {
    const aside = `${file}.quarantine-2026-11-20T14-00-00-000Z`;
    writeFileSync(aside, 'line 3 of releases.jsonl, torn\n{"seq"\n');
    try {
      const result = await verifyJournalFile(file);
      expect(result.quarantineFiles).toEqual([aside]);
      expect(readFileSync(aside, 'utf8')).toContain('torn');
    } finally {
      rmSync(aside);
    }
  });
});
