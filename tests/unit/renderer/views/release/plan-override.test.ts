/** Override… is offered on a refused plan only when the refusal may be overridden. */
import { describe, expect, it } from 'vitest';
import type { ReleasesOverview } from '../../../../../shared/releases/release-ipc';

const planOverrideModule = '../../../../../renderer/views/release/plan-override';
const { planOverridable } = (await import(/* @vite-ignore */ planOverrideModule)) as { planOverridable: (overview: ReleasesOverview, environment: string) => boolean };

const overview = (entry: { planRefusal: string | null; planRefusalOverridable?: boolean }): ReleasesOverview => ({
  viewer: { id: 'dave@example.com', source: 'git-config', roles: [] },
  environments: [{ name: 'production', state: { environment: 'production', activeReleaseId: null, lock: null, liveHistory: [] }, active: null, ...entry }],
});

describe('planOverridable', () => {
  it('is false when the rules refuse for good (an active release, a lock)', () => {
    expect(planOverridable(overview({ planRefusal: 'production already has release r1: finish or abort it first', planRefusalOverridable: false }), 'production')).toBe(false);
  });
  it('is true for a role refusal a reason may override', () => {
    expect(planOverridable(overview({ planRefusal: 'Only a coordinator may plan a release', planRefusalOverridable: true }), 'production')).toBe(true);
  });
  it('is true when the rules do not refuse (the service refused: eligibility, a Deployment) or the host does not say', () => {
    expect(planOverridable(overview({ planRefusal: null }), 'production')).toBe(true);
    expect(planOverridable(overview({ planRefusal: 'refused' }), 'production')).toBe(true);
    expect(planOverridable(overview({ planRefusal: null }), 'staging')).toBe(true);
  });
});
