/**
 * The History view's audit calls: one release's timeline in words, the DORA delivery metrics,
 * and the main branch's policy conformance, all read from the open workspace's release journal
 * (and, for conformance, its clone and GitHub). Read-only: nothing here appends or changes.
 */
import { deliveryMetrics, parseSinceDate } from '../../../shared/audit/delivery-metrics';
import type { ConformanceView } from '../../../shared/audit/history-ipc';
import { releaseTimeline } from '../../../shared/audit/release-timeline';
import { DeskError } from '../../../shared/ipc/result';
import type { Handlers } from '../../ipc/dispatch';
import { createCommitPullsSource } from '../github/commit-pulls';
import { journalFileFor, openReleaseJournal } from '../journal/release-journal';
import type { WorkspaceSession } from '../workspace/workspace-session';
import { currentConfig } from '../workspace/current-config';
import { workspaceDataDir } from '../workspace/workspace-data';
import { checkMainConformance, ConformanceGitError } from './main-conformance';

type HistoryCallName = Extract<keyof Handlers, `history.${string}`>;
export type HistoryHandlers = Pick<Handlers, HistoryCallName>;

export interface HistoryDeps {
  /** Where the workspaces' data folders (and their journals) live. */
  readonly userDataDir: string;
  /** GitHub's API address now (Settings or the environment). */
  readonly githubUrl: () => string;
  /** The GitHub token bound to that address, or null; it never leaves the main process. */
  readonly githubToken: (sendTo: string) => Promise<string | null>;
  readonly now?: () => Date;
}

export function createHistoryHandlers(workspacePath: () => string | null, sessionFor?: (folder: string) => WorkspaceSession, deps?: HistoryDeps): HistoryHandlers {
  const open = async () => {
    if (deps === undefined || sessionFor === undefined) throw new DeskError('unavailable', 'The release history is not available in this host of Release Desk.');
    const { folder, config } = await currentConfig(workspacePath, sessionFor);
    const { events } = await openReleaseJournal({ file: journalFileFor(workspaceDataDir(deps.userDataDir, folder)) }).read();
    return { config, events, deps };
  };
  const since = (text: string | undefined): string | undefined => {
    if (text === undefined) return undefined;
    const parsed = parseSinceDate(text);
    // The contract checked the shape; this is a day that does not exist (2026-02-30).
    if (!parsed.ok) throw new DeskError('invalid-argument', 'A date of the period is not a real day: give a day as YYYY-MM-DD (UTC) or a time as 2026-11-01T09:00:00Z.');
    return parsed.iso;
  };

  return {
    'history.timeline': async (releaseId) => {
      const { events } = await open();
      if (!events.some((event) => event.type === 'planned' && event.releaseId === releaseId)) throw new DeskError('not-found', `The release journal has no release ${releaseId}.`);
      return { releaseId, entries: [...releaseTimeline(events, releaseId)] };
    },
    'history.metrics': async (request) => {
      const from = since(request.since);
      const to = since(request.until);
      const { config, events, deps: ready } = await open();
      const now = (ready.now?.() ?? new Date()).toISOString();
      if (request.environment !== undefined && !Object.hasOwn(config.environments, request.environment)) {
        throw new DeskError('invalid-argument', `${request.environment} is not an environment of release-desk.yml (it has: ${Object.keys(config.environments).join(', ')}).`);
      }
      const metrics = deliveryMetrics(events, {
        until: to !== undefined && to < now ? to : now,
        ...(from === undefined ? {} : { since: from }),
        ...(request.environment === undefined ? {} : { environment: request.environment }),
      });
      return { ...metrics, deploymentFrequency: { ...metrics.deploymentFrequency, byWeek: [...metrics.deploymentFrequency.byWeek] }, releases: [...metrics.releases] };
    },
    'history.conformance': async (request): Promise<ConformanceView> => {
      const from = since(request.since);
      const { config, events, deps: ready } = await open();
      const baseUrl = ready.githubUrl();
      const pulls = await createCommitPullsSource({ repository: config.repository.github, baseUrl, token: () => ready.githubToken(baseUrl) });
      const { path: repoPath, remote, mainBranch } = config.repository;
      try {
        const { report, notes } = await checkMainConformance({ repoPath, remote, mainBranch, events, since: from ?? null, pulls });
        return { report: { ...report, commits: [...report.commits] }, notes: [...notes] };
      } catch (error) {
        if (error instanceof ConformanceGitError) throw new DeskError('not-found', error.message);
        throw error;
      }
    },
  };
}
