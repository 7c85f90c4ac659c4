/**
 * The compiled schema encoder must give exactly zod's verdict and the generic canonical
 * encoding: for every event type's `data`, on a valid sample, on every edit of every value in
 * it (boundary lengths in UTF-16 units and in code points, trims, number edges, wrong types),
 * on missing and extra keys, and on thousands of random one-character edits of the JSON text
 * — both with and without the caller's "no string needs escaping" promise, exactly where the
 * fast judge makes it. A schema with parts it does not compile is handed to zod.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fastCanonicalJson } from '../../../../shared/audit/fast-canonical';
import { compileSchemaEncoder } from '../../../../shared/audit/schema-encoder';
import { EVENT_DATA, RELEASE_EVENT_TYPES, type EventOf, type ReleaseEventType } from '../../../../shared/releases/release-events';
import { seededRandom } from '../../../fixtures/seeded-random';

const SHA = 'a'.repeat(40);

const SAMPLES: { readonly [T in ReleaseEventType]: EventOf<T>['data'] } = {
  planned: {
    branch: 'feature/x',
    sha: SHA,
    mainBranch: 'master',
    coordinator: 'alice@welkin.example',
    onCall: 'dave',
    engineers: ['erin', 'frank'],
    pullRequest: { number: 7, url: 'https://x.example/7', title: 'Fix "it" 🚀' },
    readiness: {
      reviewDecision: 'APPROVED',
      reviews: [{ reviewer: 'bob', state: 'APPROVED', at: '2026-11-20T14:00:00Z' }],
      ci: { provider: 'github-checks', sha: SHA, checks: [{ name: 'test', state: 'success', url: null }] },
      ciUnavailable: 'no',
      localTests: { sha: SHA, outcome: 'passed', at: '2026-11-20T14:00:00Z', durationMs: 1.5, by: 'erin' },
      signOff: { sha: SHA, by: 'erin', at: '2026-11-20T14:00:00Z', items: ['login works'] },
      summary: 'eligible for release',
    },
    firstCommitAt: '2026-11-18T08:30:00.000Z',
  },
  'engineers-changed': { engineers: ['erin'] },
  'step-started': { step: 'stage1', attempt: 1, command: './deploy.sh', logFile: 'logs/r1.log' },
  'step-finished': {
    step: 'switchover',
    attempt: 2,
    outcome: 'succeeded',
    exitCode: 0,
    durationMs: 1500,
    message: 'ok',
    facts: { previewUrl: 'https://p.example', previewAnswered: true, productionVersion: null, previousSha: SHA, healthy: true, mergeCommit: SHA, mergeMethod: 'git', pullRequest: 3, probes: ['web: 200'] },
  },
  'signed-off': { engineer: 'erin', note: 'looks good' },
  override: { action: 'merge', refusal: 'not healthy yet', reason: 'the on-call says so' },
  'inconclusive-resolved': { step: 'switchover', attempt: 1, observedVersion: SHA, resolution: 'succeeded', note: 'checked' },
  verdict: { verdict: 'healthy', note: 'fine', watchRemainingMs: 60_000 },
  'watch-summary': { samplesFile: 'samples/r1.jsonl', probes: [{ probe: 'web', samples: 10, uptime: 0.9, latencyP50Ms: 12.5, latencyP95Ms: 40, alerts: 1, firstAt: 1, lastAt: 2 }] },
  merged: { method: 'pull-request', mergeCommit: SHA, pullRequest: 9 },
  'release-notes': { commits: [{ sha: SHA, subject: 'emoji 🚀 and \n newline', author: 'Zoë', pullRequest: { number: 2, title: 't' }, committedAt: '2026-11-20T14:00:00.000Z' }] },
  aborted: { reason: 'preview broken' },
  'rolled-back': { fromSha: null, toSha: SHA, healthy: false, message: 'back' },
  'lock-taken': { reason: 'rebuild' },
  'lock-released': { reason: 'rebuilt' },
  'audit-acknowledged': { reason: 'restored from backup', firstBadSeq: null, firstBadLine: 3, problems: 1, head: 'c'.repeat(64) },
};

const LENGTHS = [0, 1, 2, 3, 4, 5, 6, 39, 40, 41, 50, 51, 63, 64, 65, 99, 100, 101, 199, 200, 201, 255, 256, 499, 500, 501, 999, 1000, 1001, 1999, 2000, 2001, 2048, 2049, 3999, 4000, 4001];
const REPLACEMENTS: readonly unknown[] = [
  ...LENGTHS.map((length) => 'x'.repeat(length)),
  // Code points vs UTF-16 units: zod 4 counts code points.
  ...LENGTHS.flatMap((length) => ['🚀'.repeat(length), `${'🚀'.repeat(Math.floor(length / 2))}${'x'.repeat(length % 2)}`, `${'x'.repeat(Math.max(0, length - 1))}\ud800`]),
  '   ',
  '  ab  ',
  ' abc ',
  '\t\nab\u00a0',
  'r1',
  'r01',
  'A'.repeat(40),
  'g'.repeat(40),
  '2026-11-20T14:00:00.000Z',
  '2026-02-29T14:00:00.000Z',
  '2026-11-20T14:00:00Z',
  'APPROVED',
  'success',
  'pull-request',
  'git',
  'stage1',
  'healthy',
  'merge',
  'quote " and \\ backslash',
  0,
  -0,
  -1,
  1,
  1.5,
  0.5,
  2 ** 53,
  2 ** 53 - 1,
  -(2 ** 53),
  1e308,
  -1e-7,
  1e21,
  true,
  false,
  null,
  [],
  {},
  ['erin'],
  Array.from({ length: 51 }, () => 'erin'),
  { engineer: 'x' },
];

/** What zod and the generic encoder say together: the reference the compiled encoder must match. */
function reference(schema: z.ZodType, value: unknown): string | null {
  return schema.safeParse(value).success ? fastCanonicalJson(value) : null;
}

