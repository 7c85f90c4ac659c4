import { describe, expect, it } from 'vitest';
import { planRollback, type StepLiveness } from '../../../../../electron/services/rollback/rollback-plan';
import { CAST, PEOPLE, PREVIOUS_SHA, RELEASE_SHA, releaseStory } from '../../../../fixtures/release-events';

const dead: StepLiveness = () => 'dead';
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

function plan(story: ReturnType<typeof releaseStory>, options: { actor?: string | null; toSha?: string; reason?: string; liveness?: StepLiveness } = {}) {
  return planRollback({
    events: story.events,
    environment: 'production',
    people: PEOPLE,
    actor: options.actor === undefined ? CAST.onCall : options.actor,
    liveness: options.liveness ?? dead,
    ...(options.toSha === undefined ? {} : { toSha: options.toSha }),
    ...(options.reason === undefined ? {} : { reason: options.reason }),
  });
}

/** A release of `sha` (previous production PREVIOUS_SHA per its preflight) that went live. */
function released(story: ReturnType<typeof releaseStory>, sha: string) {
  story.plan({ sha }).stage1().signOffAll().preflight();
  return story.startStep('switchover', CAST.onCall).finishStep('switchover', 'succeeded', { productionVersion: sha, healthy: true }, CAST.onCall);
}

describe('planRollback', () => {
  it('during a release: its recorded PREVIOUS_SHA, the release rolled back is that release', () => {
    const story = releaseStory().plan().stage1().signOffAll().preflight().switchover();
    expect(plan(story)).toMatchObject({ refusal: null, override: null, releaseId: 'r1', fromSha: RELEASE_SHA, target: { sha: PREVIOUS_SHA }, attempt: 1 });
  });

  it('after releases: the version before the current one in the live history, skipping a release that was rolled back', () => {
    const story = releaseStory();
    released(story, B).verdict('healthy').merge();
    released(story, RELEASE_SHA).rollback().unlock();
    // Live: B (r1) -> RELEASE_SHA (rolled back to PREVIOUS_SHA, the fixture's target) ; then C goes live.
    released(story, C).verdict('healthy').merge();
    const decided = plan(story);
    expect(decided.fromSha).toBe(C);
    // PREVIOUS_SHA was live by the rollback; the rolled-back RELEASE_SHA is skipped.
    expect(decided.target?.sha).toBe(PREVIOUS_SHA);
    expect(decided.refusal).toBeNull();
  });

  it('--to: a prefix of a version live before; an unknown short SHA is refused; an unknown full SHA needs a reason', () => {
    const story = releaseStory();
    released(story, B).verdict('healthy').merge();
    released(story, C).verdict('healthy').merge();
    expect(plan(story, { toSha: B.slice(0, 8) }).target?.sha).toBe(B);
    expect(plan(story, { toSha: 'abcdef1' }).refusal?.reason).toMatch(/^abcdef1 was never live in production according to the journal: give the full 40-character SHA/);
    const unknown = 'd'.repeat(40);
    expect(plan(story, { toSha: unknown }).refusal).toMatchObject({ overridable: true });
    expect(plan(story, { toSha: unknown, reason: 'hotfix build' })).toMatchObject({ refusal: null, override: { reason: 'hotfix build' } });
  });

  it('roles: someone not on call or coordinating needs a reason; nobody known is refused outright', () => {
    const story = releaseStory().plan().stage1().signOffAll().preflight().switchover();
    expect(plan(story, { actor: CAST.stranger }).refusal).toMatchObject({ overridable: true, reason: expect.stringContaining('mallory is neither in release-desk.yml') });
    expect(plan(story, { actor: CAST.stranger, reason: 'on-call unreachable' }).override).not.toBeNull();
    expect(plan(story, { actor: CAST.coordinator }).refusal).toBeNull();
    expect(plan(story, { actor: null }).refusal).toMatchObject({ overridable: false });
  });

  it('one at a time: a running rollback refuses; a dead one (inconclusive) does not; a switchover running here is aborted', () => {
    const story = releaseStory().plan().stage1().signOffAll().preflight().switchover().startStep('rollback', CAST.onCall);
    expect(plan(story, { liveness: () => 'running-elsewhere' }).refusal?.reason).toMatch(/^dave is rolling production back since 14:\d\d UTC in another Release Desk window or CLI/);
    expect(plan(story).refusal).toBeNull();
    const switching = releaseStory().plan().stage1().signOffAll().preflight().startStep('switchover', CAST.onCall);
    expect(plan(switching, { liveness: () => 'running-here' })).toMatchObject({ refusal: null, abortsSwitchover: { step: 'switchover' }, target: { sha: PREVIOUS_SHA } });
  });

  it('nothing to roll back: an empty journal, or the target already live', () => {
    expect(plan(releaseStory()).refusal?.reason).toMatch(/^The journal records no version of production yet/);
    const story = releaseStory().plan().stage1().signOffAll().preflight().switchover().rollback();
    expect(plan(story).refusal?.reason).toMatch(/already runs 9e0d7c1|records no version of production before 9e0d7c1/);
  });
});
