import type { ReleasesOverview } from '../../../shared/releases/release-ipc';

/**
 * Whether a refused plan in `environment` may be overridden with a written reason. Only the
 * rules' own refusal can say no (an active release, a lock); the service's other refusals
 * (a branch no longer eligible, someone else's GitHub Deployment) are overridable.
 */
export function planOverridable(overview: ReleasesOverview, environment: string): boolean {
  const entry = overview.environments.find((candidate) => candidate.name === environment);
  if (entry === undefined || entry.planRefusal === null) return true;
  return entry.planRefusalOverridable !== false;
}