/** The promise the fast judge makes: the JSON text has no backslash and no lone surrogate. */
function plainText(text: string): boolean {
  return !text.includes('\\') && !/\p{Surrogate}/u.test(text);
}

function expectSameAsZod(schema: z.ZodType, value: unknown): void {
  const encode = compileSchemaEncoder(schema);
  const expected = reference(schema, value);
  const text = JSON.stringify(value);
  expect(encode(value, false), text).toBe(expected);
  if (plainText(text)) expect(encode(value, true), text).toBe(expected);
}

/** Every value in a JSON value, each with a function that returns a copy with it replaced (or, for members, removed). */
function edits(value: unknown): Array<(replacement: unknown) => unknown> {
  const found: Array<(replacement: unknown) => unknown> = [];
  const visit = (node: unknown, rebuild: (replacement: unknown) => unknown): void => {
    found.push(rebuild);
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, (replacement) => rebuild(node.map((other, at) => (at === index ? replacement : other)))));
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) visit(item, (replacement) => rebuild({ ...node, [key]: replacement }));
    }
  };
  visit(value, (replacement) => replacement);
  return found;
}

function members(value: unknown): Array<{ readonly without: unknown; readonly withExtra: unknown }> {
  const found: Array<{ without: unknown; withExtra: unknown }> = [];
  const visit = (node: unknown, rebuild: (replacement: unknown) => unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, (replacement) => rebuild(node.map((other, at) => (at === index ? replacement : other)))));
    } else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      found.push({ without: null, withExtra: rebuild({ ...record, extra: 1 }) });
      for (const key of Object.keys(record)) {
        const { [key]: _removed, ...rest } = record;
        found.push({ without: rebuild(rest), withExtra: rebuild(JSON.parse(`{"__proto__":1,${JSON.stringify(record).slice(1)}`)) });
        visit(record[key], (replacement) => rebuild({ ...record, [key]: replacement }));
      }
    }
  };
  visit(value, (replacement) => replacement);
  return found;
}

describe('the compiled schema encoder gives zod\'s verdict and the canonical encoding', () => {
  it('accepts the valid sample of every event type and encodes it canonically', () => {
    for (const type of RELEASE_EVENT_TYPES) {
      const sample = SAMPLES[type];
      expect(EVENT_DATA[type].safeParse(sample).success, type).toBe(true);
      expect(compileSchemaEncoder(EVENT_DATA[type])(sample, false), type).toBe(fastCanonicalJson(sample));
    }
  });

  it('on every value of every sample replaced by boundary strings, numbers and wrong types', () => {
    for (const type of RELEASE_EVENT_TYPES) {
      for (const rebuild of edits(SAMPLES[type])) {
        for (const replacement of REPLACEMENTS) expectSameAsZod(EVENT_DATA[type], rebuild(replacement));
      }
    }
  });

  it('on every key removed, an extra key added and an own "__proto__" key', () => {
    for (const type of RELEASE_EVENT_TYPES) {
      for (const { without, withExtra } of members(SAMPLES[type])) {
        if (without !== null) expectSameAsZod(EVENT_DATA[type], without);
        expectSameAsZod(EVENT_DATA[type], withExtra);
      }
    }
  });

  it('on 6,000 random one-character edits of the JSON text, with the plain promise where the text allows it', () => {
    const next = seededRandom(42);
    const alphabet = ['"', '\\', ',', ':', '{', '}', '[', ']', '0', '9', '-', '.', 'e', 'a', 'z', ' ', '🚀', '\ud800', 'n', 'null', 'true', 'x'];
    let parsed = 0;
    for (let round = 0; round < 6_000; round++) {
      const type = RELEASE_EVENT_TYPES[Math.floor(next() * RELEASE_EVENT_TYPES.length)] as ReleaseEventType;
      const text = JSON.stringify(SAMPLES[type]);
      const at = Math.floor(next() * text.length);
      const what = next();
      const char = alphabet[Math.floor(next() * alphabet.length)] ?? '';
      const mutated = what < 0.34 ? text.slice(0, at) + text.slice(at + 1) : what < 0.67 ? text.slice(0, at) + char + text.slice(at) : text.slice(0, at) + char + text.slice(at + 1);
      let value: unknown;
      try {
        value = JSON.parse(mutated);
      } catch {
        continue;
      }
      parsed++;
      const encode = compileSchemaEncoder(EVENT_DATA[type]);
      const expected = reference(EVENT_DATA[type], value);
      expect(encode(value, false), mutated).toBe(expected);
      if (plainText(mutated)) expect(encode(value, true), mutated).toBe(expected);
    }
    expect(parsed).toBeGreaterThan(1_000);
  });

  it('hands a schema with parts it does not compile to zod (and still encodes canonically)', () => {
    const schema = z.strictObject({
      mail: z.email(),
      choice: z.union([z.string(), z.number()]),
      loose: z.object({ a: z.string() }),
      defaulted: z.string().default('x'),
      counted: z.number().multipleOf(5),
      tuple: z.tuple([z.string()]),
    });
    const valid = { mail: 'a@b.example', choice: 1, loose: { a: 'x', b: 2 }, defaulted: 'y', counted: 10, tuple: ['t'] };
    expect(compileSchemaEncoder(schema)(valid, false)).toBe(fastCanonicalJson(valid));
    for (const rebuild of edits(valid)) for (const replacement of REPLACEMENTS) expectSameAsZod(schema, rebuild(replacement));
  });
});
