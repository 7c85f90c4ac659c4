import { describe, expect, it } from 'vitest';
import { canonicalEncoding } from '../../../../shared/releases/canonical-encoding';
import { GENESIS_HASH, JournalEventSchema } from '../../../../shared/releases/release-events';

const planned = {
  seq: 1,
  at: '2026-11-20T10:00:00.000Z',
  actor: 'alice@welkin.example',
  type: 'planned',
  releaseId: 'r1',
  environment: 'production',
  data: {
    branch: 'feature/ready',
    sha: 'a'.repeat(40),
    mainBranch: 'master',
    coordinator: 'alice@welkin.example',
    onCall: 'bob@welkin.example',
    engineers: ['carol@welkin.example'],
  },
  prev: GENESIS_HASH,
  hash: 'b'.repeat(64),
};

describe('journal events', () => {
  it('parses a planned event', () => {
    expect(JournalEventSchema.parse(planned)).toEqual(planned);
  });

  it('refuses unknown types, unknown fields and a short SHA', () => {
    expect(JournalEventSchema.safeParse({ ...planned, type: 'deployed' }).success).toBe(false);
    expect(JournalEventSchema.safeParse({ ...planned, extra: 1 }).success).toBe(false);
    expect(JournalEventSchema.safeParse({ ...planned, data: { ...planned.data, sha: 'abc1234' } }).success).toBe(false);
  });

  it('a verdict may say how much of the watch window was left; journals written before that still parse', () => {
    const verdict = { ...planned, seq: 2, type: 'verdict', data: { verdict: 'healthy' } };
    expect(JournalEventSchema.parse(verdict)).toEqual(verdict);
    const early = { ...verdict, data: { verdict: 'healthy', watchRemainingMs: 720_000 } };
    expect(JournalEventSchema.parse(early)).toEqual(early);
    expect(JournalEventSchema.safeParse({ ...verdict, data: { verdict: 'healthy', watchRemainingMs: -5 } }).success).toBe(false);
    expect(JournalEventSchema.safeParse({ ...verdict, data: { verdict: 'healthy', watchRemainingMs: 1.5 } }).success).toBe(false);
  });

  it('refuses an override without a written reason', () => {
    const override = { ...planned, seq: 2, type: 'override', data: { action: 'switchover', refusal: 'not on call', reason: '  ' } };
    expect(JournalEventSchema.safeParse(override).success).toBe(false);
  });
});

describe('canonicalEncoding', () => {
  it('is the same whatever order the keys were built in, and leaves out the hash', () => {
    const reordered = Object.fromEntries(Object.entries(planned).reverse());
    expect(canonicalEncoding(reordered)).toBe(canonicalEncoding(planned));
    expect(canonicalEncoding(planned)).not.toContain('"hash"');
    expect(canonicalEncoding({ b: [2, { d: 1, c: 'x' }], a: null })).toBe('{"a":null,"b":[2,{"c":"x","d":1}]}');
  });
});
