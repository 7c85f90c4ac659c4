/**
 * The hand check the rollback CLI uses instead of zod agrees with the schemas: the intent
 * draft is accepted and refused exactly as its schema does, every story event reads back as
 * written, and the list of event types is the schema's.
 */
import { describe, expect, it } from 'vitest';
import { checkIntentDraft, checkStructure } from '../../../../../electron/services/journal/journal-fast-check';
import { validateDraft } from '../../../../../electron/services/journal/journal-schema-check';
import { EVENT_TYPE_NAMES, GENESIS_HASH } from '../../../../../shared/releases/release-constants';
import { EVENT_DATA, type EventDraft } from '../../../../../shared/releases/release-events';
import { releaseStory } from '../../../../fixtures/release-events';

const intent = {
  at: '2026-11-29T10:00:00.000Z',
  actor: 'dave',
  type: 'step-started',
  releaseId: 'r12',
  environment: 'production',
  data: { step: 'rollback', attempt: 1, command: './rollback.sh', logFile: 'releases/r12/rollback-1.log' },
  seq: 40,
  prev: GENESIS_HASH,
  hash: GENESIS_HASH,
};

const variants: Record<string, unknown>[] = [
  intent,
  { ...intent, releaseId: null },
  { ...intent, releaseId: 'r0' },
  { ...intent, releaseId: 'R12' },
  { ...intent, at: '2026-11-29T10:00:00Z' },
  { ...intent, at: '2026-11-29T10:00:00.000+01:00' },
  { ...intent, at: 'yesterday' },
  { ...intent, actor: '' },
  { ...intent, actor: 'x'.repeat(200) },
  { ...intent, actor: 'x'.repeat(201) },
  { ...intent, environment: 'Production' },
  { ...intent, environment: 'p'.repeat(40) },
  { ...intent, environment: 'p'.repeat(41) },
  { ...intent, extra: 1 },
  { ...intent, data: { ...intent.data, step: 'deploy' } },
  { ...intent, data: { ...intent.data, attempt: 0 } },
  { ...intent, data: { ...intent.data, attempt: 1.5 } },
  { ...intent, data: { ...intent.data, attempt: '1' } },
  { ...intent, data: { ...intent.data, command: 'c'.repeat(4000) } },
  { ...intent, data: { ...intent.data, command: 'c'.repeat(4001) } },
  { ...intent, data: { ...intent.data, logFile: 'l'.repeat(1001) } },
  { ...intent, data: { ...intent.data, logFile: undefined } },
  { ...intent, data: { ...intent.data, note: 'more' } },
  { ...intent, data: null },
];

describe('the rollback CLI\'s hand check of the journal', () => {
  it('accepts and refuses a step-started intent exactly as its schema does, and writes the same event', () => {
    for (const variant of variants) {
      const candidate = variant as unknown as EventDraft & { seq: number; prev: string; hash: string };
      const byHand = checkIntentDraft(candidate);
      const bySchema = validateDraft(candidate);
      expect(byHand?.ok, JSON.stringify(variant).slice(0, 200)).toBe(bySchema.ok);
      if (byHand?.ok === true && bySchema.ok) expect(byHand.event).toEqual(bySchema.event);
    }
  });

  it('leaves every other event type to the schema', () => {
    expect(checkIntentDraft({ ...intent, type: 'lock-taken', data: { reason: '  x  ' } } as unknown as EventDraft & { seq: number; prev: string; hash: string })).toBeNull();
  });

  it('reads every event of a whole release story as written, and refuses a broken envelope with where', () => {
    const story = releaseStory().plan().stage1().signOffAll().preflight().switchover().rollback().unlock();
    for (const event of story.events) expect(checkStructure(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, event });
    const first = JSON.parse(JSON.stringify(story.events[0])) as Record<string, unknown>;
    expect(checkStructure({ ...first, hash: 'nope' })).toEqual({ ok: false, problem: 'hash: must be a SHA-256 in hex' });
    expect(checkStructure({ ...first, type: 'exploded' })).toEqual({ ok: false, problem: 'type: "exploded" is not a journal event type' });
    expect(checkStructure({ ...first, data: { ...(first.data as object), sha: 'abc' } })).toEqual({ ok: false, problem: 'data.sha: must be a full 40-character commit SHA' });
  });

  it('knows the same event types as the schemas', () => {
    expect([...EVENT_TYPE_NAMES].sort()).toEqual(Object.keys(EVENT_DATA).sort());
  });
});
